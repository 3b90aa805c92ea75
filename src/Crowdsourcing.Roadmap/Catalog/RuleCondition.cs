using System.Text;

namespace Crowdsourcing.Roadmap.Catalog;

/// <summary>
/// When a rule applies: every field constraint holds (the fact's value is one of the listed values), at least one of
/// <see cref="Any"/> holds (when given), and <see cref="Not"/> does not hold (when given). An absent optional fact
/// (e.g. <c>cluster.stage</c> without a cluster) satisfies no constraint on it.
/// </summary>
/// <remarks>JSON: <c>{ "sensitivity": ["confidential", "secret"], "taskKind": "contest", "any": [ {…}, {…} ], "not": {…} }</c>.</remarks>
public sealed record RuleCondition
{
    /// <summary>The condition that always holds.</summary>
    public static RuleCondition Always { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>Creates a condition.</summary>
    /// <param name="fields">Field (see <see cref="FactFields.Names"/>) to allowed values; all must hold.</param>
    /// <param name="any">Alternatives, at least one of which must hold; <see langword="null"/> or empty for none.</param>
    /// <param name="not">A condition that must not hold, or <see langword="null"/>.</param>
    /// <exception cref="ValidationFailedException">A field is unknown, has no values, or a value is not allowed for it; the message names them.</exception>
    public RuleCondition(IReadOnlyDictionary<string, IReadOnlyList<string>> fields, IReadOnlyList<RuleCondition>? any = null, RuleCondition? not = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (field, values) in fields)
        {
            if (!FactFields.IsKnown(field))
            {
                throw new ValidationFailedException(field, $"Unknown condition field '{field}'; known fields: {string.Join(", ", FactFields.Names)}.");
            }

            if (values is null || values.Count == 0)
            {
                throw new ValidationFailedException(field, $"Condition field '{field}' lists no values.");
            }

            var allowed = FactFields.AllowedValues(field);
            foreach (var v in values)
            {
                if (!allowed.Contains(v))
                {
                    throw new ValidationFailedException(field, $"Condition field '{field}' has value '{v}', which is not one of {string.Join(", ", allowed)}.");
                }
            }
        }

        Fields = fields.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value], StringComparer.Ordinal);
        Any = any is null ? [] : [.. any];
        Not = not;
        _any = [.. Any];
        _fieldIndexes = [.. Fields.Keys.Select(FactFields.IndexOf)];
        _masks = [.. Fields.Select(p => p.Value.Aggregate(0UL, (mask, v) => mask | (1UL << FactFields.ValueIndex(FactFields.IndexOf(p.Key), v))))];
    }

    private readonly RuleCondition[] _any;
    private readonly int[] _fieldIndexes;
    private readonly ulong[] _masks;

    /// <summary>Field to allowed values; all must hold.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Fields { get; }

    /// <summary>Alternatives, at least one of which must hold when the list is not empty.</summary>
    public IReadOnlyList<RuleCondition> Any { get; }

    /// <summary>A condition that must not hold, or <see langword="null"/>.</summary>
    public RuleCondition? Not { get; }

    /// <summary>Whether the condition uses one of the planner's own choices (<see cref="FactFields.IsDerived"/>).</summary>
    public bool UsesDerivedFacts => Fields.Keys.Any(FactFields.IsDerived) || Any.Any(a => a.UsesDerivedFacts) || (Not?.UsesDerivedFacts ?? false);

    /// <summary>Evaluates the condition against facts.</summary>
    /// <param name="facts">Field to value.</param>
    /// <returns>Whether it holds.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var (field, values) in Fields)
        {
            if (!facts.TryGetValue(field, out var v) || !values.Contains(v))
            {
                return false;
            }
        }

        if (Any.Count > 0 && !Any.Any(a => a.Matches(facts)))
        {
            return false;
        }

        return Not is null || !Not.Matches(facts);
    }

    /// <summary>Evaluates the condition against the planner's indexed facts.</summary>
    internal bool Matches(FactSet facts)
    {
        for (var i = 0; i < _fieldIndexes.Length; i++)
        {
            var v = facts[_fieldIndexes[i]];
            if (v < 0 || (_masks[i] & (1UL << v)) == 0)
            {
                return false;
            }
        }

        if (_any.Length > 0)
        {
            var any = false;
            for (var i = 0; i < _any.Length && !any; i++)
            {
                any = _any[i].Matches(facts);
            }

            if (!any)
            {
                return false;
            }
        }

        return Not is null || !Not.Matches(facts);
    }

    /// <summary>The fields the condition tests, including those of its alternatives and its negation.</summary>
    public IEnumerable<string> FieldNames => Fields.Keys.Concat(Any.SelectMany(a => a.FieldNames)).Concat(Not?.FieldNames ?? []).Distinct(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool Equals(RuleCondition? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>A readable form, e.g. <c>sensitivity in [confidential, secret] and taskKind in [contest]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        foreach (var (field, values) in Fields.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parts.Add($"{field} in [{string.Join(", ", values)}]");
        }

        if (Any.Count > 0)
        {
            parts.Add("(" + string.Join(" or ", Any.Select(a => a.ToString())) + ")");
        }

        if (Not is not null)
        {
            parts.Add($"not ({Not})");
        }

        var sb = new StringBuilder();
        sb.AppendJoin(" and ", parts);
        return parts.Count == 0 ? "always" : sb.ToString();
    }
}
