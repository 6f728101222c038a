using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;

namespace EndoKED.Pipeline.Features.Backup.Restoring;

/// <summary><c>endoked restore --input DIR</c>: the reverse of backup, checked against the manifest.</summary>
public sealed class RestoreVerb : IVerb
{
    public string Name => "restore";
    public string Summary => "restore a folder written by backup into the configured database and file store";
    public string Help => """
        Usage: ./endoked restore --input DIR [--force]

        Checks DIR/manifest.json's SHA-256s, creates the configured database when it does not exist, pg_restores the
        ledger into it and unpacks the file store into the data folder (ENDOKED_DATA/files), then checks that the
        restored ledger holds as many events as the backup. Without --force the schema and the file store must not exist
        yet; --force replaces them. Stop the portal and the workers first.
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var input = Path.GetFullPath(args.Required("input"));
        var force = args.Flag("force");
        args.EnsureAllRead();
        if (!Directory.Exists(input)) throw new UsageException($"--input '{input}' is not a folder.");
        var options = PipelineServices.ReadOptions(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        var manifest = await LedgerBackup.RestoreAsync(options, input, force, cancellationToken);
        await console.Out.WriteLineAsync(
            $"restore: {manifest.EventCount} events into schema {options.Schema}, {manifest.BlobCount} files into {options.DataRoot}");
        return 0;
    }
}
