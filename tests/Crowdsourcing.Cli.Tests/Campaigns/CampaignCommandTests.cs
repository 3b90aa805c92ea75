using System.Text.Json;
using Crowdsourcing.Cli.Campaigns;

namespace Crowdsourcing.Cli.Tests.Campaigns;

/// <summary>The campaign sub-commands end to end against a temporary SQLite file, with the shipped samples.</summary>
public sealed class CampaignCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Store => _temp.File("campaign.db");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Init_import_record_cycle_and_status_run_a_campaign_end_to_end()
    {
        var init = await Json("campaign", "init", Samples.Path("campaign.json"));
        Assert.Equal("client-assessments", init.GetProperty("campaign").GetString());
        Assert.True(init.GetProperty("created").GetBoolean());
        Assert.Equal(7, init.GetProperty("sections").GetInt32());
        Assert.Equal("crowdarb-paper", init.GetProperty("decisionModel").GetString());
        Assert.True(File.Exists(Store));

        var import = await Json("campaign", "import", Samples.Path("participants.csv"));
        Assert.Equal(8, import.GetProperty("participants").GetProperty("added").GetInt32());

        var record = await Json("campaign", "record", Samples.Path("submission.json"));
        Assert.True(record.GetProperty("created").GetBoolean());
        Assert.True(record.GetProperty("accepted").GetBoolean());
        Assert.Equal("accepted", record.GetProperty("status").GetString());
        Assert.Equal("good", record.GetProperty("readinessLevel").GetString());
        Assert.Equal(0, record.GetProperty("violations").GetArrayLength());

        var cycle = await Json("campaign", "cycle");
        Assert.Equal(1, cycle.GetProperty("cycle").GetInt32());
        Assert.False(cycle.GetProperty("alreadyRecorded").GetBoolean());
        Assert.Equal(8, cycle.GetProperty("participants").GetInt32());
        Assert.Equal(1, cycle.GetProperty("reportsApplied").GetInt32());
        var contacts = cycle.GetProperty("contacts").EnumerateArray().ToArray();
        Assert.NotEmpty(contacts);
        Assert.DoesNotContain(contacts, c => c.GetProperty("participant").GetString() == "alice"); // she just reported: nothing to learn
        Assert.All(contacts, c =>
        {
            Assert.Equal("email-campaign", c.GetProperty("intervention").GetString());
            Assert.Equal(3, c.GetProperty("cost").GetDouble());
            Assert.True(c.GetProperty("value").GetDouble() > c.GetProperty("cost").GetDouble());
            Assert.StartsWith("email-campaign: value ", c.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(c.GetProperty("bestActionWithoutContact").GetString()));
        });
        Assert.Equal(3 * contacts.Length, cycle.GetProperty("spend").GetDouble(), 9);

        // The campaign is weeks behind its schedule, but running the command again seconds later does not contact the
        // same people again: cycle 1 comes back, and the organiser forces cycle 2.
        var again = await Json("campaign", "cycle");
        Assert.Equal(1, again.GetProperty("cycle").GetInt32());
        Assert.True(again.GetProperty("alreadyRecorded").GetBoolean());
        var second = await Json("campaign", "cycle", "--force");
        Assert.Equal(2, second.GetProperty("cycle").GetInt32());

        var status = await Json("campaign", "status");
        Assert.Equal("client-assessments", status.GetProperty("campaign").GetProperty("id").GetString());
        Assert.Equal(8, status.GetProperty("participants").GetProperty("inStore").GetInt32());
        Assert.Equal(8, status.GetProperty("participants").GetProperty("inCrowd").GetInt32());
        Assert.Equal(1, status.GetProperty("assignments").GetProperty("total").GetInt32());
        Assert.Equal(1, status.GetProperty("assignments").GetProperty("accepted").GetInt32());
        Assert.Equal(2, status.GetProperty("cycles").GetProperty("run").GetInt32());
        Assert.Equal(contacts.Length + second.GetProperty("contacts").GetArrayLength(), status.GetProperty("cycles").GetProperty("contacts").GetInt32());
        Assert.Equal(2, status.GetProperty("cycles").GetProperty("latest").GetProperty("cycle").GetInt32());
        var workshop = status.GetProperty("workshop");
        Assert.Equal(2, workshop.GetProperty("week").GetInt32());
        Assert.Equal(150, workshop.GetProperty("threshold").GetDouble());
        Assert.Equal(workshop.GetProperty("totalExpectedUtility").GetDouble() >= 150, workshop.GetProperty("hold").GetBoolean());
        Assert.Equal(8, workshop.GetProperty("participants").GetInt32());
        var invitees = workshop.GetProperty("invitees").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(1, invitees.Length), invitees.Select(i => i.GetProperty("rank").GetInt32()));
        Assert.True(invitees.Zip(invitees.Skip(1)).All(p => p.First.GetProperty("expectedUtility").GetDouble() >= p.Second.GetProperty("expectedUtility").GetDouble()));
    }

    [Fact]
    public async Task The_table_outputs_say_whom_to_contact_and_why()
    {
        Assert.Contains("campaign 'client-assessments' (Client assessments) created in", (await Ok("campaign", "init", Samples.Path("campaign.json"))).Output);
        Assert.Contains("campaign 'client-assessments' (Client assessments) was already in", (await Ok("campaign", "init", Samples.Path("campaign.json"))).Output);
        Assert.Contains("8 participants imported", (await Ok("campaign", "import", Samples.Path("participants.csv"))).Output);
        Assert.Contains("0 added, 0 updated, 8 unchanged", (await Ok("campaign", "import", Samples.Path("participants.csv"))).Output);
        Assert.Contains("accepted; readiness level good", (await Ok("campaign", "record", Samples.Path("submission.json"))).Output);

        var cycle = await Ok("campaign", "cycle");
        Assert.Contains("cycle 1 of 'client-assessments' (week 0 to week 1), model crowdarb-paper, policy myopic: 8 participants, 1 report applied", cycle.Output);
        Assert.Contains("Best action if left alone", cycle.Output);
        Assert.Contains("│ bob ", cycle.Output);
        Assert.Contains("email-campaign", cycle.Output);

        var status = await Ok("campaign", "status", "--invitees", "2");
        Assert.Contains("participants: 8 in the store, 8 in the campaign's crowd", status.Output);
        Assert.Contains("assignments: 1 (draft 0, submitted 0, reopened 0, accepted 1, cancelled 0)", status.Output);
        Assert.Contains("cycles run: 1", status.Output);
        Assert.Contains("workshop: ", status.Output);
        Assert.Contains("1. alice", status.Output);
        Assert.Contains("... and 6 more", status.Output);
    }

    [Fact]
    public async Task A_submission_that_breaks_a_rule_is_reopened_with_the_violations()
    {
        await Ok("campaign", "init", Samples.Path("campaign.json"));
        await Ok("campaign", "import", Samples.Path("participants.csv"));
        var file = _temp.File("partial.json");
        await File.WriteAllTextAsync(file, """
            { "assignment": "globex-bob", "participant": "bob", "subject": { "id": "globex", "name": "Globex" },
              "answers": { "w1-q1": "ERP", "w1-q2": "on premises", "w2-q1": "CRM", "w2-q2": "SaaS" } }
            """);

        var record = await Json("campaign", "record", file);

        Assert.False(record.GetProperty("accepted").GetBoolean());
        Assert.Equal("reopened", record.GetProperty("status").GetString());
        Assert.Equal("poor", record.GetProperty("readinessLevel").GetString());
        Assert.Equal(["five-workloads", "one-datacenter"], record.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("rule").GetString()!).Order(StringComparer.Ordinal));
        var table = await Ok("campaign", "record", file);
        Assert.Contains("reopened; readiness level poor", table.Output);
        Assert.Contains("  - five-workloads: ", table.Output);
    }

    [Theory]
    [InlineData("id,displayName,layer\nann,Ann,internal\nben,Ben,vip\n", "participants.csv line 3: column 'layer' is 'vip'; expected one of internal, trusted-partners, prequalified, general")]
    [InlineData("id,displayName,layer\nann,,internal\n", "participants.csv line 2: column 'displayName' is empty; it is required")]
    [InlineData("id,displayName\nann,Ann\n", "participants.csv line 1: the header has no 'layer' column")]
    [InlineData("id,name,layer\nann,Ann,internal\n", "participants.csv line 1: unknown column 'name'")]
    [InlineData("id,displayName,layer\nann,Ann,internal\nann,Ann B,internal\n", "participants.csv line 3: participant 'ann' is already on line 2")]
    [InlineData("id,displayName,layer,email\nann,\"Ann, PhD\",internal,not-an-email\n", "participants.csv line 2, column 'email': Participant.Email is not an e-mail address")]
    [InlineData("id,displayName,layer\nann,\"Ann,internal\n", "participants.csv line 2: a quoted field is not closed")]
    [InlineData("id,displayName,layer\nann,Ann\n", "participants.csv line 2: 2 fields; the header has 3")]
    public async Task A_bad_participants_file_names_the_line_and_imports_nothing(string csv, string fragment)
    {
        var file = _temp.File("participants.csv");
        await File.WriteAllTextAsync(file, csv);

        var run = await CliRunner.RunAsync("campaign", "import", file, "--store", Store);

        run.AssertUserError(fragment);
        Assert.False(File.Exists(Store)); // checked before the store is opened
    }

    [Fact]
    public async Task Quoted_fields_lists_and_an_update_are_imported()
    {
        await Ok("campaign", "init", Samples.Path("campaign.json"));
        var file = _temp.File("people.csv");
        await File.WriteAllTextAsync(file, "displayName,id,layer,qualifications,colleagueIds\n\"O'Neill, \"\"Em\"\"\",emma,prequalified,a; b,\nBob,bob,general,,emma\n");
        var first = await Json("campaign", "import", file);
        await File.WriteAllTextAsync(file, "id,displayName,layer\nemma,Emma,prequalified\nbob,Bob,general\n");
        var second = await Json("campaign", "import", file);

        Assert.Equal(2, first.GetProperty("participants").GetProperty("added").GetInt32());
        Assert.Equal(2, second.GetProperty("participants").GetProperty("updated").GetInt32()); // emma: new name, no qualifications; bob: no colleagues
        Assert.Equal(0, second.GetProperty("participants").GetProperty("added").GetInt32());
    }

    [Theory]
    [InlineData("\"kind\": \"macro-task\"", "\"kind\": \"macrotask\"", "campaign.json: $.task.kind")]
    [InlineData("\"decisionModel\": \"crowdarb-paper\"", "\"decisionModel\": \"crowdarb-paper\", \"colour\": 1", "campaign.json: $.campaign.colour is not a property of the campaign")]
    [InlineData("\"group\": \"datacenter\"", "\"group\": \"datacenter\", \"weight\": 2", "campaign.json: $.questionnaire.sections[5].weight is not a property")]
    [InlineData("{\n          \"name\": \"good\"", "{\n          \"name\": \"great\"", "$.campaign.readiness.levels are poor, fair, great; model 'crowdarb-paper' has the states poor, fair, good")]
    [InlineData("\"task\": {", "\"tasks\": 1, \"task\": {", "campaign.json: $.tasks is not a campaign file property")]
    [InlineData("\"questionnaireId\": \"client-assessment\"", "\"questionnaireId\": \"other\"", "other")]
    [InlineData("\"decisionModel\": \"crowdarb-paper\"", "\"decisionModel\": \"no-such-model\"", "campaign.json: $.campaign.decisionModel is 'no-such-model'; the command line knows the presets crowdarb-multichannel, crowdarb-paper")]
    public async Task A_bad_campaign_file_gets_one_line_naming_the_path(string find, string replace, string fragment)
    {
        var file = _temp.File("campaign.json");
        var text = await File.ReadAllTextAsync(Samples.Path("campaign.json"));
        Assert.Contains(find, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, text.Replace(find, replace, StringComparison.Ordinal));

        var run = await CliRunner.RunAsync("campaign", "init", file, "--store", Store);

        run.AssertUserError(fragment);
    }

    [Fact]
    public async Task Commands_on_a_missing_or_empty_store_say_what_to_do()
    {
        (await CliRunner.RunAsync("campaign", "status", "--store", Store)).AssertUserError("does not exist; create it with `crowdsourcing campaign init FILE");
        (await CliRunner.RunAsync("campaign", "cycle", "--store", Store)).AssertUserError("does not exist; create it with `crowdsourcing campaign init FILE");
        await Ok("campaign", "init", Samples.Path("campaign.json"));
        (await CliRunner.RunAsync("campaign", "cycle", "--store", Store, "--campaign", "nope")).AssertUserError("the store has no campaign 'nope'");
    }

    [Fact]
    public async Task Record_errors_are_one_line()
    {
        await Ok("campaign", "init", Samples.Path("campaign.json"));
        await Ok("campaign", "import", Samples.Path("participants.csv"));
        var file = _temp.File("submission.json");

        await File.WriteAllTextAsync(file, """{ "assignment": "a1", "participant": "alice", "answers": { "w1-q1": "x" } }""");
        (await CliRunner.RunAsync("campaign", "record", file, "--store", Store)).AssertUserError("submission.json: $.subject is needed");

        await File.WriteAllTextAsync(file, """{ "assignment": "a1", "participant": "alice", "answers": [] }""");
        (await CliRunner.RunAsync("campaign", "record", file, "--store", Store)).AssertUserError("submission.json: $.answers must be an object");

        await File.WriteAllTextAsync(file, """{ "assignment": "a1", "answers": {} }""");
        (await CliRunner.RunAsync("campaign", "record", file, "--store", Store)).AssertUserError("submission.json: $.participant is missing");

        await File.WriteAllTextAsync(file, """{ "assignment": "a1", "participant": "alice", "subject": { "id": "s", "name": "S" }, "answers": { "w2-q1": "x" } }""");
        (await CliRunner.RunAsync("campaign", "record", file, "--store", Store)).AssertUserError("w1-q1");

        await File.WriteAllTextAsync(file, """{ "assignment": "a2", "participant": "nobody", "subject": { "id": "s", "name": "S" }, "answers": { "w1-q1": "x" } }""");
        (await CliRunner.RunAsync("campaign", "record", file, "--store", Store)).AssertUserError("nobody");
    }

    [Fact]
    public async Task An_unreachable_postgresql_store_is_one_line_and_exit_1()
    {
        var run = await CliRunner.RunAsync("campaign", "status", "--store", "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=2");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: cannot open the store PostgreSQL: ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("Host=db;Database=crowd", true)]
    [InlineData("Username=x; host=db.example.com", true)]
    [InlineData("crowdsourcing.db", false)]
    [InlineData("Data Source=crowd.db", false)]
    [InlineData("hosts.db", false)]
    public void A_postgresql_store_is_recognised_by_host(string store, bool postgres)
    {
        Assert.Equal(postgres, RuntimeHost.IsPostgreSql(store));
    }

    [Fact]
    public async Task Reopen_cancel_and_delete_act_on_one_request_and_refuse_what_the_lifecycle_does_not_allow()
    {
        await Ok("campaign", "init", Samples.Path("campaign.json"));
        await Ok("campaign", "import", Samples.Path("participants.csv"));
        var record = await Json("campaign", "record", Samples.Path("submission.json"));
        var id = record.GetProperty("assignment").GetString()!;
        Assert.Equal("accepted", record.GetProperty("status").GetString());

        (await CliRunner.RunAsync("campaign", "reopen", id, "--store", Store)).AssertUserError("--reason");
        (await CliRunner.RunAsync("campaign", "delete", id, "--store", Store)).AssertUserError("cancel it first");
        (await CliRunner.RunAsync("campaign", "reopen", "no-such-request", "--reason", "x", "--store", Store)).AssertUserError("has no knowledge request 'no-such-request'");

        var reopened = await Json("campaign", "reopen", id, "--reason", "The server count looks too low.");
        Assert.Equal("reopened", reopened.GetProperty("status").GetString());
        Assert.Equal("The server count looks too low.", reopened.GetProperty("feedback")[0].GetString());
        Assert.StartsWith("cli-", reopened.GetProperty("modifiedBy").GetString(), StringComparison.Ordinal);
        (await CliRunner.RunAsync("campaign", "reopen", id, "--reason", "again", "--store", Store)).AssertUserError("it is reopened");

        var cancelled = await Json("campaign", "cancel", id, "--reason", "The client left.");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var version = cancelled.GetProperty("version").GetInt64();
        (await CliRunner.RunAsync("campaign", "delete", id, "--version", (version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", Store)).AssertUserError("version");

        Assert.Contains($"assignment '{id}' deleted", (await Ok("campaign", "delete", id)).Output, StringComparison.Ordinal);
        (await CliRunner.RunAsync("campaign", "delete", id, "--store", Store)).AssertUserError($"has no knowledge request '{id}'");
    }

    private async Task<CliRun> Ok(params string[] args)
    {
        var run = await CliRunner.RunAsync([.. args, "--store", Store]);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: exit {run.ExitCode}: {run.Error}");
        return run;
    }

    private async Task<JsonElement> Json(params string[] args)
    {
        var run = await Ok([.. args, "--format", "json"]);
        using var document = JsonDocument.Parse(run.Output);
        return document.RootElement.Clone();
    }
}
