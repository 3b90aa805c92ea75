using Crowdsourcing.Directory;
using Crowdsourcing.Samples.WebApi.Demo;

namespace Crowdsourcing.Samples.WebApi;

/// <summary>Registers the sample's own services: the options of the <c>Sample</c> section and the demo campaign.</summary>
internal static class SampleServiceCollectionExtensions
{
    /// <summary>
    /// The options of the <c>Sample</c> section, and the demo seeding at start when <c>Sample:SeedDemo</c> is true (the
    /// default in Development).
    /// </summary>
    public static IServiceCollection AddSampleServices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SampleOptions>()
            .Configure(options => options.SeedDemo = environment.IsDevelopment())
            .Bind(configuration.GetSection(SampleOptions.SectionName))
            .Validate(options => options.DemoCycles is >= 1 and <= 52, "Sample:DemoCycles must be between 1 and 52.")
            .ValidateOnStart();
        services.AddSingleton<DemoCampaign>();
        services.AddHostedService<DemoSeedingService>();
        return services;
    }
}

/// <summary>Which directory the sample signs people in against.</summary>
internal static class SampleDirectory
{
    /// <summary>The section of an LDAP directory's settings; when it exists, the demo directory does not stand in.</summary>
    public const string LdapSection = "Crowdsourcing:Directory:Ldap";

    /// <summary>Whether the demo directory stands in: in Development, when no other directory is configured and the
    /// demo users are (appsettings.Development.json). Never outside Development.</summary>
    public static bool UseDemo(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment()
        && !configuration.GetSection(LdapSection).Exists()
        && configuration.GetSection(DemoDirectoryOptions.SectionName).Exists();
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
