using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Providers.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Providers.PostgreSql.Tests.Runtime;

/// <summary>
/// Issue 7, "several instances", at the runtime level: two host instances, each
/// <c>AddCrowdsourcing(b => b.UsePostgreSql(cs).AddDecisionModels(e => e.AddPreset("crowdarb-paper")))</c> with its own
/// connection pool and clock, on one fresh database, run the same decision cycles at the same moment.
/// </summary>
public sealed class PostgreSqlSeveralInstancesRuntimeTests
{
    private const int Participants = 400;

    [Fact]
    public async Task Two_instances_running_the_same_decision_cycles_at_once_contact_each_selected_participant_once()
    {
        await using var hosts = await PostgreSqlInstances.StartAsync(
            2,
            (i, services) => services.AddSingleton<TimeProvider>(new TestClock(CycleCampaign.At(1, i))),
            b => b.AddDecisionModels(e => e.AddPreset(CycleCampaign.Model)));

        await SeveralInstancesScenario.RunAsync(hosts.Instances, Participants);
    }
}
