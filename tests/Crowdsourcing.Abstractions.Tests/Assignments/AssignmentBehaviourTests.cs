using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Assignments;

namespace Crowdsourcing.Abstractions.Tests.Assignments;

public sealed class AssignmentBehaviourTests
{
    private const AssignmentStatus Draft = AssignmentStatus.Draft;
    private const AssignmentStatus Submitted = AssignmentStatus.Submitted;
    private const AssignmentStatus Reopened = AssignmentStatus.Reopened;
    private const AssignmentStatus Accepted = AssignmentStatus.Accepted;
    private const AssignmentStatus Cancelled = AssignmentStatus.Cancelled;

    /// <summary>The whole transition table: every (from, to) pair and whether the move is allowed.</summary>
    public static TheoryData<AssignmentStatus, AssignmentStatus, bool> Transitions
    {
        get
        {
            var allowed = new HashSet<(AssignmentStatus, AssignmentStatus)>
            {
                (Draft, Submitted),
                (Draft, Cancelled),
                (Submitted, Accepted),
                (Submitted, Reopened),
                (Accepted, Reopened),
                (Submitted, Cancelled),
                (Reopened, Submitted),
                (Reopened, Cancelled),
            };
            var data = new TheoryData<AssignmentStatus, AssignmentStatus, bool>();
            foreach (var from in Enum.GetValues<AssignmentStatus>())
            {
                foreach (var to in Enum.GetValues<AssignmentStatus>())
                {
                    data.Add(from, to, allowed.Contains((from, to)));
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void CanMoveTo_follows_the_lifecycle(AssignmentStatus from, AssignmentStatus to, bool allowed) =>
        Assert.Equal(allowed, from.CanMoveTo(to));

    [Fact]
    public void Transition_table_covers_all_twenty_five_pairs() => Assert.Equal(25, Transitions.Count);

    [Fact]
    public void Undefined_statuses_cannot_move()
    {
        Assert.False(((AssignmentStatus)99).CanMoveTo(Submitted));
        Assert.False(Draft.CanMoveTo((AssignmentStatus)99));
    }

    [Theory]
    [InlineData(Draft, true)]
    [InlineData(Submitted, false)]
    [InlineData(Reopened, true)]
    [InlineData(Accepted, false)]
    [InlineData(Cancelled, false)]
    public void Only_draft_and_reopened_are_editable_and_pending(AssignmentStatus status, bool editable)
    {
        Assert.Equal(editable, status.IsEditable());
        Assert.Equal(editable, status.IsPending());
    }

    [Fact]
    public void Contributors_are_assignees_then_delegates_without_repeats()
    {
        // Assignees expert-7 and expert-9; delegations to expert-8 and expert-10.
        Assert.Equal(["expert-7", "expert-9", "expert-8", "expert-10"], Samples.Assignment().Contributors());
    }

    [Fact]
    public void Contributors_count_a_delegate_who_is_also_an_assignee_once()
    {
        var assignment = new Assignment("a", "c", "t", "q", new Subject("s", "S"), ["p1", "p2"], Draft, Samples.Start, [Samples.Delegation("d1", "p1", "p2"), Samples.Delegation("d2", "p2", "p3"), Samples.Delegation("d3", "p1", "p3")]);
        Assert.Equal(["p1", "p2", "p3"], assignment.Contributors());
    }

    [Fact]
    public void Contributors_compare_ids_ordinally()
    {
        var assignment = new Assignment("a", "c", "t", "q", new Subject("s", "S"), ["p1"], Draft, Samples.Start, [Samples.Delegation("d1", "p1", "P1")]);
        Assert.Equal(["p1", "P1"], assignment.Contributors());
    }

    [Fact]
    public void Contributors_without_delegations_are_the_assignees()
    {
        var assignment = new Assignment("a", "c", "t", "q", new Subject("s", "S"), ["p2", "p1"], Draft, Samples.Start);
        Assert.Equal(["p2", "p1"], assignment.Contributors());
    }
}
