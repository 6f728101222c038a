using EndoKED.Pipeline.Features.FrameLabels.Labelling;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;

namespace EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;

/// <summary>How many frames got a label, a mask, or an error.</summary>
public sealed record PseudoLabelSummary(int Frames, int Labelled, int Masks, int Errors);

/// <summary>
/// Frames → probability and box (<see cref="FramePseudoLabeler"/>) → mask for kept boxes (the refiner), written as
/// <c>&lt;stem&gt;.png</c> and one JSON line per frame. A frame below the probability threshold gets an empty mask (a
/// polyp-free label); a polyp frame whose box was refused gets none (unknown, so no student learns from it). Any
/// failure of one frame becomes its error line. The refiner must be thread-safe (frames of a chunk refine in parallel).
/// </summary>
public sealed class PseudoLabelRunner(FramePseudoLabeler labeler, IMaskRefiner refiner, FrameLoader loader)
{
    public const string LogName = "pseudo-label.jsonl";
    private const int Chunk = 64;

    public PseudoLabelSummary Run(IReadOnlyList<string> framePaths, string outputDir, TextWriter log, CancellationToken ct)
    {
        var (labelled, masks, errors) = (0, 0, 0);
        foreach (var line in Label(framePaths, outputDir, ct))
        {
            log.WriteLine(line.ToJson());
            if (line.Error is not null) errors++;
            else labelled++;
            if (line.Mask is not null) masks++;
        }
        return new PseudoLabelSummary(framePaths.Count, labelled, masks, errors);
    }

    /// <summary>The lines of <see cref="Run"/> in frame order, a chunk at a time, with the masks written as it goes.</summary>
    public IEnumerable<PseudoLabelLine> Label(IReadOnlyList<string> framePaths, string outputDir, CancellationToken ct)
    {
        Directory.CreateDirectory(outputDir);
        foreach (var chunk in framePaths.Chunk(Chunk))
        {
            // The network runs on every core already; the refiner is one thread per frame, so frames refine side by side.
            var labels = labeler.Label(chunk, ct);
            var lines = new PseudoLabelLine[chunk.Length];
            Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => lines[i] = One(chunk[i], labels[i], outputDir, ct));
            foreach (var line in lines)
                yield return line;
        }
    }

    private PseudoLabelLine One(string path, FramePseudoLabel label, string outputDir, CancellationToken ct)
    {
        var file = Path.GetFileName(path);
        if (label.Probability is null)
            return PseudoLabelLine.Failed(file, label.Box.Reason);
        var maskName = Path.GetFileNameWithoutExtension(file) + ".png";
        if (!label.IsPolyp)
        {
            MaskMats.WritePng(Path.Combine(outputDir, maskName), BinaryMask.Empty(label.Width, label.Height));
            return PseudoLabelLine.From(file, label, maskName, null);
        }
        if ((label.Box.Box ?? (label.Box.Seed is null ? null : label.Box.Candidate)) is not { } box)
            return PseudoLabelLine.From(file, label, null, null);

        var load = loader.LoadFile(path);
        if (load.Frame is not { } frame)
            return PseudoLabelLine.From(file, label, null, null, $"the frame was scored but could not be decoded for its mask: {load.Rejection}");
        using (frame)
        {
            if ((frame.Width, frame.Height) != (label.Width, label.Height))
                return PseudoLabelLine.From(file, label, null, null,
                    $"the frame decodes as {frame.Width}x{frame.Height} for its mask but {label.Width}x{label.Height} for scoring (EXIF rotation?)");
            if (label.Box.Seed is { } seed && !label.Box.Accepted)
            {
                var seeded = refiner.Refine(frame, new Box(box.X0, box.Y0, box.X1, box.Y1), seed, ct);
                if (CamLocaliser.SeededMaskRefusal(seeded, label.BoxOptions.SeedMinQuality, label.BoxOptions.MaxAreaFraction) is { } why)
                    return PseudoLabelLine.From(file, label, null, null) with { Note = $"the mask seeded from the CAM was not kept: {why}" };
                MaskMats.WritePng(Path.Combine(outputDir, maskName), seeded.Mask);
                return PseudoLabelLine.From(file, label, maskName, seeded) with { BoxSource = PseudoLabelLine.CamSeeds };
            }
            var proposal = refiner.Refine(frame, new Box(box.X0, box.Y0, box.X1, box.Y1), ct);
            MaskMats.WritePng(Path.Combine(outputDir, maskName), proposal.Mask);
            return PseudoLabelLine.From(file, label, maskName, proposal);
        }
    }
}
