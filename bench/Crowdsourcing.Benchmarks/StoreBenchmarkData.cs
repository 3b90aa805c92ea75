using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Benchmarks;

/// <summary>The records the store benchmarks write: beliefs, and a decision cycle with its contacts.</summary>
internal static class StoreBenchmarkData
{
    public const string CampaignId = "bench-campaign";

    public static DateTimeOffset DecidedAt { get; } = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static string ParticipantId(int i) => $"participant-{i:D7}";

    /// <summary><paramref name="count"/> week-1 beliefs of one campaign, over three states, all different.</summary>
    public static ParticipantBelief[] Beliefs(int count)
    {
        var beliefs = new ParticipantBelief[count];
        for (var i = 0; i < count; i++)
        {
            var good = (i % 100) / 1000.0;
            beliefs[i] = new ParticipantBelief(CampaignId, ParticipantId(i), 1, [0.6 - good, 0.3, 0.1 + good]);
        }

        return beliefs;
    }

    /// <summary>
    /// The change set the decision cycle commits for cycle <paramref name="cycle"/> when it contacts
    /// <paramref name="contacts"/> participants: the cycle record with its contacts, one contact notification each and,
    /// when <paramref name="withBeliefs"/>, their beliefs of that week.
    /// </summary>
    public static ChangeSet Cycle(int cycle, int contacts, bool withBeliefs)
    {
        var ids = new string[contacts];
        for (var i = 0; i < contacts; i++)
        {
            ids[i] = ParticipantId(i);
        }

        var changes = new ChangeSet().RecordCycle(new DecisionCycleRecord(
            CampaignId, cycle, DecidedAt, [.. ids.Select(p => new ContactRecord(p, "email-campaign", 6.79, 3))], 12_345.6));
        foreach (var p in ids)
        {
            changes.Enqueue(new Notification($"contact:{CampaignId}:{cycle}:{p}", "email", p, "contact", "Client assessments: please bring your knowledge request up to date", "In week 1 of the campaign we would like to hear where your knowledge request stands.", DecidedAt));
        }

        if (withBeliefs)
        {
            changes.SaveBeliefs([.. ids.Select(p => new ParticipantBelief(CampaignId, p, cycle, [0.55, 0.3, 0.15]))]);
        }

        return changes;
    }
}
