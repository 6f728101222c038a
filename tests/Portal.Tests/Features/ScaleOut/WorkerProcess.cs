using System.Diagnostics;
using System.Text;

namespace EndoKED.Portal.Tests.Features.ScaleOut;

/// <summary>A real <c>endoked worker</c> process (the built Pipeline binary) on a test's ledger and file store.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Node timings short enough that a killed worker's messages move on within seconds.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastCluster = new Dictionary<string, string>
    {
        ["EndoKED:Cluster:HealthCheckPolling"] = "00:00:01",
        ["EndoKED:Cluster:StaleNodeTimeout"] = "00:00:04",
        ["EndoKED:Cluster:RecoveryPolling"] = "00:00:01",
    };

    private WorkerProcess(string name, string schema, string dataRoot, string? queues)
    {
        Name = name;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", PipelineDll, "worker" }) start.ArgumentList.Add(a);
        if (queues is not null) { start.ArgumentList.Add("--queues"); start.ArgumentList.Add(queues); }
        start.Environment.Remove("ENDOKED_POSTGRES");
        start.Environment["EndoKED__ConnectionString"] = EndoKED.TestSupport.PortalFactory.ConnectionString;
        start.Environment["EndoKED__Schema"] = schema;
        start.Environment["ENDOKED_DATA"] = dataRoot; // the portal's DataRoot/files, as PortalFactory sets it
        start.Environment["ONEDNN_MAX_CPU_ISA"] = "AVX2";
        foreach (var (key, value) in FastCluster) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"worker {Name} exited early:\n{Log}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(string name, string schema, string dataRoot, string? queues = null) =>
        new(name, schema, dataRoot, queues);

    /// <summary>The worker printed that it listens (its host started and Wolverine is up).</summary>
    public Task WaitReadyAsync(TimeSpan timeout) => _ready.Task.WaitAsync(timeout);

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster, messages held in its inbox left behind.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        if (line.Contains("listening to", StringComparison.Ordinal)) _ready.TrySetResult();
    }

    /// <summary>The Pipeline binary of the same configuration as these tests (./endoked test builds Release).</summary>
    public static string PipelineDll
    {
        get
        {
            var config = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(TestPaths.RepoRoot, "src", "Pipeline", "bin", config, "net10.0", "linux-x64", "EndoKED.Pipeline.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build src/Pipeline ({config}) first: {dll} is missing.");
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
