using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Providers.Tests.Runtime;

namespace Crowdsourcing.Providers.Sqlite.Tests.Runtime;

/// <summary>Issue 7, "several instances", at the runtime level on SQLite: two service providers (two stores, two
/// connection pools) on one database file, as two host processes on one machine would share it.</summary>
public sealed class SqliteSeveralInstancesTests : IAsyncLifetime
{
    private const int Participants = 300;
    private readonly SqliteTestDatabase _db = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Two_service_providers_on_one_file_running_the_same_decision_cycles_at_once_contact_each_selected_participant_once()
    {
        await using var first = CycleCampaign.BuildHost(b => b.UseSqlite(_db.ConnectionString), CycleCampaign.At(1));
        await using var second = CycleCampaign.BuildHost(b => b.UseSqlite(_db.ConnectionString), CycleCampaign.At(1, 1));

        await SeveralInstancesScenario.RunAsync([first, second], Participants);
    }
}
