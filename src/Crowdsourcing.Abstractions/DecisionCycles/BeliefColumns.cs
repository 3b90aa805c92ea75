using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

namespace Crowdsourcing.DecisionCycles;

/// <summary>
/// The beliefs of a campaign's crowd in one week as a structure of arrays, the engine's own layout: participant ids in
/// code-point order (<see cref="CodePointComparer"/>) and one column of probabilities per state. What a decision cycle
/// saves (<see cref="ChangeSet.SaveBeliefs(BeliefColumns)"/>) without a record per participant.
/// </summary>
/// <remarks>Saving it is saving a <see cref="ParticipantBelief"/> of week <see cref="Week"/> for every participant,
/// with the "later week wins" rule of <see cref="IBeliefStore"/>. Immutable: the constructor copies what it is given.</remarks>
public sealed class BeliefColumns
{
    private readonly string[] _participantIds;
    private readonly double[][] _columns;

    /// <summary>Creates the beliefs of <paramref name="participantIds"/>.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="week">The week the beliefs describe.</param>
    /// <param name="participantIds">The participants, strictly increasing in code-point order.</param>
    /// <param name="columns">One column per state; entry i of each column is participant i's probability of that state.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ValidationFailedException">An id is not valid, the ids are not strictly increasing, there is no
    /// column, a column's length differs from the number of participants, or a participant's probabilities are not a
    /// distribution (finite, not negative, summing to 1 within <see cref="ParticipantBelief.SumTolerance"/>).</exception>
    public BeliefColumns(string campaignId, int week, IReadOnlyList<string> participantIds, IReadOnlyList<double[]> columns)
    {
        ArgumentNullException.ThrowIfNull(participantIds);
        ArgumentNullException.ThrowIfNull(columns);
        CampaignId = Guard.Id(campaignId, nameof(BeliefColumns), nameof(CampaignId));
        Week = Guard.NonNegative(week, nameof(BeliefColumns), nameof(Week));
        var n = participantIds.Count;
        if (columns.Count == 0)
        {
            throw Guard.Fail(nameof(StateCount), "BeliefColumns needs at least one column (one per state).");
        }

        _participantIds = new string[n];
        for (var i = 0; i < n; i++)
        {
            var id = Guard.Id(participantIds[i], nameof(BeliefColumns), nameof(ParticipantIds));
            if (i > 0 && CodePointComparer.Instance.Compare(_participantIds[i - 1], id) >= 0)
            {
                throw Guard.Fail(nameof(ParticipantIds), Guard.Message($"BeliefColumns.ParticipantIds must be distinct and in code-point order: '{id}' follows '{_participantIds[i - 1]}'."));
            }

            _participantIds[i] = id;
        }

        _columns = new double[columns.Count][];
        for (var s = 0; s < _columns.Length; s++)
        {
            var column = columns[s] ?? throw new ArgumentNullException(nameof(columns));
            if (column.Length != n)
            {
                throw Guard.Fail(nameof(StateCount), Guard.Message($"BeliefColumns column {s} has {column.Length} entries; there are {n} participants."));
            }

            _columns[s] = (double[])column.Clone();
        }

        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var s = 0; s < _columns.Length; s++)
            {
                var p = _columns[s][i];
                if (!double.IsFinite(p) || p < 0)
                {
                    throw Guard.Fail(nameof(ParticipantBelief.Probabilities), Guard.Message($"BeliefColumns: probability {s} of participant '{_participantIds[i]}' must be a finite, non-negative number (value: {p})."));
                }

                sum += p;
            }

            if (Math.Abs(sum - 1) > ParticipantBelief.SumTolerance)
            {
                throw Guard.Fail(nameof(ParticipantBelief.Probabilities), Guard.Message($"BeliefColumns: the probabilities of participant '{_participantIds[i]}' sum to {sum:R}; they must sum to 1 within {ParticipantBelief.SumTolerance}."));
            }
        }
    }

    /// <summary>The campaign.</summary>
    public string CampaignId { get; }

    /// <summary>The week every belief describes.</summary>
    public int Week { get; }

    /// <summary>The number of participants.</summary>
    public int Count => _participantIds.Length;

    /// <summary>The number of states (columns).</summary>
    public int StateCount => _columns.Length;

    /// <summary>The participants, in code-point order.</summary>
    public ReadOnlySpan<string> ParticipantIds => _participantIds;

    /// <summary>The probabilities of one state, one per participant.</summary>
    /// <param name="state">The state index.</param>
    /// <returns>The column.</returns>
    public ReadOnlySpan<double> GetColumn(int state) => _columns[state];

    /// <summary>Copies participant <paramref name="index"/>'s belief into <paramref name="destination"/>.</summary>
    /// <param name="index">The participant's index.</param>
    /// <param name="destination">At least <see cref="StateCount"/> entries.</param>
    public void GetBelief(int index, Span<double> destination)
    {
        for (var s = 0; s < _columns.Length; s++)
        {
            destination[s] = _columns[s][index];
        }
    }

    /// <summary>Participant <paramref name="index"/>'s belief as a record.</summary>
    /// <param name="index">The participant's index.</param>
    /// <returns>The belief.</returns>
    public ParticipantBelief ToBelief(int index)
    {
        var probabilities = new double[StateCount];
        GetBelief(index, probabilities);
        return new ParticipantBelief(CampaignId, _participantIds[index], Week, probabilities);
    }
}

/// <summary>
/// A block of stored beliefs of one campaign, in participant order, as <see cref="IBeliefStore.ReadBlocksAsync"/> streams
/// them: ids, weeks and probabilities in reused buffers rather than a record per belief.
/// </summary>
/// <remarks>A reader fills a block, hands it out, then clears and refills it: read a block before asking for the next.</remarks>
public sealed class BeliefBlock
{
    private string[] _ids;
    private int[] _weeks;
    private int[] _offsets;
    private double[] _values;
    private int _valueCount;

    /// <summary>Creates an empty block.</summary>
    /// <param name="capacity">The number of beliefs to make room for.</param>
    public BeliefBlock(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ids = new string[capacity];
        _weeks = new int[capacity];
        _offsets = new int[capacity + 1];
        _values = new double[capacity * 3];
    }

    /// <summary>The number of beliefs in the block.</summary>
    public int Count { get; private set; }

    /// <summary>The participants, in code-point order.</summary>
    public ReadOnlySpan<string> ParticipantIds => _ids.AsSpan(0, Count);

    /// <summary>Each belief's week.</summary>
    public ReadOnlySpan<int> Weeks => _weeks.AsSpan(0, Count);

    /// <summary>Belief <paramref name="index"/>'s probabilities, in the decision model's state order.</summary>
    /// <param name="index">The belief's index in the block.</param>
    /// <returns>The probabilities.</returns>
    public ReadOnlySpan<double> GetProbabilities(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _values.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
    }

    /// <summary>Appends a belief (a provider fills the block in participant order).</summary>
    /// <param name="participantId">The participant.</param>
    /// <param name="week">The week.</param>
    /// <param name="probabilities">The probabilities.</param>
    public void Add(string participantId, int week, ReadOnlySpan<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        if (Count == _ids.Length)
        {
            Array.Resize(ref _ids, _ids.Length * 2);
            Array.Resize(ref _weeks, _weeks.Length * 2);
            Array.Resize(ref _offsets, (_ids.Length) + 1);
        }

        if (_valueCount + probabilities.Length > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(_values.Length * 2, _valueCount + probabilities.Length));
        }

        _ids[Count] = participantId;
        _weeks[Count] = week;
        _offsets[Count] = _valueCount;
        probabilities.CopyTo(_values.AsSpan(_valueCount));
        _valueCount += probabilities.Length;
        Count++;
        _offsets[Count] = _valueCount;
    }

    /// <summary>Empties the block, keeping its buffers.</summary>
    public void Clear()
    {
        Array.Clear(_ids, 0, Count);
        Count = 0;
        _valueCount = 0;
    }
}
