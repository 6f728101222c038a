using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EndoKED.Pipeline.Tests.Cli;

/// <summary>The ./endoked script itself, run as a user runs it (the solution is already built by ./endoked test).</summary>
public sealed class EndokedScriptTests
{
    private static string TestPostgres =>
        Environment.GetEnvironmentVariable("ENDOKED_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("ENDOKED_TEST_POSTGRES is not set: run the tests with ./endoked test.");

    private static async Task<(int Code, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string> env, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(TestPaths.RepoRoot, "endoked"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("ENDOKED_POSTGRES");
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"./endoked {string.Join(' ', args)} ran past {limit}:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("student", "--images", "/nonexistent/images", "--masks", "/nonexistent/masks")]
    [InlineData("mil", "--bags", "/nonexistent/bags")]
    [InlineData("biopsy", "--bags", "/nonexistent/bags")]
    public async Task Training_verbs_that_read_only_files_run_without_starting_or_needing_a_port_for_the_database(string model, params string[] options)
    {
        // The database port is taken: a verb that provisioned the ledger would stop at "port N is already taken".
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var home = TestPaths.NewTempDir("train-no-db");
        var env = new Dictionary<string, string> { ["ENDOKED_HOME"] = home, ["ENDOKED_PG_PORT"] = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        var (code, stdout, stderr) = await RunAsync(env, TimeSpan.FromMinutes(2),
            ["train", model, .. options, "--output", Path.Combine(home, "out", "model.onnx")]);

        Assert.NotEqual(0, code);
        Assert.Contains("endoked train", stderr); // the verb's own answer about its missing input
        Assert.DoesNotContain("already taken", stderr + stdout);
        Assert.DoesNotContain("PostgreSQL", stderr + stdout);
        Assert.False(Directory.Exists(Path.Combine(home, "pgdata")));
    }

    [Fact]
    public async Task Up_with_a_provider_setting_the_portal_cannot_use_stops_with_that_error_and_prints_no_url()
    {
        using var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        var env = new Dictionary<string, string>
        {
            ["ENDOKED_POSTGRES"] = TestPostgres, ["ENDOKED_HOME"] = TestPaths.NewTempDir("up-bad-oidc"),
            ["EndoKED__Schema"] = "up_" + Guid.NewGuid().ToString("N")[..10],
            ["EndoKED__Oidc__Authority"] = "http://localhost:9/", ["EndoKED__Oidc__ClientId"] = "endoked",
        };
        var watch = Stopwatch.StartNew();

        var (code, stdout, stderr) = await RunAsync(env, TimeSpan.FromMinutes(2), "up", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-demo");

        Assert.Equal(1, code);
        Assert.Contains("EndoKED__Oidc__RequireHttpsMetadata=false", stderr);
        Assert.Contains("the portal stopped during start-up", stderr);
        Assert.DoesNotContain("EndoKED portal:", stdout);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"up took {watch.Elapsed} to give up");
    }

    [Fact]
    public async Task Export_prints_no_async_daemon_warning_and_yolo_without_a_split_names_only_train()
    {
        var schema = "exp_" + Guid.NewGuid().ToString("N")[..10];
        var output = Path.Combine(TestPaths.NewTempDir("export-quiet"), "yolo");
        var env = new Dictionary<string, string>
        {
            ["ENDOKED_POSTGRES"] = TestPostgres, ["ENDOKED_HOME"] = TestPaths.NewTempDir("export-quiet-home"), ["EndoKED__Schema"] = schema,
        };
        try
        {
            var (code, stdout, stderr) = await RunAsync(env, TimeSpan.FromMinutes(3), "export", "--format", "yolo", "--output", output);

            Assert.True(code == 0, stderr + stdout);
            Assert.Contains("export yolo: 0 frames", stdout);
            Assert.DoesNotContain("async daemon", stdout + stderr, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("val:", await File.ReadAllTextAsync(Path.Combine(output, "dataset.yaml")));
        }
        finally
        {
            await Pipeline.Infrastructure.Ledger.LedgerSchemas.DropAsync(TestPostgres, schema, CancellationToken.None);
        }
    }
}
