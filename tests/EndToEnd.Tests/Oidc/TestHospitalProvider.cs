using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EndoKED.EndToEnd.Tests.Oidc;

/// <summary>
/// The certified <c>oidc-provider</c> (tests/EndToEnd.Tests/Oidc/provider, installed by ./endoked test with npm ci) on
/// loopback as <c>localhost</c>, while the portal is browsed as <c>127.0.0.1</c>: two sites, as with a hospital's provider.
/// </summary>
public sealed class TestHospitalProvider : IAsyncDisposable
{
    public const string ClientId = "endoked-portal";
    public const string ClientSecret = "test-only-client-secret";

    private readonly Process _node;
    private readonly System.Text.StringBuilder _log = new();

    private TestHospitalProvider(Process node, Uri issuer)
    {
        _node = node;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    /// <summary>What the provider printed, for a failing test's message.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <param name="claims">"userinfo" (the ID token carries only sub) or "idtoken" (no userinfo endpoint).</param>
    public static async Task<TestHospitalProvider> StartAsync(string claims, Uri portal)
    {
        var folder = Path.Combine(TestPaths.RepoRoot, "tests", "EndToEnd.Tests", "Oidc", "provider");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
            throw new InvalidOperationException($"oidc-provider is not installed in {folder}: run the tests with ./endoked test (it runs npm ci there).");
        var port = FreePort();
        var start = new ProcessStartInfo("node", "provider.js")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CLAIMS"] = claims;
        start.Environment["CLIENT_ID"] = ClientId;
        start.Environment["CLIENT_SECRET"] = ClientSecret;
        start.Environment["REDIRECT_URI"] = new Uri(portal, "/signin-oidc").ToString();
        start.Environment["POST_LOGOUT_REDIRECT_URI"] = new Uri(portal, "/signout-callback-oidc").ToString();
        var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var provider = new TestHospitalProvider(node, new Uri($"http://localhost:{port}"));
        node.OutputDataReceived += (_, e) => provider.Append(e.Data);
        node.ErrorDataReceived += (_, e) => provider.Append(e.Data);
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var discovery = await http.GetAsync(new Uri(provider.Issuer, "/.well-known/openid-configuration"));
                if (discovery.StatusCode == HttpStatusCode.OK) return provider;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (node.HasExited || DateTime.UtcNow > deadline)
            {
                await provider.DisposeAsync();
                throw new InvalidOperationException("The test provider did not answer its discovery document:\n" + provider.Log);
            }
            await Task.Delay(200);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }
        _node.Dispose();
    }
}
