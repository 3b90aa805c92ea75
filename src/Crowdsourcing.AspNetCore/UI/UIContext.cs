using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Crowdsourcing.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>What a page render needs: the request, who is signed in, the text, the pages' path and the antiforgery
/// token of the forms.</summary>
internal sealed class UIContext
{
    private string? _token;

    private UIContext(HttpContext http, string prefix, Actor? actor, UIText text)
    {
        Http = http;
        Prefix = prefix;
        Actor = actor;
        T = text;
    }

    public HttpContext Http { get; }

    /// <summary>The path the pages are mapped under, without a trailing slash (for example <c>/ui</c>).</summary>
    public string Prefix { get; }

    /// <summary>Who is signed in; <see langword="null"/> on the sign-in page.</summary>
    public Actor? Actor { get; }

    public UIText T { get; }

    /// <summary>The signed-in person (pages other than sign-in are only served to someone signed in).</summary>
    public Actor Me => Actor ?? throw new InvalidOperationException("Nobody is signed in.");

    public static UIContext Create(HttpContext http, string prefix)
    {
        var services = http.RequestServices;
        var actor = services.GetRequiredService<IActorAccessor>().Current;
        return new UIContext(http, prefix, actor, services.GetRequiredService<UIText>());
    }

    /// <summary>A link under the pages' path.</summary>
    public string Link(string relative) => Prefix + relative;

    /// <summary>The hidden field with the antiforgery token every form posts.</summary>
    public string AntiforgeryField()
    {
        if (_token is null)
        {
            var tokens = Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);
            _token = $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
        }

        return _token;
    }

    /// <summary>A moment as the pages show it (UTC, to the minute).</summary>
    public string When(DateTimeOffset? at) =>
        at is { } value ? T.Format("Format.DateTime", value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)) : T["Format.Never"];
}

/// <summary>HTML building: encoding and the page layout.</summary>
internal static class Html
{
    /// <summary>The security headers of every page: everything from the host itself (no CDN), no framing.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Encodes text for HTML content and attribute values.</summary>
    public static string E(string? text) => text is null ? string.Empty : HtmlEncoder.Default.Encode(text);

    /// <summary>A whole page: skip link, header with navigation and sign-out, the main content with its heading.</summary>
    public static IResult Page(UIContext ui, string title, string body, int status = StatusCodes.Status200OK, string? script = null)
    {
        var t = ui.T;
        var html = new StringBuilder(4096);
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is { Length: 2 } l and not "iv" ? l : "en";
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(title)} · {E(t["App.Name"])}</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"{E(ui.Link("/assets/ui.css"))}\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<script src=\"{E(ui.Link("/assets/ui.js"))}\" defer></script>\n");
        if (script is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<script src=\"{E(ui.Link("/assets/" + script))}\" defer></script>\n");
        }

        html.Append("</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<a class=\"skip\" href=\"#main\">{E(t["Layout.SkipToContent"])}</a>\n<header class=\"top\">\n<p class=\"brand\">{E(t["App.Name"])}</p>\n");
        if (ui.Actor is { } me)
        {
            html.Append(CultureInfo.InvariantCulture, $"<nav aria-label=\"{E(t["Layout.Navigation"])}\"><ul>");
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(ui.Link("/"))}\">{E(t["MyRequests.Title"])}</a></li>");
            if (me.IsOrganiser)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(ui.Link("/console"))}\">{E(t["Console.Title"])}</a></li>");
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(ui.Link("/outbox"))}\">{E(t["Outbox.Title"])}</a></li>");
            }

            html.Append("</ul></nav>\n");
            html.Append(CultureInfo.InvariantCulture, $"<form class=\"signed-in\" method=\"post\" action=\"{E(ui.Link("/signout"))}\">{ui.AntiforgeryField()}<span id=\"signed-in-as\" data-actor=\"{E(me.Id)}\">{E(t.Format("Layout.SignedInAs", me.DisplayName))}</span> <button type=\"submit\">{E(t["Layout.SignOut"])}</button></form>\n");
        }

        html.Append("</header>\n<main id=\"main\" tabindex=\"-1\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(title)}</h1>\n");
        html.Append(body);
        html.Append("\n</main>\n</body>\n</html>\n");
        return new HtmlResult(html.ToString(), status);
    }

    /// <summary>An HTML response with the pages' security headers, never cached (pages show personal data).</summary>
    private sealed class HtmlResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "same-origin";
            response.Headers.CacheControl = "no-store";
            return response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
        }
    }
}
