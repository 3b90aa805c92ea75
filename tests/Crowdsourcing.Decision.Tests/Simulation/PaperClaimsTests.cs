using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Tests.Simulation;

/// <summary>The claims of the CrowdArb paper's section 5, reproduced with the preset in expected mode.</summary>
public class PaperClaimsTests
{
    private static SimulationResult Expected(ContactPolicy policy, int? weeks = null, NonResponderUpdate update = NonResponderUpdate.InterventionDynamics) =>
        Simulator.Run(Paper.Model, Paper.Scenario.With(weeks: weeks), new SimulationOptions { Policy = policy, NonResponderUpdate = update });

    [Fact]
    public void Week_zero_is_the_known_starting_state()
    {
        var result = Expected(ContactPolicies.Myopic);
        Assert.Equal(21, result.Weeks.Count);
        Assert.Equal(0, result.Weeks[0].Week);
        Assert.Equal((168 * 10) + (56 * 40), result.Weeks[0].TotalExpectedUtility, 9);
        Assert.Equal(0, result.Weeks[0].Contacts);
    }

    [Fact]
    public void Both_policies_rise_over_the_first_ten_cycles()
    {
        foreach (var policy in new[] { ContactPolicies.None, ContactPolicies.Myopic })
        {
            var weeks = Expected(policy).Weeks;
            Assert.True(weeks[10].TotalExpectedUtility > weeks[0].TotalExpectedUtility + 1000, policy.Name);
            for (var t = 4; t <= 10; t++)
            {
                Assert.True(weeks[t].TotalExpectedUtility > weeks[3].TotalExpectedUtility, $"{policy.Name} week {t}");
            }
        }
    }

    [Fact]
    public void Myopic_campaign_rises_higher_and_crosses_9000_around_the_twelfth_cycle()
    {
        var none = Expected(ContactPolicies.None);
        var myopic = Expected(ContactPolicies.Myopic);
        for (var t = 3; t <= 20; t++)
        {
            Assert.True(myopic.Weeks[t].TotalExpectedUtility > none.Weeks[t].TotalExpectedUtility + 500, $"week {t}");
        }

        Assert.Equal(11, myopic.ThresholdCrossedWeek);
        Assert.InRange(myopic.ThresholdCrossedWeek!.Value, 10, 14);
        Assert.True(myopic.Weeks.Skip(1).All(w => Math.Abs(w.Spend - (w.Contacts * 3)) < 1e-9));
        Assert.True(myopic.Weeks.Skip(1).All(w => Math.Abs(w.Responses - (0.2 * w.Contacts)) < 1e-9));
        Assert.Equal(336, myopic.Weeks[3].Contacts, 9);
    }

    [Fact]
    public void Without_a_campaign_the_total_never_crosses_and_settles_well_below()
    {
        var none = Expected(ContactPolicies.None, weeks: 200);
        Assert.Null(none.ThresholdCrossedWeek);
        Assert.All(none.Weeks, w => Assert.True(w.TotalExpectedUtility < 9000));
        Assert.InRange(none.Weeks[^1].TotalExpectedUtility, 6000, 6500);
        Assert.True(none.Weeks.All(w => w.Contacts == 0 && w.Spend == 0));
    }

    [Fact]
    public void Papers_literal_non_responder_update_does_not_cross()
    {
        var literal = Expected(ContactPolicies.Myopic, weeks: 100, update: NonResponderUpdate.PassiveDynamics);
        Assert.Null(literal.ThresholdCrossedWeek);
        Assert.InRange(literal.Weeks[20].TotalExpectedUtility, 7500, 8500);
        Assert.True(literal.Weeks[^1].TotalExpectedUtility < 9000);
    }

    [Fact]
    public void Response_aware_policy_runs_and_contacts_fewer()
    {
        var aware = Expected(ContactPolicies.ResponseAware);
        var myopic = Expected(ContactPolicies.Myopic);
        Assert.Equal("response-aware", aware.Policy);
        Assert.True(aware.Weeks.Sum(w => w.Contacts) < myopic.Weeks.Sum(w => w.Contacts));
    }
}
