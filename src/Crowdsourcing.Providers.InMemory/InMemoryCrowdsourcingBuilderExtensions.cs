using Crowdsourcing.Providers.InMemory;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the in-memory provider.</summary>
public static class InMemoryCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Uses an <see cref="InMemoryCrowdsourcingStore"/> as the store: one instance per service provider (a singleton),
    /// kept in memory only. For tests and single-process hosts; the data is lost when the process ends.
    /// Safe to call more than once: the store is registered once, and a later provider call replaces it.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(builder => builder.UseInMemoryStore());
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder UseInMemoryStore(this CrowdsourcingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseStore(static _ => new InMemoryCrowdsourcingStore());
    }
}
