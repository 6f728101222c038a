using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.SelfTraining;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Refining;

namespace EndoKED.Pipeline.Tests.Features.Distilling.SelfTraining;

public class StudentRefinerTests
{
    private static StudentRefiner Refiner(bool crop, double threshold)
    {
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2");
        using var network = StudentNetwork.Create(new StudentOptions { BaseChannels = 8, Levels = 2, InputSize = 32, Seed = 4 });
        var export = StudentModelStore.Save(TestPaths.NewTempDir("refiner"), network);
        var model = new PromotedModel(1, Guid.NewGuid(), export.Version, "abc", "admin", DateTimeOffset.UtcNow);
        var options = new StudentProposerOptions { CropToBox = crop, Threshold = threshold, BoxMargin = 0 };
        return new StudentRefiner(new StudentSegmenter(export.Model, new OnnxRuntimeOptions { PreferCuda = false }, threshold), model, options);
    }

    private static FrameImage Frame() => new FrameLoader().Load(TestFrames.Png(96, 80, seed: 2)).Frame!;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Only_pixels_inside_the_box_can_be_polyp_whether_the_student_sees_the_frame_or_the_crop(bool crop)
    {
        using var refiner = Refiner(crop, threshold: 0); // every pixel the student sees passes: the mask is the box itself
        using var frame = Frame();
        var proposal = refiner.Refine(frame, new Box(10, 20, 40, 50), CancellationToken.None);
        Assert.Equal((96, 80), (proposal.Mask.Width, proposal.Mask.Height));
        Assert.Equal((10, 20, 40, 50), proposal.Mask.Bounds()!.Value);
        Assert.Equal(30 * 30, proposal.Mask.Area);
        Assert.Equal(("student", "student:abc"), (proposal.Refiner, refiner.Provenance));
        Assert.StartsWith(refiner.Model.ModelId.ToString("D") + "/student-unet-v1-b8-l2-s32+", proposal.Version);
        Assert.InRange(proposal.Quality, 0, 1);
    }

    [Fact]
    public void A_box_outside_the_frame_or_a_map_below_threshold_gives_an_empty_mask_of_quality_zero_with_a_note()
    {
        using var frame = Frame();
        using (var refiner = Refiner(crop: false, threshold: 0.5))
        {
            var outside = refiner.Refine(frame, new Box(200, 200, 220, 220), CancellationToken.None);
            Assert.True(outside.Mask.IsEmpty);
            Assert.Equal(0, outside.Quality);
            Assert.Contains("outside the frame", outside.Note);
        }
        using var strict = Refiner(crop: false, threshold: 1.01);
        var none = strict.Refine(frame, new Box(10, 20, 40, 50), CancellationToken.None);
        Assert.True(none.Mask.IsEmpty);
        Assert.Contains("no polyp", none.Note);
    }
}
