using Crowdsourcing.DecisionModels;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the decision models campaigns refer to by name.</summary>
public static class DecisionModelsCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Registers decision models: presets, model files and models in code (see <see cref="DecisionModelsBuilder"/>),
    /// on top of those configured under <c>Crowdsourcing:DecisionModels:Models</c>. Every model is read and validated
    /// when the host starts; an invalid one fails the start with its configuration key and the error. The decision
    /// cycle (<see cref="DecisionCycles.IDecisionCycleService"/>) uses the model a campaign names. Safe to call more
    /// than once: each <paramref name="configure"/> applies in order.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(crowd => crowd
    ///     .UseInMemoryStore()
    ///     .AddDecisionModels(models => models.AddPreset("crowdarb-paper")));
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="configure">Registers models.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder AddDecisionModels(this CrowdsourcingBuilder builder, Action<DecisionModelsBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        configure?.Invoke(new DecisionModelsBuilder(builder.Services));
        return builder;
    }
}
