using Crowdsourcing.Validation;

namespace Crowdsourcing.Campaigns;

/// <summary>One intervention's learned parameters in a <see cref="CampaignModelVersion"/>.</summary>
/// <param name="Name">The intervention's name in the decision model.</param>
/// <param name="Transition">C_k, one row per state (each row a probability distribution over the states).</param>
/// <param name="ResponseRates">r_k: one rate for every state, or one per state.</param>
public sealed record LearnedInterventionParameters(string Name, IReadOnlyList<IReadOnlyList<double>> Transition, IReadOnlyList<double> ResponseRates)
{
    /// <summary>The intervention's name.</summary>
    public string Name { get; init => field = Guard.Id(value, nameof(LearnedInterventionParameters), nameof(Name)); } = Guard.Id(Name, nameof(LearnedInterventionParameters), nameof(Name));

    /// <summary>C_k, one row per state.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Transition { get; init => field = CampaignModelVersion.Matrix(value, nameof(Transition)); } = CampaignModelVersion.Matrix(Transition, nameof(Transition));

    /// <summary>r_k: one rate, or one per state, each between 0 and 1.</summary>
    public IReadOnlyList<double> ResponseRates { get; init => field = CampaignModelVersion.Rates(value); } = CampaignModelVersion.Rates(ResponseRates);

    /// <summary>
    /// The learned report model O_k(x, o), one row per state x (each row the probabilities of the reported levels o),
    /// when analysts reviewed reports after this intervention; <see langword="null"/> (the default) when it was not
    /// learned, and the registered model's report model is kept.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>>? ReportModel { get; init => field = value is null ? null : CampaignModelVersion.Matrix(value, nameof(ReportModel)); }
}

/// <summary>
/// A version of a campaign's decision model that an organiser adopted after learning it from the campaign's own
/// history (<see cref="CampaignDecisionSettings.ModelVersions"/>): the registered model with these T, C_k and r_k, and
/// the report models O_k learned from analysts' reviews (<see cref="LearnedInterventionParameters.ReportModel"/>).
/// Versions are numbered from 2 (1 is the registered model); each cycle record names the version it used.
/// </summary>
public sealed record CampaignModelVersion
{
    /// <summary>The most states a learned matrix may have: 100.</summary>
    public const int MaxStates = 100;

    /// <summary>The version, from 2.</summary>
    public required int Version
    {
        get;
        init => field = value >= 2 ? value : throw Guard.Fail(nameof(Version), Guard.Message($"CampaignModelVersion.Version must be 2 or more (1 is the registered model); got {value}."));
    }

    /// <summary>Who adopted it (the actor's id).</summary>
    public required string AdoptedBy { get; init => field = Guard.Id(value, nameof(CampaignModelVersion), nameof(AdoptedBy)); }

    /// <summary>When it was adopted.</summary>
    public required DateTimeOffset AdoptedAt { get; init; }

    /// <summary>The first recorded cycle it was learned from.</summary>
    public required int FromCycle { get; init => field = Guard.NonNegative(value, nameof(CampaignModelVersion), nameof(FromCycle)); }

    /// <summary>The last recorded cycle it was learned from.</summary>
    public required int ToCycle { get; init => field = Guard.NonNegative(value, nameof(CampaignModelVersion), nameof(ToCycle)); }

    /// <summary>The version of the model it was learned with (the prior and EM's starting point).</summary>
    public required int LearnedFromVersion { get; init => field = Guard.Positive(value, nameof(CampaignModelVersion), nameof(LearnedFromVersion)); }

    /// <summary>T, one row per state.</summary>
    public required IReadOnlyList<IReadOnlyList<double>> Transition { get; init => field = Matrix(value, nameof(Transition)); }

    /// <summary>Each intervention's C_k and r_k (and learned O_k).</summary>
    public required IReadOnlyList<LearnedInterventionParameters> Interventions
    {
        get;
        init => field = Guard.UniqueBy(Guard.List(value, nameof(CampaignModelVersion), nameof(Interventions)), i => i.Name, nameof(CampaignModelVersion), nameof(Interventions), nameof(LearnedInterventionParameters.Name));
    }

    /// <summary>The log-likelihood of the history under the learned parameters (how well they fit).</summary>
    public double LogLikelihood { get; init => field = Guard.Finite(value, nameof(CampaignModelVersion), nameof(LogLikelihood)); }

    /// <summary>A square matrix of probabilities whose rows sum to 1 (within 1e-6).</summary>
    internal static IReadOnlyList<IReadOnlyList<double>> Matrix(IReadOnlyList<IReadOnlyList<double>>? rows, string field)
    {
        var list = Guard.List(rows, nameof(CampaignModelVersion), field);
        if (list.Count == 0 || list.Count > MaxStates)
        {
            throw Guard.Fail(field, Guard.Message($"{field} must have 1 to {MaxStates} rows; got {list.Count}."));
        }

        var copy = new IReadOnlyList<double>[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var row = list[i]?.ToArray() ?? throw Guard.Fail(field, Guard.Message($"{field}[{i}] must not be null."));
            if (row.Length != list.Count)
            {
                throw Guard.Fail(field, Guard.Message($"{field}[{i}] has {row.Length} entries; the matrix has {list.Count} rows, so every row needs {list.Count}."));
            }

            var sum = 0.0;
            foreach (var p in row)
            {
                if (!double.IsFinite(p) || p < 0 || p > 1)
                {
                    throw Guard.Fail(field, Guard.Message($"{field}[{i}] has {p}; every entry must be a probability between 0 and 1."));
                }

                sum += p;
            }

            if (Math.Abs(sum - 1) > 1e-6)
            {
                throw Guard.Fail(field, Guard.Message($"{field}[{i}] sums to {sum:R}; every row must sum to 1."));
            }

            copy[i] = row;
        }

        return copy;
    }

    /// <summary>One or more rates between 0 and 1.</summary>
    internal static IReadOnlyList<double> Rates(IReadOnlyList<double>? rates)
    {
        var list = Guard.List(rates, nameof(LearnedInterventionParameters), nameof(LearnedInterventionParameters.ResponseRates)).ToArray();
        if (list.Length == 0 || list.Length > MaxStates || list.Any(r => !double.IsFinite(r) || r < 0 || r > 1))
        {
            throw Guard.Fail(nameof(LearnedInterventionParameters.ResponseRates), Guard.Message($"LearnedInterventionParameters.ResponseRates must have 1 to {MaxStates} rates, each between 0 and 1."));
        }

        return list;
    }
}
