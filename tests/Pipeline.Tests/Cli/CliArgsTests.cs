using EndoKED.Pipeline.Cli;

namespace EndoKED.Pipeline.Tests.Cli;

public class CliArgsTests
{
    [Fact]
    public void Options_flags_and_equals_forms_are_read()
    {
        var args = new CliArgs(["--centre", "centre-a", "--input=/tmp/x", "--no-demo"]);
        Assert.Equal("centre-a", args.Required("centre"));
        Assert.Equal("/tmp/x", args.Optional("input"));
        Assert.True(args.Flag("no-demo"));
        args.EnsureAllRead();
    }

    [Fact]
    public void A_misspelt_option_is_a_usage_error_not_silently_ignored()
    {
        var args = new CliArgs(["--centre", "a", "--inptu", "x"]);
        args.Required("centre");
        var e = Assert.Throws<UsageException>(args.EnsureAllRead);
        Assert.Contains("--inptu", e.Message);
    }

    [Fact]
    public void A_missing_required_option_names_itself()
    {
        var e = Assert.Throws<UsageException>(() => new CliArgs([]).Required("input"));
        Assert.Contains("--input", e.Message);
    }

    [Fact]
    public async Task An_unknown_verb_exits_with_2_and_lists_the_verbs()
    {
        var err = new StringWriter();
        var code = await EntryPoint.RunAsync(["frobnicate"], new CliConsole(new StringWriter(), err), CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("ingest", err.ToString());
    }

    [Fact]
    public async Task Bad_usage_of_a_verb_exits_with_2_and_points_at_its_help()
    {
        var err = new StringWriter();
        var code = await EntryPoint.RunAsync(["ingest", "--centre", "centre-a"], new CliConsole(new StringWriter(), err), CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("--input is required", err.ToString());
        Assert.Contains("--help", err.ToString());
    }
}
