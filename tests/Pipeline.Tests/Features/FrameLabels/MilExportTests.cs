using EndoKED.Pipeline.Models.Torch;
using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Mil;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

public sealed class MilExportTests
{
    private const int D = FrameFeatures.Channels;
    private const int Cells = FrameFeatures.MapCells;

    /// <summary>Random non-negative maps; "polyp" frames get extra activation on channels 0..31 in a few cells.</summary>
    private static FrameFeatures Frame(Random random, bool polyp, string id)
    {
        var map = new float[D * Cells];
        for (var i = 0; i < map.Length; i++)
            map[i] = (float)Math.Max(0, random.NextDouble() - 0.3);
        if (polyp)
        {
            for (var c = 0; c < 32; c++)
                foreach (var cell in new[] { 16, 17, 23, 24 })
                    map[c * Cells + cell] += 4f;
        }
        var pooled = new float[D];
        for (var c = 0; c < D; c++)
            pooled[c] = map.AsSpan(c * Cells, Cells).ToArray().Average();
        return new FrameFeatures(id, 384, 288, pooled, map);
    }

    private static List<MilBag> Bags(Random random, List<FrameFeatures> frames)
    {
        var bags = new List<MilBag>();
        for (var b = 0; b < 16; b++)
        {
            var positive = b % 2 == 0;
            var members = Enumerable.Range(0, 5).Select(i => Frame(random, positive && i < 2, $"b{b}f{i}")).ToList();
            frames.AddRange(members);
            bags.Add(new MilBag($"bag{b}", members.Select(f => f.Pooled).ToList(), positive));
        }
        return bags;
    }

    [Fact]
    public void The_exported_onnx_head_gives_the_torchsharp_probabilities_and_a_cam_that_points_at_the_polyp_cells()
    {
        var random = new Random(3);
        var frames = new List<FrameFeatures>();
        var bags = Bags(random, frames);
        var (network, loss) = MilTrainer.Train(bags, new MilTrainingOptions { Epochs = 30 });
        using var _ = network;
        var path = Path.Combine(TestPaths.NewTempDir("mil-export"), "head.onnx");
        var metadata = MilModelStore.Save(path, network.Weights(), 0.5, 8, 8, loss);
        using var scorer = new MilScorer(path, new OnnxRuntimeOptions { PreferCuda = false });

        var test = Enumerable.Range(0, 6).Select(i => Frame(random, i % 2 == 0, $"t{i}")).ToList();
        var onnx = scorer.Score(test);
        var torchLogits = network.InstanceLogits([.. test.SelectMany(f => f.Pooled)], test.Count);

        Assert.Equal(metadata.Version, scorer.Version);
        Assert.StartsWith(MilModelStore.Family, scorer.Version);
        for (var i = 0; i < test.Count; i++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-torchLogits[i])), onnx[i].Probability, 1e-4);
            Assert.Equal(torchLogits[i], onnx[i].Logit, 1e-4);
            Assert.Equal(onnx[i].Logit, onnx[i].Cam.Average(), 1e-3);
        }
        Assert.True(test.Where((_, i) => i % 2 == 0).Min(f => onnx[test.IndexOf(f)].Probability)
            > test.Where((_, i) => i % 2 == 1).Max(f => onnx[test.IndexOf(f)].Probability), "polyp frames rank above the rest");
        var polypCam = onnx[0].Cam;
        var hottest = Array.IndexOf(polypCam, polypCam.Max());
        Assert.Contains(hottest, new[] { 16, 17, 23, 24 });
    }

    [Fact]
    public void A_model_whose_metadata_names_another_feature_extractor_is_refused()
    {
        var random = new Random(5);
        var (network, loss) = MilTrainer.Train(Bags(random, []), new MilTrainingOptions { Epochs = 1 });
        using var _ = network;
        var path = Path.Combine(TestPaths.NewTempDir("mil-mismatch"), "head.onnx");
        var saved = MilModelStore.Save(path, network.Weights(), 0.5, 8, 8, loss);
        (saved with { FeatureExtractorVersion = "some-other-cnn" }).Save(path);

        Assert.Throws<InvalidDataException>(() => new MilScorer(path, new OnnxRuntimeOptions { PreferCuda = false }));
    }

    [Fact]
    public void Torch_sees_the_avx2_cap_in_the_native_environment()
    {
        TorchEnvironment.EnsurePrepared();

        Assert.NotNull(TorchEnvironment.NativeValue(TorchEnvironment.OneDnnIsaVariable));
    }
}
