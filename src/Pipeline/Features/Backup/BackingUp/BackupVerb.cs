using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;

namespace EndoKED.Pipeline.Features.Backup.BackingUp;

/// <summary><c>endoked backup --output DIR</c>: pg_dump of the ledger and a tar of the file store, with a manifest.</summary>
public sealed class BackupVerb : IVerb
{
    public string Name => "backup";
    public string Summary => "copy the ledger (pg_dump) and the file store into a folder, with SHA-256s";
    public string Help => """
        Usage: ./endoked backup --output DIR

        Writes DIR/ledger.dump (pg_dump custom format of the EndoKED schemas: events, read models, Wolverine's inbox,
        outbox and queues), DIR/files.tar.gz (the content-addressed file store: frames, masks, models) and
        DIR/manifest.json (schemas, event and blob counts, SHA-256 of both files). DIR must be new or empty.
        Needs pg_dump of the server's major version (PATH or ENDOKED_PG_BIN). Restore with ./endoked restore.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(args.Required("output"));
        args.EnsureAllRead();
        var options = PipelineServices.ReadOptions(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        var manifest = await LedgerBackup.BackupAsync(options, output, cancellationToken);
        await console.Out.WriteLineAsync(
            $"backup: {manifest.EventCount} events of schema {options.Schema}, {manifest.BlobCount} files -> {output}");
        foreach (var f in manifest.Files) await console.Out.WriteLineAsync($"  {f.Name}  {f.Bytes} bytes  sha256 {f.Sha256}");
        return 0;
    }
}
