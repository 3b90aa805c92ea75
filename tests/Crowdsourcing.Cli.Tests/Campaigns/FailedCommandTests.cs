using System.Text;
using System.Text.Json;
using Crowdsourcing.Cli.Campaigns;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Cli.Tests.Campaigns;

/// <summary>
/// A <c>campaign</c> command that fails writes nothing: the store's whole content (every record, response, assessment,
/// notification, cycle and belief) is the same before and after each failing command, and hostile input files (ids with
/// <c>/</c> or <c>..</c>, 10 MB names and answers, NUL) are refused with one line naming the file and where.
/// </summary>
public sealed class FailedCommandTests : IDisposable
{
    private static readonly string Huge = new('x', 10_000_000);

    private readonly TempDirectory _temp = new();

    private string Store => _temp.File("campaign.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Record_that_misses_a_mandatory_answer_creates_no_request_draft_or_notification()
    {
        await SeedAsync();
        var file = await SubmissionAsync("""{ "assignment": "new-request", "participant": "bob", "subject": { "id": "acme", "name": "ACME" }, "answers": { "w2-q1": "SAP" } }""");

        var (run, before, after) = await RunAndSnapshotAsync("campaign", "record", file, "--store", Store);

        run.AssertUserError("mandatory");
        Assert.Equal(before, after);
        var runtime = await RuntimeHost.OpenAsync(Store, create: false, CancellationToken.None);
        await using (runtime)
        {
            Assert.Null(await runtime.Store.Assignments.FindAsync("new-request"));
            Assert.Null(await runtime.Store.Responses.FindAsync("new-request"));
        }
    }

    [Fact]
    public async Task Record_that_succeeds_for_a_new_request_creates_it_with_its_notifications_in_one_go()
    {
        await SeedAsync();
        var text = (await File.ReadAllTextAsync(Samples.Path("submission.json"))).Replace("\"acme-alice\"", "\"acme-bob\"", StringComparison.Ordinal).Replace("\"alice\"", "\"bob\"", StringComparison.Ordinal);
        var file = await SubmissionAsync(text);

        var run = await CliRunner.RunAsync("campaign", "record", file, "--store", Store, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var runtime = await RuntimeHost.OpenAsync(Store, create: false, CancellationToken.None);
        await using (runtime)
        {
            var assignment = await runtime.Store.Assignments.FindAsync("acme-bob");
            Assert.NotNull(assignment);
            Assert.Equal(Assignments.AssignmentStatus.Accepted, assignment.Status);
            var kinds = new List<string>();
            await foreach (var notification in runtime.Store.Outbox.ListAsync(new PageRequest(null, 1000)))
            {
                if (notification.RecipientId == "bob")
                {
                    kinds.Add(notification.Kind);
                }
            }

            Assert.Contains("assignment-created", kinds);
            Assert.Contains("assignment-accepted", kinds);
        }
    }

    public static TheoryData<string, string, string> FailingRecords => new()
    {
        { """{ "assignment": "a/b", "participant": "bob", "subject": { "id": "acme", "name": "ACME" }, "answers": { "w1-q1": "SAP" } }""", "", "'/' at position 2" },
        { """{ "assignment": "..", "participant": "bob", "subject": { "id": "acme", "name": "ACME" }, "answers": { "w1-q1": "SAP" } }""", "", "must not start or end with a dot" },
        { """{ "assignment": "r1", "participant": "nobody", "subject": { "id": "acme", "name": "ACME" }, "answers": { "w1-q1": "SAP" } }""", "", "nobody" },
        { """{ "assignment": "r1", "participant": "bob", "subject": { "id": "acme", "name": "HUGE" }, "answers": { "w1-q1": "SAP" } }""", "", "at most 200 characters (value has 10,000,000)" },
        { """{ "assignment": "globex-bob", "participant": "bob", "answers": { "w1-q1": "HUGE" } }""", "", "Answer.Value must be at most 65,536 characters (value has 10,000,000)" },
        { """{ "assignment": "globex-bob", "participant": "bob", "answers": { "w1-q1": "a\u0000b" } }""", "", "U+0000" },
        { """{ "assignment": "globex-bob", "participant": "bob", "answers": { "no-such-question": "x" } }""", "", "no-such-question" },
        { """{ "assignment": "globex-bob", "participant": "bob", "answers": { "w1-q1": "SAP" } }""", "--campaign", "nope" },
    };

    [Theory]
    [MemberData(nameof(FailingRecords))]
    public async Task A_failing_record_leaves_the_store_as_it_was(string json, string option, string fragment)
    {
        await SeedAsync(withDraft: true);
        var file = await SubmissionAsync(json.Replace("HUGE", Huge, StringComparison.Ordinal));
        string[] args = option.Length == 0 ? ["campaign", "record", file, "--store", Store] : ["campaign", "record", file, "--store", Store, option, "nope"];

        var (run, before, after) = await RunAndSnapshotAsync(args);

        run.AssertUserError(fragment);
        Assert.True(run.Error.Length < 2000, "the error echoes the hostile value");
        Assert.Equal(before, after);
    }

    public static TheoryData<string, string> FailingImports => new()
    {
        { "id,displayName,layer\nann,Ann,internal\na/b,Slash,internal\n", "participants.csv line 3, column 'id': Participant.Id has '/' at position 2" },
        { "id,displayName,layer\n..,Dots,internal\n", "participants.csv line 2, column 'id': Participant.Id must not start or end with a dot" },
        { "id,displayName,layer\nann,a%2Fb,internal\nb%2Fc,B,internal\n", "participants.csv line 3, column 'id': Participant.Id has '%' at position 2" },
        { "id,displayName,layer\nann," + new string('n', 201) + ",internal\n", "participants.csv line 2, column 'displayName': Participant.DisplayName must be at most 200 characters (value has 201)" },
        { "id,displayName,layer\nann,A\u0000nn,internal\n", "participants.csv line 2, column 'displayName': Participant.DisplayName must not contain control characters; it has the character U+0000 at position 2" },
        { "id,displayName,layer\nann," + Huge + ",internal\n", "participants.csv line 2: 10,000,013 characters; a line may have at most 1,048,576" },
        { "id,displayName,layer,email\nann,Ann,internal," + new string('a', 250) + "@example.com\n", "participants.csv line 2, column 'email': Participant.Email must be at most 254 characters" },
        { "id,displayName,layer,qualifications\nann,Ann,internal," + string.Join(';', Enumerable.Range(0, 1001).Select(i => $"q{i}")) + "\n", "column 'qualifications': Participant.Qualifications may have at most 1,000 items (it has 1,001)" },
        { "id,displayName,layer\nmaria,Maria Rossi,internal\nann,Ann,vip\n", "participants.csv line 3: column 'layer' is 'vip'" },
    };

    [Theory]
    [MemberData(nameof(FailingImports))]
    public async Task A_failing_import_leaves_the_store_as_it_was(string csv, string fragment)
    {
        await SeedAsync();
        var file = _temp.File("participants.csv");
        await File.WriteAllTextAsync(file, csv);

        var (run, before, after) = await RunAndSnapshotAsync("campaign", "import", file, "--store", Store);

        run.AssertUserError(fragment);
        Assert.True(run.Error.Length < 2000, "the error echoes the hostile value");
        Assert.Equal(before, after);
    }

    public static TheoryData<string, string, string> FailingInits => new()
    {
        { "\"id\": \"client-assessments\"", "\"id\": \"a/b\"", "campaign.json: $.campaign: Campaign.Id has '/' at position 2" },
        { "\"id\": \"client-discovery\"", "\"id\": \"..\"", "must not start or end with a dot" },
        { "\"name\": \"Client assessments", "\"name\": \"HUGE", "must be at most 200 characters (value has 10,000,0" },
        { "\"questionnaireId\": \"client-assessment\"", "\"questionnaireId\": \"other\"", "other" },
        { "\"decisionModel\": \"crowdarb-paper\"", "\"decisionModel\": \"no-such-model\"", "no-such-model" },
        { "\"task\": {", "\"task\": { \"deep\": " + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + ",", "the JSON is nested deeper than 64 levels" },
    };

    [Theory]
    [MemberData(nameof(FailingInits))]
    public async Task A_failing_init_leaves_the_store_as_it_was(string find, string replace, string fragment)
    {
        await SeedAsync();
        var text = await File.ReadAllTextAsync(Samples.Path("campaign.json"));
        Assert.Contains(find, text, StringComparison.Ordinal);
        var file = _temp.File("campaign.json");
        await File.WriteAllTextAsync(file, text.Replace(find, replace.Replace("HUGE", Huge, StringComparison.Ordinal), StringComparison.Ordinal));

        var (run, before, after) = await RunAndSnapshotAsync("campaign", "init", file, "--store", Store);

        run.AssertUserError(fragment);
        Assert.True(run.Error.Length < 2000, "the error echoes the hostile value");
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("cycle", "nope", "the store has no campaign 'nope'")]
    [InlineData("cycle", "a/b", "the store has no campaign 'a/b'")]
    [InlineData("status", "nope", "the store has no campaign 'nope'")]
    public async Task A_failing_cycle_or_status_leaves_the_store_as_it_was(string command, string campaign, string fragment)
    {
        await SeedAsync(withDraft: true);

        var (run, before, after) = await RunAndSnapshotAsync("campaign", command, "--store", Store, "--campaign", campaign);

        run.AssertUserError(fragment);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_input_file_over_256_MiB_is_refused_before_it_is_read()
    {
        await SeedAsync();
        var file = _temp.File("participants.csv");
        await using (var stream = File.Create(file))
        {
            stream.SetLength(CliPaths.MaxInputFileBytes + 1);
        }

        var (run, before, after) = await RunAndSnapshotAsync("campaign", "import", file, "--store", Store);

        run.AssertUserError("has 268,435,457 bytes; the command line reads input files of at most 268,435,456 bytes (256 MiB)");
        Assert.Equal(before, after);
    }

    /// <summary>A store with the sample campaign, its participants, one accepted request and one cycle; with
    /// <paramref name="withDraft"/>, a second request with a saved draft too.</summary>
    private async Task SeedAsync(bool withDraft = false)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "init", Samples.Path("campaign.json"), "--store", Store)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "import", Samples.Path("participants.csv"), "--store", Store)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("campaign", "cycle", "--store", Store)).ExitCode);
        if (withDraft)
        {
            // A submission that breaks the quality rules: the request is reopened, so it can be answered again.
            var file = await SubmissionAsync("""
                { "assignment": "globex-bob", "participant": "bob", "subject": { "id": "globex", "name": "Globex" },
                  "answers": { "w1-q1": "ERP", "w1-q2": "on premises", "w2-q1": "CRM", "w2-q2": "SaaS" } }
                """);
            Assert.Equal(0, (await CliRunner.RunAsync("campaign", "record", file, "--store", Store)).ExitCode);
        }
    }

    private async Task<string> SubmissionAsync(string json)
    {
        var file = _temp.File("submission.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }

    private async Task<(CliRun Run, string Before, string After)> RunAndSnapshotAsync(params string[] args)
    {
        var before = await SnapshotAsync();
        var run = await CliRunner.RunAsync(args);
        var after = await SnapshotAsync();
        return (run, before, after);
    }

    private Task<string> SnapshotAsync() => SnapshotAsync(Store);

    /// <summary>Everything the store <paramref name="storePath"/> holds, as text.</summary>
    internal static async Task<string> SnapshotAsync(string storePath)
    {
        var runtime = await RuntimeHost.OpenAsync(storePath, create: false, CancellationToken.None);
        await using (runtime)
        {
            var store = runtime.Store;
            var all = new PageRequest(null, 10_000);
            var text = new StringBuilder();
            await AddAsync(text, "campaigns", store.Campaigns.ListAsync(all));
            await AddAsync(text, "tasks", store.Tasks.ListAsync(all));
            await AddAsync(text, "participants", store.Participants.ListAsync(all));
            await AddAsync(text, "questionnaires", store.Questionnaires.ListAsync(all));
            await AddAsync(text, "assignments", store.Assignments.ListAsync(all));
            await AddAsync(text, "responses", store.Responses.ListAsync(all));
            await AddAsync(text, "notifications", store.Outbox.ListAsync(all));
            await foreach (var campaign in store.Campaigns.ListAsync(all))
            {
                await AddAsync(text, $"cycles of {campaign.Id}", store.Cycles.ListAsync(campaign.Id));
                await AddAsync(text, $"beliefs of {campaign.Id}", store.Beliefs.ListAsync(campaign.Id, all));
                await foreach (var assignment in store.Assignments.ListByCampaignAsync(campaign.Id, all))
                {
                    await AddAsync(text, $"assessments of {assignment.Id}", store.Assignments.ListAssessmentsAsync(assignment.Id));
                }
            }

            return text.ToString();
        }
    }

    private static async Task AddAsync<T>(StringBuilder text, string name, IAsyncEnumerable<T> items)
    {
        text.AppendLine(name);
        await foreach (var item in items)
        {
            text.AppendLine(JsonSerializer.Serialize(item, JsonSerializerOptions.Web));
        }
    }
}
