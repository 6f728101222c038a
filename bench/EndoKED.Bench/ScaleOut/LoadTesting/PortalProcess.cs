using System.Diagnostics;
using System.Net.Sockets;

namespace EndoKED.Bench.ScaleOut.LoadTesting;

/// <summary>
/// The real portal as a child process on a free loopback port, on its own schema and file store (the load bench drives it
/// over HTTP and SignalR as browsers and scripts do). The portal's binary is <c>ENDOKED_PORTAL_DLL</c>, else its build under
/// src/Portal.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;

    public Uri Address { get; }

    private PortalProcess(Process process, Uri address) => (_process, Address) = (process, address);

    /// <param name="settings">Configuration for the child beyond the defaults (e.g. <c>EndoKED__SeedDemo</c>).</param>
    public static async Task<PortalProcess> StartAsync(string connectionString, string schema, string dataRoot, CancellationToken ct,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = BuildOutputs.Find("ENDOKED_PORTAL_DLL", "Portal", "EndoKED.Portal.dll") ?? throw new InvalidOperationException(
            "The portal's build output was not found: build the solution (./endoked builds it) or set ENDOKED_PORTAL_DLL.");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["EndoKED__ConnectionString"] = connectionString;
        start.Environment["EndoKED__Schema"] = schema;
        start.Environment["EndoKED__DataRoot"] = dataRoot;
        start.Environment["EndoKED__SeedDemo"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // ./endoked exports both; either would point the child at the real ledger or file store instead of the throwaway ones.
        start.Environment.Remove("ENDOKED_POSTGRES");
        start.Environment.Remove("ENDOKED_DATA");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not start the portal.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var portal = new PortalProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = portal.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The portal exited with code {process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync("health", ct)).IsSuccessStatusCode) return portal;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(500, ct);
        }
        await portal.DisposeAsync();
        throw new TimeoutException("The portal did not answer /health within 3 minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
