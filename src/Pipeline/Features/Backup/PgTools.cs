using System.Diagnostics;
using Npgsql;

namespace EndoKED.Pipeline.Features.Backup;

/// <summary>pg_dump and pg_restore (from PATH, or ENDOKED_PG_BIN) pointed at the configured database.</summary>
public static class PgTools
{
    public const string BinVariable = "ENDOKED_PG_BIN";

    public static async Task RunAsync(string tool, string connectionString, IEnumerable<string> args, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var bin = Environment.GetEnvironmentVariable(BinVariable) is { Length: > 0 } dir ? Path.Combine(dir, tool) : tool;
        var start = new ProcessStartInfo(bin) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", cs.Host ?? "127.0.0.1", "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-U", cs.Username ?? "postgres", "--no-password" })
            start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        if (!string.IsNullOrEmpty(cs.Password)) start.Environment["PGPASSWORD"] = cs.Password;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"{tool} is not installed (apt-get install postgresql-client, or set {BinVariable}): {e.Message}", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new IOException($"{tool} failed (exit {process.ExitCode}): {(await stderr).Trim()}");
        }
    }

    /// <summary>The schemas EndoKED owns in its database: the ledger, Wolverine's inbox/outbox and its queues.</summary>
    public static IReadOnlyList<string> SchemasOf(string schema) => [schema, schema + "_messages", schema + "_queues"];

    public static async Task<long> CountAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
