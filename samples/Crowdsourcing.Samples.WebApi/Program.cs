using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Samples.WebApi;
using Crowdsourcing.Samples.WebApi.Demo;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

// A host that cannot start says why in one line (below) rather than logging the exception with its stack trace too.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

// Crowdsourcing for .NET: the runtime on SQLite (ConnectionStrings:Crowdsourcing, else a file in the working directory),
// the CrowdArb decision engine, the roadmap planner, and the enterprise directory people sign in against. In
// Development, with no directory configured, the demo directory stands in (users and passwords in
// appsettings.Development.json, section Crowdsourcing:Directory:Demo).
builder.Services.AddCrowdsourcing(crowd =>
{
    crowd.UseSqlite(builder.Configuration.GetConnectionString("Crowdsourcing") ?? "Data Source=crowdsourcing-sample.db")
        .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper"))
        .AddRoadmap();
    if (SampleDirectory.UseDemo(builder.Configuration, builder.Environment))
    {
        crowd.UseDemoDirectory();
    }
});

// The web API: sign-in (cookies for the browser, bearer tokens for scripts), authorization, problem details, OpenAPI.
builder.Services.AddCrowdsourcingApi();
builder.Services.AddSampleServices(builder.Configuration, builder.Environment);

var app = builder.Build();

app.MapOpenApi();
app.MapCrowdsourcingApi().MapDemoEndpoints();

// The expert pages and the organiser's console, served from the package under /ui; the site's root leads there.
app.MapCrowdsourcingUI();
app.MapGet("/", () => Results.Redirect("/ui/")).ExcludeFromDescription();

try
{
    await app.RunAsync();
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    // Kestrel's message names the address: "Failed to bind to address http://127.0.0.1:5080: address already in use."
    await Console.Error.WriteLineAsync(
        $"error: {ex.Message.TrimEnd('.')}. Another program listens there; stop it, or start the sample on another port: "
        + "dotnet run --project samples/Crowdsourcing.Samples.WebApi -- --urls http://localhost:5081");
    return 1;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync("error: the configuration is not valid: " + string.Join(" ", ex.Failures));
    return 1;
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    await Console.Error.WriteLineAsync("error: the sample host could not start: " + ex);
    return 1;
}

return 0;

/// <summary>The sample host's entry point; public so that tests can start it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
