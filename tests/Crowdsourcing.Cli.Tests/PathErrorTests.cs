namespace Crowdsourcing.Cli.Tests;

/// <summary>A path that is wrong gets one line naming the option (or the argument) and what is wrong with the path.</summary>
public sealed class PathErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_output_directory_that_cannot_be_created_names_the_option()
    {
        var file = _temp.File("a-file");
        await File.WriteAllTextAsync(file, "x");
        var below = Path.Combine(file, "plots");

        (await CliRunner.RunAsync("simulate", "--weeks", "1", "--participants", "5", "--plots", below)).AssertUserError($"--plots '{below}': the directory cannot be created");
        (await CliRunner.RunAsync("plot", "--out", below, "--resolution", "4")).AssertUserError($"--out '{below}': the directory cannot be created");
    }

    [Fact]
    public async Task An_output_directory_that_is_a_file_names_the_option()
    {
        var file = _temp.File("a-file");
        await File.WriteAllTextAsync(file, "x");

        (await CliRunner.RunAsync("simulate", "--weeks", "1", "--plots", file)).AssertUserError($"--plots '{file}' is a file; expected a directory");
        (await CliRunner.RunAsync("plot", "--out", file)).AssertUserError($"--out '{file}' is a file; expected a directory");
    }

    [Fact]
    public async Task A_store_that_is_a_directory_says_so()
    {
        var run = await CliRunner.RunAsync("campaign", "status", "--store", _temp.FullName);

        run.AssertUserError($"--store '{_temp.FullName}' is a directory; give a SQLite file in it, e.g. --store {Path.Combine(_temp.FullName, "crowdsourcing.db")}");
    }

    [Fact]
    public async Task A_store_in_a_missing_directory_says_so()
    {
        var store = Path.Combine(_temp.FullName, "missing", "crowd.db");

        (await CliRunner.RunAsync("campaign", "init", Samples.Path("campaign.json"), "--store", store)).AssertUserError($"there is no directory '{Path.Combine(_temp.FullName, "missing")}'");
    }

    [Theory]
    [InlineData("value", "--model", "--belief", "1,0,0")]
    [InlineData("simulate", "--model")]
    [InlineData("learn", "--log")]
    [InlineData("roadmap", "--spec")]
    public async Task An_input_file_that_is_a_directory_names_the_option(string command, string option, params string[] more)
    {
        var run = await CliRunner.RunAsync([command, option, _temp.FullName, .. more]);

        run.AssertUserError($"{option} '{_temp.FullName}' is a directory; expected a file");
    }

    [Theory]
    [InlineData("campaign init", "the campaign file")]
    [InlineData("campaign import", "the participants file")]
    [InlineData("campaign record", "the submission file")]
    [InlineData("model validate", "the model file")]
    public async Task An_input_argument_that_is_missing_or_a_directory_names_the_argument(string command, string what)
    {
        var missing = _temp.File("missing.json");
        var store = _temp.File("crowd.db");

        string[] Args(string file) => command.StartsWith("campaign", StringComparison.Ordinal) ? [.. command.Split(' '), file, "--store", store] : [.. command.Split(' '), file];
        (await CliRunner.RunAsync(Args(missing))).AssertUserError($"{what} '{missing}' does not exist");
        (await CliRunner.RunAsync(Args(_temp.FullName))).AssertUserError($"{what} '{_temp.FullName}' is a directory; expected a file");
        Assert.False(File.Exists(store));
    }
}
