namespace Crowdsourcing.Decision.Population;

/// <summary>
/// What happened to each participant in one cycle, for <see cref="PopulationEngine.ApplyObservations"/>: the
/// intervention they were contacted with (or <see cref="None"/>) and the state they reported (or <see cref="None"/>).
/// Preallocated and reusable, so that a cycle allocates nothing.
/// </summary>
public sealed class CycleObservations
{
    /// <summary>The marker for "not contacted" and "no report": -1.</summary>
    public const int None = -1;

    private readonly int[] _contacts;
    private readonly int[] _reports;

    /// <summary>Creates observations for <paramref name="count"/> participants, all "not contacted, no report".</summary>
    /// <param name="count">The number of participants.</param>
    public CycleObservations(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _contacts = new int[count];
        _reports = new int[count];
        Reset();
    }

    /// <summary>The number of participants.</summary>
    public int Count => _contacts.Length;

    /// <summary>Per participant, the index of the intervention they were contacted with, or <see cref="None"/>.</summary>
    public Span<int> Contacts => _contacts;

    /// <summary>Per participant, the index of the state they reported (the state after the intervention acted), or <see cref="None"/>.</summary>
    public Span<int> ReportedStates => _reports;

    internal int[] ContactsArray => _contacts;

    internal int[] ReportsArray => _reports;

    /// <summary>Marks everyone as not contacted and silent.</summary>
    public void Reset()
    {
        Array.Fill(_contacts, None);
        Array.Fill(_reports, None);
    }

    /// <summary>Records one participant's cycle.</summary>
    /// <param name="participant">The participant index.</param>
    /// <param name="intervention">The intervention they were contacted with, or <see langword="null"/>.</param>
    /// <param name="reportedState">The state they reported, or <see langword="null"/>.</param>
    public void Record(int participant, int? intervention, int? reportedState)
    {
        _contacts[participant] = intervention ?? None;
        _reports[participant] = reportedState ?? None;
    }

    /// <summary>Copies a selection (e.g. <see cref="PopulationEvaluation.Selection"/>) into <see cref="Contacts"/> and clears the reports.</summary>
    /// <param name="selection">Per participant, an intervention index or <see cref="None"/>.</param>
    public void SetContacts(ReadOnlySpan<int> selection)
    {
        selection.CopyTo(_contacts);
        Array.Fill(_reports, None);
    }
}
