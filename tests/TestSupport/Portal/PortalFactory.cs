using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Shared;
using EndoKED.Pipeline.Features.Ingest.Reading;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EndoKED.TestSupport;

/// <summary>
/// The real portal (Blazor, API, Marten, Wolverine with its PostgreSQL queues) on its own schema of the throwaway cluster
/// that ./endoked test starts, with its own file store. <see cref="UseRealPort"/> serves it on Kestrel for browsers.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public string Schema { get; init; } = "p_" + Guid.NewGuid().ToString("N")[..12];
    public string DataRoot { get; init; } = Path.Combine(Path.GetTempPath(), "endoked-tests", "portal-" + Guid.NewGuid().ToString("N"));

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ENDOKED_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("ENDOKED_TEST_POSTGRES is not set: run the tests with ./endoked test, which starts a throwaway PostgreSQL.");

    protected virtual bool UseRealPort => false;

    /// <summary>The real port to listen on (0: any free one); a restarted portal takes its predecessor's.</summary>
    public int Port { get; init; }

    /// <summary>The base address: Kestrel's real port when <see cref="UseRealPort"/>, else the in-memory server's.</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("EndoKED:ConnectionString", ConnectionString);
        builder.UseSetting("EndoKED:Schema", Schema);
        builder.UseSetting("EndoKED:DataRoot", Path.Combine(DataRoot, "files"));
        builder.UseSetting("EndoKED:SeedDemo", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (UseRealPort) UseKestrel(Port);
    }

    public void Start()
    {
        if (UseRealPort)
        {
            StartServer();
            BaseAddress = new Uri(ClientOptions.BaseAddress.ToString().TrimEnd('/'));
        }
        else
        {
            _ = Server;
        }
    }

    public const string Password = "test-password-123";

    /// <summary>Creates a local account (idempotent per user name).</summary>
    public async Task CreateUserAsync(string user, Role role, params string[] centres)
    {
        var accounts = Services.GetRequiredService<Accounts>();
        if (await accounts.FindAsync(user) is not null) return;
        var error = await accounts.CreateAsync(user, Password, role, centres, "test");
        if (error is not null) throw new InvalidOperationException(error);
    }

    /// <summary>An HTTP client signed in through <c>POST /api/session</c> as that user (created on first use).</summary>
    public async Task<HttpClient> ClientForAsync(string user, Role role = Role.Admin, params string[] centres)
    {
        await CreateUserAsync(user, role, centres);
        var client = UseRealPort ? new HttpClient { BaseAddress = BaseAddress } : CreateClient();
        var response = await client.PostAsJsonAsync("/api/session", new { username = user, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Ingests examination folders through the real ingester of the running portal.</summary>
    public async Task<IngestSummary> IngestAsync(string folder, string centre)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RecordIngester>().IngestAsync(FolderSource.Read(folder), centre, "test-seed");
    }

    /// <summary>Leave the schema for another instance on the same ledger (a portal restart, workers).</summary>
    public bool KeepSchema { get; init; }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        catch (ObjectDisposedException) when (disposing)
        {
            // At host shutdown the async projection daemon's coordinator can race the host's own disposal (a disposed
            // CancellationTokenSource inside JasperFx); the host is stopped either way, and the schema must still go.
        }
        if (!disposing || KeepSchema) return;
        EndoKED.Pipeline.Infrastructure.Ledger.LedgerSchemas.DropAsync(ConnectionString, Schema, CancellationToken.None).GetAwaiter().GetResult();
    }
}
