using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.DecisionModels;

/// <summary>
/// Registers decision models and engine settings. Given to the callback of
/// <c>CrowdsourcingBuilder.AddDecisionModels(...)</c>. Everything it registers is validated at start, together with
/// the models configured under <c>Crowdsourcing:DecisionModels</c>.
/// </summary>
public sealed class DecisionModelsBuilder
{
    internal DecisionModelsBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers a model given in code under <paramref name="name"/>, replacing any model configured or registered
    /// earlier under that name.
    /// </summary>
    /// <param name="name">The name campaigns refer to it by (case-insensitive).</param>
    /// <param name="model">The validated model.</param>
    /// <param name="initialBelief">The prior for participants without a belief; <see langword="null"/> for the uniform belief.</param>
    /// <param name="inviteAction">The action that means "invite"; <see langword="null"/> for the action named <c>invite</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    public DecisionModelsBuilder AddModel(string name, DecisionModel model, IReadOnlyList<double>? initialBelief = null, string? inviteAction = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(model);
        var prior = initialBelief?.ToList();
        Services.Configure<DecisionModelsOptions>(o => o.Models[name] = new DecisionModelSource { Model = model, InitialBelief = prior, InviteAction = inviteAction });
        return this;
    }

    /// <summary>
    /// Registers a built-in preset (see <see cref="DecisionPresets"/>) under <paramref name="name"/>, or under the
    /// preset's own name when <paramref name="name"/> is <see langword="null"/>. Its prior is the preset scenario's
    /// initial state shares.
    /// </summary>
    /// <param name="preset">The preset's name, for example <c>crowdarb-paper</c>.</param>
    /// <param name="name">The name campaigns refer to it by; default the preset's name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">There is no such preset; the message lists the presets.</exception>
    public DecisionModelsBuilder AddPreset(string preset, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(preset);
        var found = DecisionPresets.Get(preset);
        Services.Configure<DecisionModelsOptions>(o => o.Models[name ?? found.Name] = new DecisionModelSource { Preset = found.Name });
        return this;
    }

    /// <summary>
    /// Registers the model in a JSON file (see <see cref="DecisionModelJson"/>) under <paramref name="name"/>. The file
    /// is read and validated at start; a missing or invalid file fails the start with the path and the error.
    /// </summary>
    /// <param name="name">The name campaigns refer to it by.</param>
    /// <param name="path">The file's path (see <see cref="DecisionModelSource.Path"/> for relative paths).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A parameter is empty.</exception>
    public DecisionModelsBuilder AddModelFile(string name, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Services.Configure<DecisionModelsOptions>(o => o.Models[name] = new DecisionModelSource { Path = path });
        return this;
    }

    /// <summary>Changes the options in code (after configuration binding).</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public DecisionModelsBuilder Configure(Action<DecisionModelsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
