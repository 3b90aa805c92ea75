using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Population;

/// <summary>
/// The per-participant results of <see cref="PopulationEngine.Evaluate"/> and <c>PopulationEngine.SelectContacts</c>:
/// MEU_0, V_k for every intervention (and the response-aware values when asked for), and the selection. Preallocated
/// and reusable across cycles.
/// </summary>
public sealed class PopulationEvaluation
{
    private readonly double[][] _values;
    private readonly double[]?[] _responseAware;

    /// <summary>Creates buffers for <paramref name="count"/> participants of <paramref name="model"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="count">The number of participants.</param>
    public PopulationEvaluation(DecisionModel model, int count)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        InterventionCount = model.Interventions.Count;
        MeuWithoutInterventionArray = new double[count];
        _values = new double[InterventionCount][];
        _responseAware = new double[InterventionCount][];
        for (var k = 0; k < InterventionCount; k++)
        {
            _values[k] = new double[count];
        }

        SelectionArray = new int[count];
        Array.Fill(SelectionArray, CycleObservations.None);
    }

    /// <summary>The number of participants.</summary>
    public int Count { get; }

    /// <summary>The number of interventions.</summary>
    public int InterventionCount { get; }

    /// <summary>Whether the last <see cref="PopulationEngine.Evaluate"/> computed the response-aware values.</summary>
    public bool IncludesResponseAwareValues { get; internal set; }

    /// <summary>The number of participants selected for contact by the last <c>PopulationEngine.SelectContacts</c>.</summary>
    public int ContactCount { get; internal set; }

    /// <summary>MEU_0(b_i) = MEU(b_i·T) per participant.</summary>
    public ReadOnlySpan<double> MeuWithoutIntervention => MeuWithoutInterventionArray;

    /// <summary>The selection per participant: an intervention index or <see cref="CycleObservations.None"/>. Policies write it; hosts may adjust it before contacting.</summary>
    public Span<int> Selection => SelectionArray;

    internal double[] MeuWithoutInterventionArray { get; }

    internal int[] SelectionArray { get; }

    /// <summary>V_k(b_i) per participant for intervention <paramref name="intervention"/>.</summary>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>The values.</returns>
    public ReadOnlySpan<double> GetValues(int intervention) => _values[intervention];

    /// <summary>The response-aware value per participant for intervention <paramref name="intervention"/>; empty unless <see cref="IncludesResponseAwareValues"/>.</summary>
    /// <param name="intervention">The intervention index k.</param>
    /// <returns>The values, or an empty span.</returns>
    public ReadOnlySpan<double> GetResponseAwareValues(int intervention) =>
        IncludesResponseAwareValues ? _responseAware[intervention] : ReadOnlySpan<double>.Empty;

    internal double[] ValuesArray(int k) => _values[k];

    internal double[] ResponseAwareArray(int k) => _responseAware[k] ??= new double[Count];
}
