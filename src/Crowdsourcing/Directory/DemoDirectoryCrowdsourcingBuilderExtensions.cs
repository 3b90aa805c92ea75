using Crowdsourcing.Directory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the demo directory: <see cref="UseDemoDirectory"/>.</summary>
public static class DemoDirectoryCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Uses the demo directory as the <see cref="IEnterpriseDirectory"/>: the users of
    /// <see cref="DemoDirectoryOptions"/> (section <c>Crowdsourcing:Directory:Demo</c>, then <paramref name="configure"/>),
    /// each with a password, all in the internal layer; <c>admin</c> an administrator and <c>organiser</c> an organiser
    /// unless configured otherwise. For development and tests: passwords live in configuration. Replaces any directory
    /// configured before (the last one wins).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adds or changes users after the configuration section is bound; optional.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">At start: no user, an invalid id, a
    /// password shorter than <see cref="DemoDirectoryOptions.MinimumPasswordLength"/>, or a role naming someone who is
    /// not a user (every failure is listed).</exception>
    public static CrowdsourcingBuilder UseDemoDirectory(this CrowdsourcingBuilder builder, Action<DemoDirectoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<DemoDirectoryOptions, DemoDirectoryOptionsValidator>(DemoDirectoryOptions.SectionName);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IEnterpriseDirectory, DemoDirectory>());
        return builder;
    }
}
