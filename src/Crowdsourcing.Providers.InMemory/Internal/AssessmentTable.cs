using Crowdsourcing.Quality;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>
/// The quality assessments of each assignment, oldest first. An assessment identical to one already stored for the
/// same assignment (same JSON, so the same time, verdict and violations) is stored once, so a retried commit does not
/// duplicate it. Not thread-safe: the store's lock guards it.
/// </summary>
internal sealed class AssessmentTable
{
    private readonly Dictionary<string, List<(QualityAssessment Assessment, string Json)>> _byAssignment = new(StringComparer.Ordinal);

    /// <summary>A private copy of an assessment and its JSON, made outside the lock.</summary>
    public static (QualityAssessment Assessment, string Json) Prepare(QualityAssessment assessment) =>
        (Copy(assessment), CrowdsourcingJson.Serialize(assessment));

    public static QualityAssessment Copy(QualityAssessment assessment) => assessment with { Violations = assessment.Violations.ToArray() };

    /// <summary>Whether an identical assessment is stored.</summary>
    public bool Contains((QualityAssessment Assessment, string Json) row) =>
        _byAssignment.TryGetValue(row.Assessment.AssignmentId, out var list) && list.Exists(r => string.Equals(r.Json, row.Json, StringComparison.Ordinal));

    public void Add((QualityAssessment Assessment, string Json) row)
    {
        if (!_byAssignment.TryGetValue(row.Assessment.AssignmentId, out var list))
        {
            list = [];
            _byAssignment.Add(row.Assessment.AssignmentId, list);
        }

        list.Add(row);
    }

    /// <summary>Removes every assessment of one assignment.</summary>
    public void Remove(string assignmentId) => _byAssignment.Remove(assignmentId);

    /// <summary>The assessments of one assignment ordered by <see cref="QualityAssessment.AssessedAt"/>, then by when they were stored.</summary>
    public List<QualityAssessment> List(string assignmentId) =>
        _byAssignment.TryGetValue(assignmentId, out var list)
            ? list.Select(r => r.Assessment).OrderBy(a => a.AssessedAt).ToList()
            : [];
}
