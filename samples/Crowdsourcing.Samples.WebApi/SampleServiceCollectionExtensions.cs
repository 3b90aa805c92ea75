using System.Text.Json;
using System.Text.Json.Serialization;
using Crowdsourcing.Samples.WebApi.Decisions;
using Crowdsourcing.Samples.WebApi.Demo;

namespace Crowdsourcing.Samples.WebApi;

/// <summary>Registers the sample's own services: JSON settings, the contact preview, the heat map and the demo campaign.</summary>
internal static class SampleServiceCollectionExtensions
{
    /// <summary>
    /// JSON as the model writes it (camelCase, kebab-case enum values, no nulls, required members enforced), binding
    /// failures raised as exceptions (so that they become problem details), the options of the <c>Sample</c> section,
    /// and the demo seeding at start when <c>Sample:SeedDemo</c> is true (the default in Development).
    /// </summary>
    public static IServiceCollection AddSampleServices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOptions<SampleOptions>()
            .Configure(options => options.SeedDemo = environment.IsDevelopment())
            .Bind(configuration.GetSection(SampleOptions.SectionName))
            .Validate(options => options.DemoCycles is >= 1 and <= 52, "Sample:DemoCycles must be between 1 and 52.")
            .ValidateOnStart();
        services.AddSingleton<NextContactsPreview>();
        services.AddSingleton<DemoCampaign>();
        services.AddHostedService<DemoSeedingService>();
        return services;
    }

    /// <summary>The serializer settings of the API (shared with the tests through the responses they read).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }
}

/// <summary>The sample's settings, section <c>Sample</c>.</summary>
internal sealed class SampleOptions
{
    /// <summary>The configuration section: <c>Sample</c>.</summary>
    public const string SectionName = "Sample";

    /// <summary>Whether to create the demo campaign at start (once; an existing one is kept). Default: true in Development.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>How many weekly cycles the demo runs with simulated answers. Default 12.</summary>
    public int DemoCycles { get; set; } = 12;
}
