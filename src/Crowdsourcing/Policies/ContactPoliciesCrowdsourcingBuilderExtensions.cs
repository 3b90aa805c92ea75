using Crowdsourcing.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Adds contact policies to the runtime.</summary>
public static class ContactPoliciesCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Adds a contact policy factory as a singleton, so campaigns can use its policy by name (see
    /// <c>Crowdsourcing:DecisionCycles:ContactPolicy</c> and a campaign's decision settings). The built-in <c>none</c>,
    /// <c>myopic</c>, <c>response-aware</c>, <c>planned</c> and <c>least-spend</c> are always registered. Safe to call more than once for the same type.
    /// </summary>
    /// <typeparam name="TFactory">The factory; its <see cref="IContactPolicyFactory.Name"/> must differ from every other policy's (checked when the host starts).</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddContactPolicy<TFactory>(this CrowdsourcingBuilder builder)
        where TFactory : class, IContactPolicyFactory
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IContactPolicyFactory, TFactory>());
        return builder;
    }

    /// <summary>Adds a contact policy factory instance (see <see cref="AddContactPolicy{TFactory}(CrowdsourcingBuilder)"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">The factory.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddContactPolicy(this CrowdsourcingBuilder builder, IContactPolicyFactory factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }
}
