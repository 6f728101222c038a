using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Frames;

namespace EndoKED.Pipeline.Features.Training.Verbs;

/// <summary>Frames and gold masks from two folders, paired by file stem (as evaluate-masks does), and their validation split.</summary>
public static class StudentFolders
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff"];

    /// <summary>Pairs in ordinal stem order, and the stems of images without a mask.</summary>
    public static (List<SegmentationSample> Pairs, List<string> Unmatched) Pair(string images, string masks, string centre = "all")
    {
        var maskByStem = Directory.EnumerateFiles(masks).Where(IsImage)
            .GroupBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var pairs = new List<SegmentationSample>();
        var unmatched = new List<string>();
        foreach (var image in Directory.EnumerateFiles(images).Where(IsImage).Order(StringComparer.Ordinal))
        {
            var stem = Path.GetFileNameWithoutExtension(image);
            if (maskByStem.TryGetValue(stem, out var mask)) pairs.Add(new SegmentationSample(stem, image, mask, centre));
            else unmatched.Add(stem);
        }
        return (pairs, unmatched);
    }

    /// <summary>
    /// Train/validation by <see cref="SplitBuilder"/>, each frame its own "patient": near-duplicate frames (neighbouring
    /// video frames) stay on one side, so validation Dice is not flattered by frames the student has nearly seen.
    /// </summary>
    public static DraftedSplit Split(IReadOnlyList<SegmentationSample> pairs, double validationFraction, int seed)
    {
        var loader = new FrameLoader();
        var candidates = new SplitCandidate[pairs.Count];
        Parallel.For(0, pairs.Count, i =>
        {
            var loaded = loader.LoadFile(pairs[i].ImagePath);
            using var frame = loaded.Frame ?? throw new InvalidDataException($"{pairs[i].ImagePath}: {loaded.Rejection}");
            var (mask, _) = loader.LoadMask(pairs[i].MaskPath);
            candidates[i] = new SplitCandidate(pairs[i].Id, pairs[i].Id, pairs[i].Id, pairs[i].Centre, mask is { IsEmpty: false },
                LabelOrigin.Consensus, 1, PerceptualHash.DHash(frame));
        });
        return SplitBuilder.Build(candidates, new SplitRule
        {
            TrainFraction = 1 - validationFraction,
            ValidationFraction = validationFraction,
            TestFraction = 0,
            Seed = seed,
        });
    }

    private static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());
}
