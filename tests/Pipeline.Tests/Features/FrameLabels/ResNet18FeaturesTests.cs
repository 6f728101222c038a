using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Onnx;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

public sealed class ResNet18FeaturesTests
{
    [Fact]
    public void One_run_returns_pooled_features_and_a_512x7x7_map_whose_mean_is_the_pooled_vector()
    {
        var dir = TestPaths.NewTempDir("resnet18");
        var features = SharedResNet.Instance;
        var frames = Enumerable.Range(0, 3)
            .Select(i => features.Preparer.TryPrepare(SyntheticFrames.Write(dir, i), out _)!)
            .ToList();

        var result = features.Extract(frames);

        Assert.Equal(3, result.Count);
        foreach (var f in result)
        {
            Assert.Equal(512, f.Pooled.Length);
            Assert.Equal(512 * 7 * 7, f.FeatureMap.Length);
            for (var c = 0; c < 512; c += 37)
            {
                var mean = f.FeatureMap.AsSpan(c * 49, 49).ToArray().Average();
                Assert.Equal(f.Pooled[c], mean, 1e-3);
            }
        }
        Assert.NotEqual(result[0].Pooled, result[1].Pooled);
    }

    [Fact]
    public void A_batch_gives_the_same_features_as_frames_run_one_by_one()
    {
        var dir = TestPaths.NewTempDir("resnet18-batch");
        var frames = Enumerable.Range(10, 2)
            .Select(i => SharedResNet.Instance.Preparer.TryPrepare(SyntheticFrames.Write(dir, i), out _)!)
            .ToList();

        var batched = SharedResNet.Instance.Extract(frames);
        var single = SharedResNet.Instance.Extract([frames[1]]);

        for (var c = 0; c < 512; c++)
            Assert.Equal(single[0].Pooled[c], batched[1].Pooled[c], 1e-3);
    }

    [Fact]
    public void An_unreadable_file_is_refused_with_a_reason_instead_of_throwing()
    {
        var path = Path.Combine(TestPaths.NewTempDir("resnet18-bad"), "broken.png");
        File.WriteAllText(path, "not an image");

        var frame = SharedResNet.Instance.Preparer.TryPrepare(path, out var error);

        Assert.Null(frame);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Asking_for_cuda_on_a_machine_without_it_still_gives_a_working_session()
    {
        // Skipped in spirit on a CUDA machine: there the provider is CUDA, which is also a working session.
        var features = SharedResNet.Instance;
        Assert.True(features.Provider is OnnxSessionFactory.Cpu or OnnxSessionFactory.Cuda);
        if (!File.Exists("/dev/nvidia0"))
            Assert.Equal(OnnxSessionFactory.Cpu, features.Provider);
    }
}

/// <summary>One ResNet-18 session for the whole test run (building it costs about a second).</summary>
internal static class SharedResNet
{
    private static readonly Lazy<ResNet18Features> Lazy = new(() => new ResNet18Features(new ResNet18Options
    {
        Runtime = new OnnxRuntimeOptions { PreferCuda = true },
    }));

    public static ResNet18Features Instance => Lazy.Value;
}
