using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Crowdsourcing.AspNetCore.Options;
using Crowdsourcing.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.AspNetCore.Tests.Support;

/// <summary>
/// A host of the package under test, as a host app wires it: <c>AddCrowdsourcing</c> on the in-memory store with the
/// demo directory, <c>AddCrowdsourcingApi</c> and <c>MapCrowdsourcingApi</c>, on a test server. People sign in through
/// <c>POST /login</c> (bearer tokens) like any script; nobody's identity is taken from anywhere else.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string Password = "correct-horse-battery";

    /// <summary>The directory's people: administrators, organisers, and the participants of <see cref="ApiWorld"/>.</summary>
    public static readonly string[] Users = ["admin", "organiser", "other-organiser", "alice", "bob", "carol", "boss", "partner", "outsider", "community", "dave"];

    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    private ApiHost(WebApplication app, bool kestrel)
    {
        App = app;
        Address = kestrel ? new Uri((app.Urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal)) ?? app.Urls.First()).TrimEnd('/') + "/") : null;
    }

    /// <summary>The loopback address Kestrel listens on; <see langword="null"/> on the test server.</summary>
    public Uri? Address { get; }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>A client that is not signed in.</summary>
    public HttpClient Anonymous() => Address is null ? App.GetTestClient() : new HttpClient { BaseAddress = Address };

    public static async Task<ApiHost> StartAsync(Action<IServiceCollection>? services = null, Action<CrowdsourcingApiOptions>? api = null, Action<WebApplication>? map = null, bool kestrel = false, string? apiPath = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }
        builder.Logging.ClearProviders();
        builder.Services.AddCrowdsourcing(crowd => crowd
            .UseInMemoryStore()
            .UseDemoDirectory(directory =>
            {
                foreach (var user in Users)
                {
                    directory.Users[user] = Password;
                }

                directory.Organisers.Add("organiser");
                directory.Organisers.Add("other-organiser");
            })
            .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper"))
            .AddRoadmap());
        builder.Services.AddCrowdsourcingApi(options =>
        {
            // Generous limits by default; the rate-limiting tests set their own.
            options.CycleRunsPerWindow = 1000;
            options.SignInAttemptsPerMinute = 10_000;
            api?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        if (apiPath is null)
        {
            app.MapCrowdsourcingApi();
        }
        else
        {
            app.MapGroup(apiPath).MapCrowdsourcingApi();
        }

        map?.Invoke(app);
        await app.StartAsync();
        return new ApiHost(app, kestrel);
    }

    /// <summary>A client signed in as <paramref name="user"/> with a bearer token from <c>POST /login</c>.</summary>
    public async Task<HttpClient> SignInAsync(string user)
    {
        if (_clients.TryGetValue(user, out var known))
        {
            return known;
        }

        using var anonymous = Anonymous();
        var token = await Http.ReadAsync(await Http.PostAsync(anonymous, "/login", new { username = user, password = Password }));
        Assert.Equal("Bearer", (string?)token["tokenType"]);
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["accessToken"]!);
        return _clients.GetOrAdd(user, client);
    }

    /// <summary>The client of <paramref name="user"/>, signed in before (<see cref="SignInAsync"/>).</summary>
    public HttpClient As(string user) =>
        _clients.TryGetValue(user, out var client) ? client : throw new InvalidOperationException($"'{user}' has not signed in; call SignInAsync first.");

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }
}
