using Crowdsourcing.Access;
using System.Data.Common;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Notifications.Smtp;
using Crowdsourcing.Notifications.Webhook;
using Microsoft.Extensions.Configuration;
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

    private bool _disposed;

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

    public Crowdsourcing.Learning.ICampaignLearningService Learning => _host.Services.GetRequiredService<Crowdsourcing.Learning.ICampaignLearningService>();

    public Crowdsourcing.PlanReports.ICampaignPlanReportService PlanReports => _host.Services.GetRequiredService<Crowdsourcing.PlanReports.ICampaignPlanReportService>();

    public IDecisionModelRegistry Models => _host.Services.GetRequiredService<IDecisionModelRegistry>();

    public IOutboxService Outbox => _host.Services.GetRequiredService<IOutboxService>();

    public Reconciliation.IAnswerReconciliationService Reconciliation => _host.Services.GetRequiredService<Reconciliation.IAnswerReconciliationService>();

    public Crowdsourcing.Quality.IReportReviewService Reviews => _host.Services.GetRequiredService<Crowdsourcing.Quality.IReportReviewService>();

    /// <summary>The configured input limits (<c>Crowdsourcing__Limits__…</c>), for what the tool stores itself.</summary>
    public Crowdsourcing.Options.InputLimits Limits => _host.Services.GetRequiredService<Crowdsourcing.Options.InputLimits>();

    public INotificationDispatcher Dispatcher => _host.Services.GetRequiredService<INotificationDispatcher>();

    /// <summary>The names of the notification channels configured (from the environment), for messages.</summary>
    public IReadOnlyList<string> Channels => [.. _host.Services.GetServices<INotificationChannel>().Select(c => c.Name)];

    /// <summary>Whether <paramref name="store"/> is a PostgreSQL connection string (it has a <c>Host=</c> key).</summary>
    public static bool IsPostgreSql(string store) =>
        store.Split(';').Any(part => part.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || part.TrimStart().StartsWith("Host =", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Opens the store named by <c>--store</c>; with <paramref name="create"/> false a missing SQLite file is an error
    /// (naming <c>campaign init</c>) rather than a new empty store. A path that is a directory, or whose directory does
    /// not exist, is an error naming <c>--store</c>.
    /// </summary>
    public static async Task<RuntimeHost> OpenAsync(string? store, bool create, CancellationToken cancellationToken)
    {
        var (description, useStore, file) = Resolve(store, create);
        var createdNow = file is not null && !File.Exists(file);
        var host = await StartAsync(useStore, description, cancellationToken).ConfigureAwait(false);
        host.CreatedFile = createdNow ? file : null;
        return host;
    }

    /// <summary>Whether the store named by <c>--store</c> exists: a SQLite file that is there, or any PostgreSQL connection string.</summary>
    public static bool Exists(string? store)
    {
        var (_, _, file) = Resolve(store, create: true);
        return file is null || File.Exists(file);
    }

    /// <summary>An empty in-memory runtime with the same decision models, to try a change before it is made to the store.</summary>
    public static Task<RuntimeHost> OpenScratchAsync(CancellationToken cancellationToken) =>
        StartAsync(b => b.UseInMemoryStore(), "a scratch copy in memory", cancellationToken);

    /// <summary>The SQLite file this command created, if any: deleted again when the command fails.</summary>
    public string? CreatedFile { get; private set; }

    private static (string Description, Action<CrowdsourcingBuilder> UseStore, string? File) Resolve(string? store, bool create)
    {
        store = string.IsNullOrWhiteSpace(store) ? DefaultStore : store.Trim();
        if (IsPostgreSql(store))
        {
            return ("PostgreSQL", b => b.UsePostgreSql(store), null);
        }

        if (store.Contains("Data Source=", StringComparison.OrdinalIgnoreCase))
        {
            return (store, b => b.UseSqlite(store), null);
        }

        var file = Path.GetFullPath(store);
        if (System.IO.Directory.Exists(file))
        {
            throw new CliException($"--store '{file}' is a directory; give a SQLite file in it, e.g. --store {Path.Combine(store, DefaultStore)}");
        }

        var directory = Path.GetDirectoryName(file);
        if (directory is not null && !System.IO.Directory.Exists(directory))
        {
            throw new CliException($"--store '{file}': there is no directory '{directory}'");
        }

        if (!create && !File.Exists(file))
        {
            throw new CliException($"the store '{file}' does not exist; create it with `crowdsourcing campaign init FILE{(store == DefaultStore ? string.Empty : $" --store {store}")}`");
        }

        var connectionString = "Data Source=" + file;
        return (file, b => b.UseSqlite(connectionString), file);
    }

    /// <summary>Who the tool acts as: <c>cli-{user}</c>, an administrator of the store it opens.</summary>
    public static Actor Operator { get; } = new(
        "cli-" + new string([.. Environment.UserName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]),
        $"{Environment.UserName} (command line)",
        [ActorRoles.Administrator]);

    private static async Task<RuntimeHost> StartAsync(Action<CrowdsourcingBuilder> useStore, string description, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        // The person at the terminal owns the store file (or holds its connection string): the tool acts as them,
        // an administrator of the local store, and records them in the audit fields.
        builder.Services.AddSingleton<IActorAccessor>(new OperatorAccessor(Operator));

        // Settings come from the environment (Crowdsourcing__Notifications__RetryFor, Crowdsourcing__Smtp__Host, ...):
        // a channel is added when its required setting is there, so `outbox dispatch` can deliver.
        builder.Configuration.AddEnvironmentVariables();
        builder.Services.AddCrowdsourcing(crowd =>
        {
            useStore(crowd);
            if (!string.IsNullOrWhiteSpace(builder.Configuration[SmtpNotificationOptions.SectionName + ":Host"]))
            {
                crowd.AddSmtpNotifications();
            }

            if (!string.IsNullOrWhiteSpace(builder.Configuration[WebhookNotificationOptions.SectionName + ":Endpoint"]))
            {
                crowd.AddWebhookNotifications();
            }

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
        catch (Exception ex) when (ex is OptionsValidationException or DbException or InvalidOperationException or CrowdsourcingException)
        {
            host.Dispose();
            throw new CliException($"cannot open the store {description}: {ex.Message}", ex, ExitCodes.Failure);
        }

        return new RuntimeHost(host, description);
    }

    /// <summary>Deletes the SQLite file this command created (and its journal files): a command that fails writes nothing.</summary>
    public async ValueTask DiscardCreatedFileAsync()
    {
        await DisposeAsync().ConfigureAwait(false);
        if (CreatedFile is not { } file)
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            File.Delete(path);
        }
    }

    /// <summary>Fails unless the store holds a campaign: the commands that add to a campaign come after <c>campaign init</c>.</summary>
    public async Task RequireCampaignAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in Store.Campaigns.ListAsync(PageRequest.First(1), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        throw new CliException(NoCampaign);
    }

    private const string NoCampaign = "the store holds no campaign; create one with `crowdsourcing campaign init FILE`";

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
            0 => throw new CliException(NoCampaign),
            1 => campaigns[0],
            _ => throw new CliException($"the store holds {(campaigns.Count > 10 ? "more than 10" : campaigns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} campaigns ({string.Join(", ", campaigns.Take(10).Select(c => c.Id))}); choose one with --campaign"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
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

/// <summary>The tool's <see cref="IActorAccessor"/>: always the operator.</summary>
internal sealed class OperatorAccessor(Actor actor) : IActorAccessor
{
    public Actor? Current => actor;
}
