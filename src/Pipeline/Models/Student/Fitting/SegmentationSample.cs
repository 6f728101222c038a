using EndoKED.Pipeline.Models.Student;
using EndoKED.Pipeline.Models.Frames;

namespace EndoKED.Pipeline.Models.Student.Fitting;

/// <summary>One training or evaluation pair on disk: a frame, its gold mask, and the centre it came from.</summary>
public sealed record SegmentationSample(string Id, string ImagePath, string MaskPath, string Centre = "all");

/// <summary>A sample decoded and resized to the student's input: RGB HWC bytes and a 0/1 mask, both S×S.</summary>
public sealed record LoadedSample(string Id, string Centre, byte[] Rgb, byte[] Mask);

public static class SampleLoading
{
    /// <summary>Decodes every sample (bounded by <see cref="FrameLoader"/>) in parallel; a file that fails is an error naming it.</summary>
    public static IReadOnlyList<LoadedSample> Load(IReadOnlyList<SegmentationSample> samples, int size, CancellationToken ct = default)
    {
        var loader = new FrameLoader();
        var loaded = new LoadedSample[samples.Count];
        Parallel.For(0, samples.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var s = samples[i];
            var result = loader.LoadFile(s.ImagePath);
            using var frame = result.Frame ?? throw new InvalidDataException($"{s.ImagePath}: {result.Rejection}");
            var (mask, rejection) = loader.LoadMask(s.MaskPath);
            if (mask is null) throw new InvalidDataException($"{s.MaskPath}: {rejection}");
            loaded[i] = new LoadedSample(s.Id, s.Centre, StudentInput.Rgb(frame, size), StudentInput.Mask(mask, size));
        });
        return loaded;
    }
}
