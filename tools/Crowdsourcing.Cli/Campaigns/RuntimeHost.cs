using System.Data.Common;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Cli.Campaigns;

/// <summary>
/// The runtime over the store named by <c>--store</c>: a SQLite file (the default, <c>crowdsourcing.db</c> in the
/// working directory; a <c>Data Source=…</c> connection string is taken as it is) or a PostgreSQL connection string
/// (recognised by <c>Host=</c>). Built as a small host with <c>AddCrowdsourcing(b =&gt; b.UseSqlite(…) or
/// .UsePostgreSql(…).AddDecisionModels(…))</c>, every built-in decision preset registered under its own name; starting
/// it validates the options and applies the store's migrations.
/// </summary>
internal sealed class RuntimeHost : IAsyncDisposable
{
    public const string DefaultStore = "crowdsourcing.db";

    private readonly IHost _host;

    private RuntimeHost(IHost host, string description)
    {
        _host = host;
        Description = description;
    }

    /// <summary>The store, for messages: the SQLite file's full path, or "PostgreSQL".</summary>
    public string Description { get; }

    public ICrowdsourcingStore Store => _host.Services.GetRequiredService<ICrowdsourcingStore>();

    public ICampaignService Campaigns => _host.Services.GetRequiredService<ICampaignService>();

    public IAssignmentService Assignments => _host.Services.GetRequiredService<IAssignmentService>();

    public IDecisionCycleService Cycles => _host.Services.GetRequiredService<IDecisionCycleService>();

    public IDecisionModelRegistry Models => _host.Services.GetRequiredService<IDecisionModelRegistry>();

    /// <summary>Whether <paramref name="store"/> is a PostgreSQL connection string (it has a <c>Host=</c> key).</summary>
    public static bool IsPostgreSql(string store) =>
        store.Split(';').Any(part => part.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || part.TrimStart().StartsWith("Host =", StringComparison.OrdinalIgnoreCase));

    /// <summary>Opens the store; with <paramref name="create"/> false a missing SQLite file is an error rather than a new empty store.</summary>
    public static async Task<RuntimeHost> OpenAsync(string? store, bool create, CancellationToken cancellationToken)
    {
        store = string.IsNullOrWhiteSpace(store) ? DefaultStore : store.Trim();
        string description;
        Action<CrowdsourcingBuilder> useStore;
        if (IsPostgreSql(store))
        {
            description = "PostgreSQL";
            useStore = b => b.UsePostgreSql(store);
        }
        else
        {
            var isConnectionString = store.Contains("Data Source=", StringComparison.OrdinalIgnoreCase);
            var connectionString = isConnectionString ? store : "Data Source=" + Path.GetFullPath(store);
            var file = isConnectionString ? null : Path.GetFullPath(store);
            description = file ?? store;
            if (file is not null && !create && !File.Exists(file))
            {
                throw new CliException($"the store '{file}' does not exist; create it with `crowdsourcing campaign init FILE --store {store}`");
            }

            if (file is not null && !Directory.Exists(Path.GetDirectoryName(file)))
            {
                throw new CliException($"the directory of the store '{file}' does not exist");
            }

            useStore = b => b.UseSqlite(connectionString);
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrowdsourcing(crowd =>
        {
            useStore(crowd);
            crowd.AddDecisionModels(engine =>
            {
                foreach (var preset in DecisionPresets.Names)
                {
                    engine.AddPreset(preset);
                }
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OptionsValidationException or DbException or InvalidOperationException)
        {
            host.Dispose();
            throw new CliException($"cannot open the store {description}: {ex.Message}", ex, ExitCodes.Failure);
        }

        return new RuntimeHost(host, description);
    }

    /// <summary>The campaign named by <c>--campaign</c>, or the store's only campaign.</summary>
    public async Task<Campaign> ResolveCampaignAsync(string? campaignId, CancellationToken cancellationToken)
    {
        if (campaignId is not null)
        {
            return await Store.Campaigns.FindAsync(campaignId, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException($"the store has no campaign '{campaignId}'");
        }

        var campaigns = new List<Campaign>();
        await foreach (var campaign in Store.Campaigns.ListAsync(PageRequest.First(11), cancellationToken).ConfigureAwait(false))
        {
            campaigns.Add(campaign);
        }

        return campaigns.Count switch
        {
            0 => throw new CliException("the store holds no campaign; create one with `crowdsourcing campaign init FILE`"),
            1 => campaigns[0],
            _ => throw new CliException($"the store holds {(campaigns.Count > 10 ? "more than 10" : campaigns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} campaigns ({string.Join(", ", campaigns.Take(10).Select(c => c.Id))}); choose one with --campaign"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (_host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                _host.Dispose();
            }
        }
    }
}
