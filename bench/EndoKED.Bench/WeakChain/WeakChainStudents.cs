using System.Diagnostics;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student.Fitting;

namespace EndoKED.Bench.WeakChain;

/// <summary>
/// The student trained on the last round's masks (never an expert mask: frames the MIL head calls polyp with a mask as
/// positives, frames it calls polyp-free as empty masks, as a round trains) beside the same student trained on the
/// expert masks of the same held-out polyp frames (polyp-free frames as empty masks), each scored on the held-out
/// sequences (whose frames both saw, without their expert masks for the weak one) and on CVC-ColonDB and CVC-300 (seen by neither).
/// </summary>
internal static class WeakChainStudents
{
    public static void Run(string polypsDir, IReadOnlyList<PolypsManifestEntry> entries, IReadOnlyList<ChainFrame> frames,
        string lastRoundDir, string work, SelfTrainSettings settings, TextWriter output, CancellationToken ct)
    {
        var lines = WeakChainTable.ReadLines(lastRoundDir);
        var weak = frames.Select((f, i) => (f, l: lines[i])).Where(x => x.l.Error is null && x.l.Mask is not null)
            .Select(x => new SegmentationSample(x.f.Path, x.f.Path, Path.Combine(lastRoundDir, x.l.Mask!))).ToList();
        var emptyDir = Path.Combine(work, "empty-masks");
        Directory.CreateDirectory(emptyDir);
        var expert = frames.Select(f => new SegmentationSample(f.Path, f.Path, f.Polyp
            ? Path.Combine(polypsDir, f.Entry.Mask!)
            : Empty(emptyDir, f))).ToList();

        var tests = frames.Where(f => f.Polyp).Select(f => new SegmentationSample(f.Path, f.Path, Path.Combine(polypsDir, f.Entry.Mask!), "held-out cvc-clinicdb sequences"))
            .Concat(entries.Where(e => e.Dataset is "cvc-colondb" or "cvc-300")
                .Select(e => new SegmentationSample(e.Image, Path.Combine(polypsDir, e.Image), Path.Combine(polypsDir, e.Mask!), e.Dataset)))
            .ToList();

        output.WriteLine($"students: {settings.Student.Encoder} U-Net, {settings.Student.InputSize} px, {settings.Training.Epochs} epochs, batch {settings.Training.BatchSize}; " +
            $"weak: {lines.Count(l => l.Error is null && l.Polyp == true && l.Mask is not null)} masks of {Path.GetFileName(lastRoundDir)} + " +
            $"{lines.Count(l => l.Error is null && l.Polyp == false && l.Mask is not null)} frames called polyp-free (empty); " +
            $"expert: {frames.Count(f => f.Polyp)} expert masks + {frames.Count(f => !f.Polyp)} polyp-free frames (empty)");
        output.WriteLine("| student trained on | test frames | frames | Dice | IoU | HD95 (px) | training s |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (name, samples) in new[] { ($"last round's masks ({Path.GetFileName(lastRoundDir)})", weak), ("expert masks", expert) })
        {
            var watch = Stopwatch.StartNew();
            var loaded = SampleLoading.Load(samples, settings.Student.InputSize, ct);
            var trained = StudentTrainer.Train(loaded, [], settings.Student, settings.Training, ct: ct);
            StudentExport export;
            using (var network = trained.Network)
                export = StudentModelStore.Save(Path.Combine(work, $"student-{(samples == weak ? "weak" : "expert")}"), network);
            var seconds = watch.Elapsed.TotalSeconds;
            using var segmenter = new StudentSegmenter(export.Model, settings.Runtime);
            foreach (var c in CentreEvaluation.Evaluate(segmenter, tests, ct).OrderBy(c => c.Centre.StartsWith("held", StringComparison.Ordinal) ? 0 : 1))
                output.WriteLine($"| {name} | {c.Centre} | {c.Frames} | {c.Mean.Dice:F3} | {c.Mean.IoU:F3} | {c.Mean.Hd95:F1} | {seconds:F0} |");
        }
    }

    private static string Empty(string dir, ChainFrame f)
    {
        var path = Path.Combine(dir, Path.GetFileNameWithoutExtension(f.Path) + ".png");
        MaskMats.WritePng(path, BinaryMask.Empty(f.Entry.Width, f.Entry.Height));
        return path;
    }
}
