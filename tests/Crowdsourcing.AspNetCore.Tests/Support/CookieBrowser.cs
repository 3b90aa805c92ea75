using System.Net;
using System.Text.RegularExpressions;

namespace Crowdsourcing.AspNetCore.Tests.Support;

/// <summary>
/// A browser without a browser, for the pages' access and antiforgery rules: it keeps cookies, does not follow
/// redirects, and posts forms with the antiforgery token of the last page it read (or without one, on request).
/// </summary>
public sealed partial class CookieBrowser : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _client;
    private readonly Uri _base;

    public CookieBrowser(ApiHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _base = host.Address ?? new Uri("http://localhost/");
        HttpMessageHandler handler = host.Address is null
            ? new CookieHandler(_cookies, _base) { InnerHandler = Microsoft.AspNetCore.TestHost.HostBuilderTestServerExtensions.GetTestServer(host.App).CreateHandler() }
            : new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false };
        _client = new HttpClient(handler) { BaseAddress = _base };
    }

    /// <summary>The HTML of the last page read.</summary>
    public string Html { get; private set; } = string.Empty;

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Html = await response.Content.ReadAsStringAsync();
        return response;
    }

    /// <summary>Posts a form; with <paramref name="token"/> the antiforgery token of the last page read is added.</summary>
    public async Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, bool token = true)
    {
        var all = fields.ToList();
        if (token)
        {
            var match = TokenField().Match(Html);
            Assert.True(match.Success, "The last page read has no antiforgery field.");
            all.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(match.Groups[1].Value)));
        }

        var response = await _client.PostAsync(url, new FormUrlEncodedContent(all));
        Html = await response.Content.ReadAsStringAsync();
        return response;
    }

    /// <summary>Signs in through the sign-in page.</summary>
    public async Task SignInAsync(string user, string password = ApiHost.Password)
    {
        await GetAsync("/ui/signin");
        var response = await PostAsync("/ui/signin", [new("username", user), new("password", password), new("returnUrl", "/ui/")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>Cookies for the test server's handler, which keeps none itself.</summary>
    private sealed class CookieHandler(CookieContainer cookies, Uri address) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = cookies.GetCookieHeader(address);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    cookies.SetCookies(address, cookie);
                }
            }

            return response;
        }
    }
}
