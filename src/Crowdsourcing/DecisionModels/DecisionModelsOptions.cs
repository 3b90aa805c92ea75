using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.DecisionModels;

/// <summary>
/// The decision models campaigns refer to by name (<see cref="Campaigns.Campaign.DecisionModel"/>). Bound from the
/// <c>Crowdsourcing:DecisionModels</c> configuration section and validated at start by
/// <see cref="DecisionModelsOptionsValidator"/>.
/// </summary>
/// <example>
/// <code>
/// {
///   "Crowdsourcing": {
///     "DecisionModels": {
///       "Models": {
///         "paper": { "Preset": "crowdarb-paper" },
///         "sales": { "Path": "models/sales.json", "InitialBelief": [ 0.5, 0.3, 0.2 ] }
///       }
///     }
///   }
/// }
/// </code>
/// </example>
public sealed class DecisionModelsOptions
{
    /// <summary>The configuration section the options are bound from: <c>Crowdsourcing:DecisionModels</c>.</summary>
    public const string SectionName = "Crowdsourcing:DecisionModels";

    /// <summary>
    /// The models by name (case-insensitive), as a <see cref="Campaigns.Campaign.DecisionModel"/> names them. Configured
    /// under <c>Models:{name}</c> with a <see cref="DecisionModelSource.Preset"/> or a <see cref="DecisionModelSource.Path"/>,
    /// or registered in code with <see cref="DecisionModelsBuilder.AddModel"/> (a model registered in code replaces a
    /// configured one of the same name). Empty by default.
    /// </summary>
    public IDictionary<string, DecisionModelSource> Models { get; } = new Dictionary<string, DecisionModelSource>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Where one named decision model comes from, and how the runtime uses it.</summary>
/// <remarks>Exactly one source: <see cref="Preset"/>, <see cref="Path"/>, or a model registered in code.</remarks>
public sealed class DecisionModelSource
{
    /// <summary>A built-in preset's name, for example <c>crowdarb-paper</c> (see <see cref="DecisionPresets.Names"/>).</summary>
    public string? Preset { get; set; }

    /// <summary>
    /// The path of a model JSON file (the format of <see cref="DecisionModelJson"/>). A relative path is resolved against
    /// the host's content root (<c>IHostEnvironment.ContentRootPath</c>) when one is registered, otherwise against
    /// <see cref="AppContext.BaseDirectory"/>.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>A model given in code (see <see cref="DecisionModelsBuilder.AddModel"/>); not bound from configuration.</summary>
    public DecisionModel? Model { get; internal set; }

    /// <summary>
    /// The prior: the week-0 belief of a participant the campaign has no belief for yet, one probability per state in the
    /// model's state order. Default: the model's scenario's initial state shares when it has one (the
    /// <c>crowdarb-paper</c> preset: 0.6, 0.3, 0.1; a model file's <c>scenario.initialStates</c>), otherwise the uniform
    /// belief.
    /// </summary>
    public IList<double>? InitialBelief { get; set; }

    /// <summary>
    /// The action that means "invite to the workshop". Default: the model's action named <c>invite</c>; a model without
    /// one must name its invite action here.
    /// </summary>
    public string? InviteAction { get; set; }
}
