using EndoKED.TestSupport;
using System.Diagnostics;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;
using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Models.Refining.Sam;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Torch;

namespace EndoKED.Bench.WeakChain;

/// <summary>
/// Issue 18's weak chain on the shared frames: a MIL head trained on examination bags by sequence
/// (<see cref="WeakChainSplit"/>), then <c>self-train</c>'s rounds (<see cref="SelfTrainRunner"/>) on the held-out
/// sequences and held-out polyp-free frames, each round scored against the expert masks beside a centred ellipse and
/// the refiner prompted with expert boxes; then a student trained on the last round's masks beside the same student
/// trained on expert masks (<see cref="WeakChainStudents"/>). Expert masks only score, and choose negative quadrants
/// for the MIL head's bags (as in the tests).
/// </summary>
public static class WeakChainBenchmark
{
    public static void Run(string polypsDir, TextWriter output, int size, int rounds, CancellationToken ct)
    {
        TorchEnvironment.EnsurePrepared();
        var total = Stopwatch.StartNew();
        var work = Path.Combine(Path.GetTempPath(), $"endoked-bench-weak-chain-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var entries = PolypsManifest.Read(polypsDir);
        var held = WeakChainSplit.HeldOutFrames(entries);
        if (size > 0) held = new WeakChainSplit.HeldOut(Spread(held.Polyp, size), Spread(held.PolypFree, size));

        using var features = new ResNet18Features(new ResNet18Options());
        var watch = Stopwatch.StartNew();
        var milPath = Path.Combine(work, "mil.onnx");
        var (positiveBags, negativeBags) = WeakChainSplit.TrainMil(entries, polypsDir, features, milPath);
        output.WriteLine($"MIL head: {positiveBags} positive and {negativeBags} negative examination bags (cvc-clinicdb frames <= " +
            $"{SequenceBags.TrainUpTo} with their quadrants, polyp-free crops and colitis frames), trained in {watch.Elapsed.TotalSeconds:F0} s");

        using var scorer = new MilScorer(milPath, new ResNet18Options().Runtime);
        var refiner = RefinerSelector.Select("auto", SamOptions.FromEnvironment(), out var samError)
            ?? throw new InvalidOperationException(samError);
        using var disposeRefiner = refiner as IDisposable;
        var loader = new FrameLoader();
        var settings = new SelfTrainSettings { Rounds = rounds };

        // Distinct names: crop and CVC-ClinicDB files share numbers, and a round names its masks by the frame's stem.
        var framesDir = Path.Combine(work, "frames");
        Directory.CreateDirectory(framesDir);
        var frames = held.Polyp.Select(e => (Entry: e, Polyp: true)).Concat(held.PolypFree.Select(e => (Entry: e, Polyp: false)))
            .Select(f => new ChainFrame(f.Entry, f.Polyp, Stage(polypsDir, framesDir, f.Entry))).ToList();
        output.WriteLine($"held out: {held.Polyp.Count} cvc-clinicdb polyp frames (numbers >= {SequenceBags.HeldOutFrom}), " +
            $"{held.PolypFree.Count} polyp-free frames (crops >= {SequenceBags.HeldOutFrom}, 4 colitis frames); refiner {refiner.Name}:{refiner.Version}; " +
            $"student {settings.Student.Encoder} {settings.Student.InputSize} px, {settings.Training.Epochs} epochs a round");

        var labeler = new FramePseudoLabeler(features, scorer, new CamLocaliser(settings.Box));
        var runner = new SelfTrainRunner(new PseudoLabelRunner(labeler, refiner, loader),
            new StudentRound(refiner, loader, settings, TextWriter.Null), settings, output);
        var roundsDir = Path.Combine(work, "rounds");
        var summaries = runner.Run([.. frames.Select(f => f.Path)], roundsDir, _ => { }, ct);

        var golds = frames.Select(f => f.Polyp ? loader.LoadMask(Path.Combine(polypsDir, f.Entry.Mask!)).Mask! : null).ToList();
        output.WriteLine();
        WeakChainTable.Header(output);
        for (var r = 0; r <= rounds; r++)
        {
            var dir = SelfTrainRunner.RoundFolder(roundsDir, r);
            var lines = WeakChainTable.ReadLines(dir);
            var name = r == 0 ? "round 0 (CAM boxes)" : $"round {r} (student boxes, {summaries[r].FromStudent} taken)";
            WeakChainTable.Row(output, name, WeakChainTable.Measure(lines, dir, golds, loader), summaries[r].Seconds);
        }
        WeakChainTable.Row(output, "fixed centred ellipse (half the frame across)", WeakChainTable.Ellipse(golds), null);
        watch.Restart();
        var ceiling = WeakChainTable.ExpertBoxes(frames.Select(f => f.Path).ToList(), golds, refiner, loader, ct);
        WeakChainTable.Row(output, $"ceiling: {refiner.Name} refiner on the expert masks' boxes (+5 %)", ceiling, watch.Elapsed.TotalSeconds);
        output.WriteLine($"(rounds written under {roundsDir})");

        output.WriteLine();
        WeakChainStudents.Run(polypsDir, entries, frames, SelfTrainRunner.RoundFolder(roundsDir, rounds), work, settings, output, ct);
        output.WriteLine($"wall time {total.Elapsed.TotalMinutes:F1} min on {Environment.ProcessorCount} cores");
    }

    /// <summary>At most <paramref name="n"/> entries, evenly spread over the list (so a quick run still spans the sequences).</summary>
    private static List<PolypsManifestEntry> Spread(IReadOnlyList<PolypsManifestEntry> all, int n) =>
        all.Count <= n ? [.. all] : [.. Enumerable.Range(0, n).Select(i => all[(int)((long)i * all.Count / n)])];

    private static string Stage(string polypsDir, string framesDir, PolypsManifestEntry e)
    {
        var link = Path.Combine(framesDir, $"{e.Dataset}-{Path.GetFileName(e.Image)}");
        File.CreateSymbolicLink(link, Path.Combine(polypsDir, e.Image));
        return link;
    }
}

/// <summary>A held-out frame: its manifest row, whether the expert says polyp, and its staged path (a link to the shared file).</summary>
internal sealed record ChainFrame(PolypsManifestEntry Entry, bool Polyp, string Path);
