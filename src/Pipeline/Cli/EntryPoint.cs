using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Backup.BackingUp;
using EndoKED.Pipeline.Features.Backup.Restoring;
using EndoKED.Pipeline.Features.Demo;
using EndoKED.Pipeline.Features.Extraction.Extracting;
using EndoKED.Pipeline.Features.Extraction.Llm;
using EndoKED.Pipeline.Features.Extraction.Rules;
using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;
using EndoKED.Pipeline.Features.Ingest;
using EndoKED.Pipeline.Features.Training.Verbs;
using EndoKED.Pipeline.Features.ScaleOut.Working;
using EndoKED.Pipeline.Features.Vision.Verbs;

namespace EndoKED.Pipeline.Cli;

/// <summary>The <c>endoked</c> command line (shared/contracts/cli.md). <c>up</c> and <c>test</c> live in the ./endoked script.</summary>
public static class EntryPoint
{
    /// <summary>Every verb this binary knows; later features add theirs here.</summary>
    public static IReadOnlyList<IVerb> Verbs { get; } =
    [
        new IngestVerb(),
        new AdminVerb(),
        new DemoVerb(),
        new ExtractVerb(new RulesExtractor(), (url, model) => OllamaExtractorFactory.Create(url, model)),
        new SegmentVerb(),
        new PseudoLabelVerb(),
        new Features.Distilling.SelfTrainingOnFolders.SelfTrainVerb(),
        new EvaluateMasksVerb(),
        new TrainVerb([new TrainStudentCommand(), new TrainMilCommand(), new EndoKED.Pipeline.Features.Training.Verbs.TrainBiopsyCommand()]),
        new Features.PipelineRuns.Watching.WatchVerb(),
        new WorkerVerb(),
        new BackupVerb(),
        new RestoreVerb(),
        new Features.Distilling.Exporting.ExportVerb(),
        new Features.Distilling.ImportingCoco.ImportCocoVerb(),
    ];

    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        return await RunAsync(args, CliConsole.System, cts.Token);
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            await PrintVerbsAsync(console.Out);
            return args.Length == 0 ? 2 : 0;
        }

        var verb = Verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            await console.Error.WriteLineAsync($"endoked: unknown verb '{args[0]}'.");
            await PrintVerbsAsync(console.Error);
            return 2;
        }

        return await RunVerbAsync(verb, args[1..], console, ct);
    }

    /// <summary>Runs one verb with its own arguments: help, usage errors (exit 2) and failures (exit 1) as every verb reports them.</summary>
    public static async Task<int> RunVerbAsync(IVerb verb, string[] args, CliConsole console, CancellationToken ct)
    {
        try
        {
            var parsed = new CliArgs(args);
            if (parsed.WantsHelp)
            {
                await console.Out.WriteLineAsync(verb.Help);
                return 0;
            }
            return await verb.RunAsync(parsed, console, ct);
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"endoked {verb.Name}: {e.Message}");
            await console.Error.WriteLineAsync($"Run './endoked {verb.Name} --help' for the options.");
            return 2;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync($"endoked {verb.Name}: cancelled.");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Npgsql.NpgsqlException)
        {
            await console.Error.WriteLineAsync($"endoked {verb.Name}: {e.Message}");
            return 1;
        }
    }

    private static async Task PrintVerbsAsync(TextWriter w)
    {
        await w.WriteLineAsync("Usage: ./endoked VERB [options]   (./endoked VERB --help for each)");
        await w.WriteLineAsync("  up        run the portal with the pipeline on this machine (./endoked script)");
        await w.WriteLineAsync("  test      run every test (./endoked script)");
        await w.WriteLineAsync("  bench     run benchmarks and print their tables (bench/EndoKED.Bench, ./endoked script)");
        foreach (var v in Verbs)
            await w.WriteLineAsync($"  {v.Name,-15} {v.Summary}");
    }
}
