using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

namespace Crowdsourcing.DecisionCycles;

/// <summary>
/// The contacts of one decision cycle as columns rather than a record per contact: participant ids in code-point
/// order (<see cref="CodePointComparer"/>) with each one's intervention, value and cost, and the order the cycle
/// decided them in. It is a read-only list of <see cref="ContactRecord"/> in decision order (a record is made when an
/// item is read), and what a store writes compactly.
/// </summary>
/// <remarks>
/// Made with <see cref="Create"/> (columns, as the runtime has them) or <see cref="From"/> (records). Both check every
/// contact once: distinct participants (strictly increasing ids), valid ids and interventions, finite values and costs,
/// and a decision order that is a permutation. Immutable.
/// </remarks>
public sealed class CycleContacts : IReadOnlyList<ContactRecord>
{
    private readonly string[] _participantIds;
    private readonly string[] _interventions;
    private readonly int[] _interventionIndexes;
    private readonly double[] _values;
    private readonly double[] _costs;
    private readonly int[] _decisionOrder;
    private readonly string?[]? _reasons;

    private CycleContacts(string[] participantIds, string[] interventions, int[] interventionIndexes, double[] values, double[] costs, int[] decisionOrder, string?[]? reasons)
    {
        _reasons = reasons;
        _participantIds = participantIds;
        _interventions = interventions;
        _interventionIndexes = interventionIndexes;
        _values = values;
        _costs = costs;
        _decisionOrder = decisionOrder;
    }

    /// <summary>No contacts.</summary>
    public static CycleContacts Empty { get; } = new([], [], [], [], [], [], null);

    /// <summary>The number of contacts.</summary>
    public int Count => _participantIds.Length;

    /// <summary>The intervention names the contacts use (an index in <see cref="InterventionIndexes"/> points here).</summary>
    public IReadOnlyList<string> Interventions => _interventions;

    /// <summary>The contacted participants, in code-point order.</summary>
    public ReadOnlySpan<string> ParticipantIds => _participantIds;

    /// <summary>Each participant's intervention, as an index in <see cref="Interventions"/> (participant order).</summary>
    public ReadOnlySpan<int> InterventionIndexes => _interventionIndexes;

    /// <summary>Each participant's value V_k (participant order).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Each participant's cost c_k (participant order).</summary>
    public ReadOnlySpan<double> Costs => _costs;

    /// <summary>The decision order: item k of the list is the participant at <c>DecisionOrder[k]</c> in participant order.</summary>
    public ReadOnlySpan<int> DecisionOrder => _decisionOrder;

    /// <summary>Why each participant was contacted, in words (participant order; see <see cref="ContactRecord.Reason"/>);
    /// empty when the contacts carry no reasons.</summary>
    public ReadOnlySpan<string?> Reasons => _reasons;

    /// <summary>The contact decided in position <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public ContactRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var j = _decisionOrder[index];
            return new ContactRecord(_participantIds[j], _interventions[_interventionIndexes[j]], _values[j], _costs[j]) { Reason = _reasons?[j] };
        }
    }

    /// <summary>The sum of the costs (the cycle's spend).</summary>
    public double TotalCost()
    {
        var sum = 0.0;
        foreach (var k in _decisionOrder)
        {
            sum += _costs[k];
        }

        return sum;
    }

    /// <summary>Makes the contacts from columns in participant order.</summary>
    /// <param name="participantIds">The participants, strictly increasing in code-point order.</param>
    /// <param name="interventions">The intervention names <paramref name="interventionIndexes"/> point into.</param>
    /// <param name="interventionIndexes">Each participant's intervention.</param>
    /// <param name="values">Each participant's value.</param>
    /// <param name="costs">Each participant's cost.</param>
    /// <param name="decisionOrder">For each position of the decision order, the participant's index in the columns.</param>
    /// <param name="reasons">Why each participant was contacted (participant order), or empty (the default) for none.</param>
    /// <returns>The contacts (the columns are copied).</returns>
    /// <exception cref="ArgumentException">The columns differ in length (<paramref name="reasons"/> may be empty).</exception>
    /// <exception cref="ValidationFailedException">An id or intervention is not valid, the ids are not strictly
    /// increasing, a value or cost is not finite, an index is out of range, or the decision order is not a permutation.</exception>
    public static CycleContacts Create(ReadOnlySpan<string> participantIds, IReadOnlyList<string> interventions, ReadOnlySpan<int> interventionIndexes, ReadOnlySpan<double> values, ReadOnlySpan<double> costs, ReadOnlySpan<int> decisionOrder, ReadOnlySpan<string?> reasons = default)
    {
        ArgumentNullException.ThrowIfNull(interventions);
        var n = participantIds.Length;
        if (interventionIndexes.Length != n || values.Length != n || costs.Length != n || decisionOrder.Length != n || (!reasons.IsEmpty && reasons.Length != n))
        {
            throw new ArgumentException(Guard.Message($"The contact columns differ in length: {n} participants, {interventionIndexes.Length} interventions, {values.Length} values, {costs.Length} costs, {decisionOrder.Length} positions."));
        }

        var names = new string[interventions.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Guard.Key(interventions[i], nameof(ContactRecord), nameof(ContactRecord.Intervention));
        }

        var seen = new bool[n];
        for (var j = 0; j < n; j++)
        {
            Guard.Id(participantIds[j], nameof(ContactRecord), nameof(ContactRecord.ParticipantId));
            if (j > 0 && CodePointComparer.Instance.Compare(participantIds[j - 1], participantIds[j]) >= 0)
            {
                throw Guard.Fail(nameof(DecisionCycleRecord.Contacts), Guard.Message($"DecisionCycleRecord.Contacts: participant '{participantIds[j]}' is contacted more than once, or the participants are not in code-point order (after '{participantIds[j - 1]}')."));
            }

            if ((uint)interventionIndexes[j] >= (uint)names.Length)
            {
                throw Guard.OutOfRange(nameof(ContactRecord.Intervention), Guard.Message($"ContactRecord.Intervention of participant '{participantIds[j]}' is index {interventionIndexes[j]}; there are {names.Length} interventions."));
            }

            Guard.Finite(values[j], nameof(ContactRecord), nameof(ContactRecord.Value));
            Guard.Finite(costs[j], nameof(ContactRecord), nameof(ContactRecord.Cost));
            if (!reasons.IsEmpty && reasons[j] is { Length: > ContactRecord.MaxReasonLength } reason)
            {
                throw Guard.Fail(nameof(ContactRecord.Reason), Guard.Message($"ContactRecord.Reason of participant '{participantIds[j]}' has {reason.Length} characters; at most {ContactRecord.MaxReasonLength} are allowed."));
            }

            var k = decisionOrder[j];
            if ((uint)k >= (uint)n || seen[k])
            {
                throw Guard.Fail(nameof(DecisionOrder), Guard.Message($"CycleContacts.DecisionOrder is not a permutation of 0..{n - 1} (position {j} is {k})."));
            }

            seen[k] = true;
        }

        return new CycleContacts(participantIds.ToArray(), names, interventionIndexes.ToArray(), values.ToArray(), costs.ToArray(), decisionOrder.ToArray(), reasons.IsEmpty || n == 0 ? null : reasons.ToArray());
    }

    /// <summary>Makes the contacts from records in decision order.</summary>
    /// <param name="contacts">The contacts, in the order decided.</param>
    /// <returns>The contacts as columns; <paramref name="contacts"/> itself when it already is a <see cref="CycleContacts"/>.</returns>
    /// <exception cref="ValidationFailedException">A participant is contacted twice, or a contact is not valid.</exception>
    public static CycleContacts From(IReadOnlyList<ContactRecord> contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        if (contacts is CycleContacts columns)
        {
            return columns;
        }

        var n = contacts.Count;
        var byParticipant = new int[n];
        for (var k = 0; k < n; k++)
        {
            byParticipant[k] = k;
        }

        var ids = new string[n];
        for (var k = 0; k < n; k++)
        {
            ids[k] = (contacts[k] ?? throw Guard.Fail(nameof(DecisionCycleRecord.Contacts), Guard.Message($"DecisionCycleRecord.Contacts[{k}] must not be null."))).ParticipantId;
        }

        Array.Sort(byParticipant, (a, b) => CodePointComparer.Instance.Compare(ids[a], ids[b]));
        var interventions = new List<string>();
        var sortedIds = new string[n];
        var indexes = new int[n];
        var values = new double[n];
        var costs = new double[n];
        var order = new int[n];
        string?[]? reasons = null;
        for (var j = 0; j < n; j++)
        {
            var contact = contacts[byParticipant[j]];
            if (contact.Reason is { } reason)
            {
                reasons ??= new string?[n];
                reasons[j] = reason;
            }

            sortedIds[j] = contact.ParticipantId;
            var index = interventions.IndexOf(contact.Intervention);
            if (index < 0)
            {
                index = interventions.Count;
                interventions.Add(contact.Intervention);
            }

            indexes[j] = index;
            values[j] = contact.Value;
            costs[j] = contact.Cost;
            order[byParticipant[j]] = j;
        }

        return Create(sortedIds, interventions, indexes, values, costs, order, reasons);
    }

    /// <inheritdoc/>
    public IEnumerator<ContactRecord> GetEnumerator()
    {
        for (var k = 0; k < Count; k++)
        {
            yield return this[k];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
