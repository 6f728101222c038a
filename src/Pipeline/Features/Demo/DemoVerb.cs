using EndoKED.Pipeline.Cli;
using EndoKED.Pipeline.Features.Demo.Generating;

namespace EndoKED.Pipeline.Features.Demo;

/// <summary><c>./endoked demo</c>: writes the synthetic multi-centre records (what <c>up</c> seeds) into a folder.</summary>
public sealed class DemoVerb : IVerb
{
    public string Name => "demo";
    public string Summary => "write the synthetic multi-centre demo records (frames, masks, reports) into a folder";
    public string Help => """
        Usage: ./endoked demo --output DIR [--seed N] [--exams-per-centre N]

        Writes centre-a (English narrative), centre-b (English template) and centre-c (Chinese) in the ingest layout,
        plus ground-truth/ (masks and truth.json per examination) beside them. The same seed gives the same bytes.
        DIR must be empty, absent, or an earlier demo. Ingest a centre with:
          ./endoked ingest --centre centre-a --input DIR/centre-a
        """;

    public Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = new DemoOptions
        {
            OutputDirectory = args.Required("output"),
            Seed = args.OptionalInt("seed", 20251),
            ExaminationsPerCentre = args.OptionalInt("exams-per-centre", 22),
        };
        args.EnsureAllRead();
        try
        {
            var summary = DemoRecordsGenerator.Generate(options, cancellationToken);
            foreach (var c in summary.Centres)
                console.Out.WriteLine($"{c.Centre}: {c.Examinations} examinations ({c.PolypExaminations} with polyps), {c.Patients} patients, {c.Frames} frames ({c.PolypFrames} with a polyp) -> {c.Directory}");
            console.Out.WriteLine($"{summary.Examinations} examinations, {summary.Frames} frames in {summary.Elapsed.TotalSeconds:0.0} s; ground truth in {summary.GroundTruthDirectory}");
            return Task.FromResult(0);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
