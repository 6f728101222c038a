using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using OpenCvSharp;

namespace EndoKED.Pipeline.Tests.Features.Vision;

/// <summary>
/// GrabCut draws its colour models' starting clusters from OpenCV's per-thread random generator; the embedded refiner
/// seeds that generator itself, so the same frame and box give the same mask whatever the thread drew before.
/// </summary>
public class RefinerRepeatabilityTests
{
    [SkippableFact]
    public void The_same_frame_and_box_give_the_same_mask_whatever_the_threads_random_state()
    {
        var polyps = TestPaths.RequirePolypsData();
        var loader = new FrameLoader();
        var refiner = new EmbeddedRefiner();
        var images = Directory.EnumerateFiles(Path.Combine(polyps, "cvc-clinicdb", "images")).Order(StringComparer.Ordinal).Take(12).ToList();
        var differing = new List<string>();
        foreach (var imagePath in images)
        {
            using var grey = Cv2.ImRead(Path.Combine(polyps, "cvc-clinicdb", "masks", Path.GetFileNameWithoutExtension(imagePath) + ".png"), ImreadModes.Grayscale);
            if (Box.Around(MaskMats.FromGrey(grey)) is not { } tight) continue;
            // A loose box leaves GrabCut the most to decide, where its random start shows most.
            var box = tight.Expand(0.3);
            using var frame = loader.LoadFile(imagePath).Frame!;
            var masks = new[] { 1UL, 987654321UL, 42UL }.Select(state =>
                Task.Run(() =>
                {
                    Cv2.SetTheRNG(state);
                    Cv2.GetTheRNG().Next();
                    return refiner.Refine(frame, box, CancellationToken.None).Mask;
                }).GetAwaiter().GetResult()).ToList();
            if (masks.Skip(1).Any(m => !m.Equals(masks[0])))
                differing.Add(Path.GetFileName(imagePath));
        }
        Assert.True(images.Count >= 10);
        Assert.Empty(differing);
    }
}
