using System.Security.Cryptography;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student.Fitting;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;

/// <summary>A frame between rounds: its current line (mask in the previous round's folder) and the round that made it.</summary>
public sealed record FrameState(string Path, PseudoLabelLine Line, int LabelRound)
{
    public bool IsPolyp => Line.Error is null && Line.Polyp == true;
}

/// <summary>
/// One round r ≥ 1: a student trained on round r − 1's masks (polyp frames with a mask as positives, polyp-free frames
/// as empty masks) predicts each polyp frame; the box around its regions goes through the same
/// <see cref="BoxFilter"/> as the CAM's, and the same refiner turns a kept box into a mask. The new mask replaces the
/// frame's earlier one only when the filter keeps the box and the refiner's quality passes; otherwise the frame keeps
/// its earlier line (and mask, or lack of one). A frame that has a mask also keeps it when the student's box points
/// elsewhere than the box that mask came from (<see cref="BoxAgreement"/>). Polyp-free frames are not proposed for: the frame label is the MIL's.
/// The box → refine → gate core is <see cref="StudentBoxProposer"/>, which the ledger's self-training rounds share.
/// </summary>
public sealed class StudentRound(IMaskRefiner refiner, FrameLoader loader, SelfTrainSettings settings, TextWriter progress)
{
    public const string Student = "student";
    public const string ModelFolder = "student";

    /// <summary>What a line's box_source says when the frame kept the label of round <paramref name="round"/>.</summary>
    public static string KeptFrom(int round) => $"kept-from-round-{round}";

    /// <summary>Boxes around the student's regions, judged by the box filter with these options.</summary>
    public static string LocaliserVersion(BoxFilterOptions o) => $"student-regions/v1 specks<{o.MinComponentFraction:0.##}";

    private readonly StudentBoxProposer _proposer = new(refiner, settings.Box, settings.MinQuality);

    public (IReadOnlyList<FrameState> Frames, RoundSummary Summary) Run(int round, IReadOnlyList<FrameState> frames,
        string previousDir, string dir, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Directory.CreateDirectory(dir);
        // A mask seeded from a refused CAM box fills a frame that would have none, but it is not a label to learn from: a
        // student trained on those (border-touching, large) regions learns to predict regions the box filter refuses.
        var positives = frames.Where(f => f.IsPolyp && f.Line.Mask is not null && !f.Line.SeededFromCam).ToList();
        var negatives = frames.Where(f => f.Line.Error is null && f.Line.Polyp == false && f.Line.Mask is not null).ToList();
        if (positives.Count == 0)
        {
            const string why = "no polyp frame has a mask to train on";
            var kept = frames.Select(f => Keep(f, round, null, why, previousDir, dir)).ToList();
            return (kept, Summarise(round, frames, kept, new bool[frames.Count], positives.Count, negatives.Count, null, null, watch) with { Note = why });
        }

        IReadOnlyList<LoadedSample> samples;
        try
        {
            samples = SampleLoading.Load([.. positives.Concat(negatives).Select(f => new SegmentationSample(
                f.Line.File, f.Path, System.IO.Path.Combine(previousDir, f.Line.Mask!)))], settings.Student.InputSize, ct);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is InvalidDataException))
        {
            // Round r − 1 read these frames and wrote these masks: one that is gone or changed since is not a frame's fault.
            throw new InvalidOperationException($"round {round}: a frame or mask of round {round - 1} can no longer be read " +
                $"({e.InnerExceptions[0].Message}); was {previousDir} changed during the run? Run again into an empty --output.", e);
        }
        progress.WriteLine($"round {round}: training the student on {positives.Count} masks and {negatives.Count} polyp-free frames " +
            $"({settings.Training.Epochs} epochs at {settings.Student.InputSize} px)");
        var trained = StudentTrainer.Train(samples, [], settings.Student, settings.Training,
            progress: new EpochLines(progress, round), ct: ct);
        StudentExport export;
        using (var network = trained.Network)
            export = StudentModelStore.Save(System.IO.Path.Combine(dir, ModelFolder), network);
        var sha = Convert.ToHexStringLower(SHA256.HashData(export.Model));

        var next = new FrameState[frames.Count];
        var changed = new bool[frames.Count];
        using (var segmenter = new StudentSegmenter(export.Model, settings.Runtime))
        {
            Parallel.For(0, frames.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => (next[i], changed[i]) = Propose(frames[i], round, sha, segmenter, previousDir, dir, ct));
        }
        var summary = Summarise(round, frames, next, changed, positives.Count, negatives.Count, trained, export, watch) with { StudentSha256 = sha };
        return (next, summary);
    }

    /// <summary>The frame's line after this round, and whether its mask now differs from the previous round's.</summary>
    private (FrameState Frame, bool Changed) Propose(FrameState f, int round, string sha, StudentSegmenter segmenter, string previousDir, string dir,
        CancellationToken ct)
    {
        if (f.Line.Error is not null) return (f with { Line = f.Line with { Round = round } }, false);
        if (f.Line.Polyp != true) return (Keep(f, round, sha, "not proposed: the MIL head calls the frame polyp-free", previousDir, dir), false);
        var load = loader.LoadFile(f.Path);
        if (load.Frame is not { } frame) return (Keep(f, round, sha, $"the frame could not be decoded: {load.Rejection}", previousDir, dir), false);
        using (frame)
        {
            var outcome = _proposer.Propose(frame, segmenter.Segment(frame), f.Line.Mask is null ? null : f.Line.Box ?? f.Line.Candidate, ct);
            if (!outcome.Taken) return (Keep(f, round, sha, outcome.Refusal!, previousDir, dir), false);
            var proposal = outcome.Proposal!;
            var maskName = System.IO.Path.GetFileNameWithoutExtension(f.Line.File) + ".png";
            MaskMats.WritePng(System.IO.Path.Combine(dir, maskName), proposal.Mask);
            var line = f.Line.WithBox(outcome.Box, LocaliserVersion(settings.Box), maskName, proposal) with
            {
                Round = round, BoxSource = Student, StudentSha256 = sha, StudentOutcome = $"taken (quality {proposal.Quality:F3})",
            };
            // The new mask is compared in memory; only the earlier one is read back, and only when there is one.
            var changed = f.Line.Mask is not { } old || loader.LoadMask(System.IO.Path.Combine(previousDir, old)).Mask is not { } previous
                || !previous.Equals(proposal.Mask);
            return (new FrameState(f.Path, line, round), changed);
        }
    }

    /// <summary>The frame keeps its earlier label: the same line, its mask copied into this round's folder.</summary>
    private static FrameState Keep(FrameState f, int round, string? sha, string why, string previousDir, string dir)
    {
        if (f.Line.Error is not null) return f with { Line = f.Line with { Round = round } };
        if (f.Line.Mask is { } mask)
            File.Copy(System.IO.Path.Combine(previousDir, mask), System.IO.Path.Combine(dir, mask), overwrite: true);
        return f with { Line = f.Line with { Round = round, BoxSource = KeptFrom(f.LabelRound), StudentSha256 = sha, StudentOutcome = why } };
    }

    private static RoundSummary Summarise(int round, IReadOnlyList<FrameState> before, IReadOnlyList<FrameState> after, bool[] changedMasks,
        int positives, int negatives, StudentTrainingResult? trained, StudentExport? export, System.Diagnostics.Stopwatch watch)
    {
        var (changed, created) = (0, 0);
        for (var i = 0; i < after.Count; i++)
        {
            if (after[i].Line.BoxSource != Student) continue;
            if (changedMasks[i]) changed++;
            if (before[i].Line.Mask is null) created++;
        }
        var lines = after.Select(f => f.Line).ToList();
        return RoundSummary.Count(round, lines, watch.Elapsed.TotalSeconds) with
        {
            FromStudent = after.Count(f => f.Line.BoxSource == Student), Changed = changed, New = created,
            Kept = after.Count(f => f.IsPolyp && f.Line.Mask is not null && f.Line.BoxSource != Student),
            TrainPositives = positives, TrainNegatives = negatives, Epochs = trained?.History.Count,
            TrainLoss = trained is null ? null : Math.Round(trained.History[^1].TrainLoss, 4), StudentVersion = export?.Version,
        };
    }

    /// <summary>One line per finished epoch, written as the trainer reports it (on its thread, not posted elsewhere).</summary>
    private sealed class EpochLines(TextWriter w, int round) : IProgress<EpochMetrics>
    {
        public void Report(EpochMetrics m) =>
            w.WriteLine($"round {round}: epoch {m.Epoch}/{m.Epochs} loss {m.TrainLoss:F4} ({m.Seconds:F1} s)");
    }
}
