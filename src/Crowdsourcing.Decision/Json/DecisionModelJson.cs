using System.Globalization;
using System.Text.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Decision.Json;

/// <summary>
/// Reads and writes decision models as JSON (System.Text.Json, source-generated, camelCase).
/// </summary>
/// <remarks>
/// <para>The format:</para>
/// <code>
/// {
///   "name": "crowdarb-paper",                       // optional
///   "rowNormalization": "fail",                     // optional: "fail" (default) or "normalize"
///   "states": ["poor", "fair", "good"],
///   "actions": ["leave-out", "invite"],
///   "utility": [[0, -15], [0, 10], [0, 40]],        // states × actions
///   "transition": [[0.85, 0.1, 0.05], ...],         // T, states × states, rows sum to 1
///   "interventions": [
///     { "name": "email-campaign", "transition": [[...], ...], "cost": 3, "responseRate": 0.2 },
///     { "name": "phone-call", "transition": [[...], ...], "cost": 8, "responseRate": [0.4, 0.6, 0.7] },  // r(x) per state
///     { "name": "survey", "transition": [[...], ...], "cost": 1, "responseRate": 0.5,
///       "reportModel": [[0.9, 0.1, 0], [0.1, 0.8, 0.1], [0, 0.1, 0.9]] }  // optional O(x, o): noisy readiness reports
///   ],
///   "scenario": {                                   // optional
///     "participants": 560, "initialStates": { "poor": 0.6, "fair": 0.3, "good": 0.1 }, "weeks": 20, "threshold": 9000
///   }
/// }
/// </code>
/// <para>Unknown properties are refused. Every error is a <see cref="DecisionModelException"/> whose message starts with
/// the JSON path (also in <see cref="DecisionModelException.JsonPath"/>) and, for JSON that does not fit the format,
/// the line and column and what was expected in plain words (<see cref="JsonReadError"/>:
/// <c>$.utility[0][0] (line 4, column 17): expected a number; found the string "x"</c>), e.g.
/// <c>$.interventions[0].transition[2]: Table 'interventions[0].transition' row 'good' sums to 1.1; rows must sum to 1 within 1e-9</c>.</para>
/// </remarks>
public static class DecisionModelJson
{
    /// <summary>Reads a model file.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The model, its name and its scenario.</returns>
    /// <exception cref="DecisionModelException">The JSON is malformed or the model is invalid; the message gives the JSON path.</exception>
    public static DecisionDocument ParseDocument(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ModelDocumentDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, DecisionJsonContext.Default.ModelDocumentDto);
        }
        catch (JsonException ex)
        {
            var error = JsonReadError.From(ex, DecisionJsonContext.Default.ModelDocumentDto, json);
            throw new DecisionModelException(error.Message, ex) { JsonPath = error.Path ?? "$" };
        }

        if (dto is null)
        {
            throw new DecisionModelException("$: the model JSON is null; expected an object.") { JsonPath = "$" };
        }

        return FromDto(dto);
    }

    /// <summary>Reads the model of a model file.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The model.</returns>
    /// <exception cref="DecisionModelException">The JSON is malformed or the model is invalid; the message gives the JSON path.</exception>
    public static DecisionModel Parse(string json) => ParseDocument(json).Model;

    /// <summary>Writes a model (and optionally a scenario and a name) as indented JSON that <see cref="ParseDocument"/> reads back to an equal model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="scenario">An optional scenario.</param>
    /// <param name="name">An optional name.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(DecisionModel model, SimulationScenario? scenario = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var dto = new ModelDocumentDto
        {
            Name = name,
            States = [.. model.States],
            Actions = [.. model.Actions],
            Utility = model.Utility.ToRows(),
            Transition = model.Transition.ToRows(),
            Interventions = [.. model.Interventions.Select(k => new InterventionDto { Name = k.Name, Transition = k.Transition.ToRows(), Cost = k.Cost, ResponseRate = k.StateResponseRates is { } rates ? new ResponseRateDto { PerState = [.. rates] } : new ResponseRateDto { Constant = k.ResponseRate }, ReportModel = k.ReportModel?.ToRows() })],
            Scenario = scenario is null
                ? null
                : new ScenarioDto
                {
                    Participants = scenario.Participants,
                    InitialStates = model.States.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => scenario.InitialStateShares[p.i], StringComparer.Ordinal),
                    Weeks = scenario.Weeks,
                    Threshold = scenario.Threshold,
                },
        };
        return JsonSerializer.Serialize(dto, DecisionJsonContext.Default.ModelDocumentDto);
    }

    /// <summary>Writes a preset (its model, scenario and name) as JSON.</summary>
    /// <param name="preset">The preset.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(DecisionPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return Serialize(preset.Model, preset.Scenario, preset.Name);
    }

    private static DecisionDocument FromDto(ModelDocumentDto dto)
    {
        var normalization = dto.RowNormalization switch
        {
            null => RowNormalization.Fail,
            var text when text.Equals("fail", StringComparison.OrdinalIgnoreCase) => RowNormalization.Fail,
            var text when text.Equals("normalize", StringComparison.OrdinalIgnoreCase) => RowNormalization.Normalize,
            var text => throw Error("$.rowNormalization", $"'{text}' is not a row normalisation; use \"fail\" or \"normalize\"."),
        };

        var states = Required(dto.States, "$.states");
        var actions = Required(dto.Actions, "$.actions");
        var utility = Matrix(dto.Utility, "$.utility");
        var transition = Matrix(dto.Transition, "$.transition");
        var interventionDtos = Required(dto.Interventions, "$.interventions");
        var interventions = new Intervention[interventionDtos.Length];
        DecisionModel model;
        try
        {
            for (var k = 0; k < interventions.Length; k++)
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"interventions[{k}]");
                var i = interventionDtos[k] ?? throw Error("$." + path, "an intervention is null; expected an object.");
                var rate = i.ResponseRate ?? throw Error($"$.{path}.responseRate", "missing or null.");
                var matrix = Matrix(i.Transition, $"$.{path}.transition");
                interventions[k] = rate.PerState is { } perState
                    ? new Intervention(i.Name ?? string.Empty, matrix, i.Cost, perState, path)
                    : new Intervention(i.Name ?? string.Empty, matrix, i.Cost, rate.Constant, path);
                if (i.ReportModel is not null)
                {
                    interventions[k] = interventions[k].WithReportModel(Matrix(i.ReportModel, $"$.{path}.reportModel"));
                }
            }

            model = new DecisionModel(states!, actions!, utility, transition, interventions, normalization);
        }
        catch (DecisionModelException ex) when (ex.JsonPath is null)
        {
            var path = PathOf(ex);
            throw new DecisionModelException($"{path}: {ex.Message}", ex) { JsonPath = path };
        }

        SimulationScenario? scenario = null;
        if (dto.Scenario is { } s)
        {
            var initial = s.InitialStates ?? throw Error("$.scenario.initialStates", "missing; give a share for every state.");
            var shares = new double[model.StateCount];
            foreach (var (state, share) in initial)
            {
                var index = model.IndexOfState(state);
                if (index < 0)
                {
                    throw Error("$.scenario.initialStates." + state, $"'{state}' is not a state of the model ({string.Join(", ", model.States)}).");
                }

                shares[index] = share;
            }

            try
            {
                scenario = new SimulationScenario(s.Participants, shares, s.Weeks, s.Threshold);
            }
            catch (DecisionModelException ex)
            {
                var path = "$." + ex.Table;
                throw new DecisionModelException($"{path}: {ex.Message}", ex) { JsonPath = path };
            }
        }

        return new DecisionDocument(model, scenario, dto.Name);
    }

    private static string PathOf(DecisionModelException ex)
    {
        var path = "$." + (ex.Table ?? string.Empty);
        if (ex.RowIndex is { } r)
        {
            path += string.Create(CultureInfo.InvariantCulture, $"[{r}]");
        }

        if (ex.ColumnIndex is { } c)
        {
            path += string.Create(CultureInfo.InvariantCulture, $"[{c}]");
        }

        return path.TrimEnd('.');
    }

    private static T Required<T>(T? value, string path)
        where T : class =>
        value ?? throw Error(path, "missing or null.");

    private static DecisionMatrix Matrix(double[]?[]? rows, string path)
    {
        var r = Required(rows, path);
        var columns = -1;
        for (var i = 0; i < r.Length; i++)
        {
            var row = r[i] ?? throw Error(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), "a row is null; expected an array of numbers.");
            if (columns >= 0 && row.Length != columns)
            {
                throw Error(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), string.Create(CultureInfo.InvariantCulture, $"the row has {row.Length} entries; row 0 has {columns}."));
            }

            columns = row.Length;
        }

        return DecisionMatrix.FromRows(r!);
    }

    private static DecisionModelException Error(string path, string message) => new($"{path}: {message}") { JsonPath = path };
}
