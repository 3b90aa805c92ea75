using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Samples.WebApi;
using Crowdsourcing.Samples.WebApi.Endpoints;
using Crowdsourcing.Samples.WebApi.Errors;

var builder = WebApplication.CreateBuilder(args);

// Crowdsourcing for .NET: the runtime on SQLite (ConnectionStrings:Crowdsourcing, else a file in the working directory),
// the CrowdArb decision engine and the roadmap planner.
builder.Services.AddCrowdsourcing(crowd => crowd
    .UseSqlite(builder.Configuration.GetConnectionString("Crowdsourcing") ?? "Data Source=crowdsourcing-sample.db")
    .AddDecisionModels(engine => engine.AddPreset("crowdarb-paper"))
    .AddRoadmap());

// The web part: problem-details errors, JSON as the model writes it, OpenAPI, the demo campaign.
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddSampleServices(builder.Configuration, builder.Environment);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapOpenApi();

app.MapSetupEndpoints();
app.MapCampaignEndpoints();
app.MapTaskEndpoints();
app.MapAssignmentEndpoints();
app.MapDelegationEndpoints();
app.MapCycleEndpoints();
app.MapHeatMapEndpoints();
app.MapRoadmapEndpoints();
app.MapDemoEndpoints();

await app.RunAsync();

/// <summary>The sample host's entry point; public so that tests can start it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
