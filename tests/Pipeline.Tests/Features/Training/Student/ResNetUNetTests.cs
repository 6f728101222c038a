using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Pipeline.Tests.Features.FrameLabels;
using TorchSharp;

namespace EndoKED.Pipeline.Tests.Features.Training.Student;

public sealed class ResNetUNetTests
{
    private static readonly StudentOptions Small = new() { Encoder = StudentEncoders.ResNet18, BaseChannels = 8, InputSize = 64, Seed = 3 };

    [Fact]
    public void The_encoder_computes_the_packaged_resnet18s_last_feature_map_from_the_same_pixels()
    {
        using var network = new ResNetUNet(Small with { InputSize = 224 });
        var random = new Random(7);
        var rgb = new float[3 * 224 * 224];
        for (var i = 0; i < rgb.Length; i++) rgb[i] = (float)random.NextDouble();

        // The package's input for the same pixels: BGR planes on the 0-255 scale minus the encoder's mean colour.
        var plane = 224 * 224;
        var mean = network.Encoder.MeanRgb;
        var packaged = new float[rgb.Length];
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < plane; i++)
                packaged[((2 - c) * plane) + i] = (rgb[(c * plane) + i] * 255f) - mean[c];
        var expected = SharedResNet.Instance.Extract([new PreparedFrame("random", 224, 224, packaged)])[0].FeatureMap;

        network.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var features = network.Encoder.call(torch.tensor(rgb, [1, 3, 224, 224]));
        var actual = features[4].contiguous().data<float>().ToArray();

        Assert.Equal([1L, 512, 7, 7], features[4].shape);
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-3 * Math.Max(1, expected.Max(Math.Abs)), $"max |packaged - encoder| = {worst}");
        Assert.InRange(mean[0], 100, 160);
    }

    [Fact]
    public void Training_a_frozen_encoder_changes_only_the_decoder()
    {
        using var network = new ResNetUNet(Small);
        var encoderBefore = EncoderState(network);
        var decoderBefore = network.Decoders[0].parameters().First().data<float>().ToArray();
        using var optimizer = torch.optim.Adam(network.TrainableParameters(), 1e-2);
        network.train();
        for (var step = 0; step < 2; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = network.call(torch.rand(2, 3, 64, 64)).sigmoid().mean();
            loss.backward();
            optimizer.step();
        }

        Assert.Equal(encoderBefore, EncoderState(network));
        Assert.NotEqual(decoderBefore, network.Decoders[0].parameters().First().data<float>().ToArray());
        Assert.True(network.ParameterCount() < network.parameters().Sum(p => p.numel()) / 5, "the encoder's 11 M weights are not trained");
    }

    [Fact]
    public void A_fine_tuned_encoder_learns_and_updates_its_batchnorm_statistics()
    {
        using var network = new ResNetUNet(Small with { FreezeEncoder = false });
        var before = EncoderState(network);
        network.train();
        using var optimizer = torch.optim.Adam(network.TrainableParameters(), 1e-3);
        using (var scope = torch.NewDisposeScope())
        {
            optimizer.zero_grad();
            network.call(torch.rand(2, 3, 64, 64)).sigmoid().mean().backward();
            optimizer.step();
        }

        Assert.NotEqual(before, EncoderState(network));
        Assert.Equal(network.parameters().Sum(p => p.numel()), network.ParameterCount());
    }

    [Fact]
    public void The_exported_resnet_student_matches_torchsharp_within_the_tolerance()
    {
        using var network = StudentNetwork.Create(Small);
        network.train();
        for (var i = 0; i < 3; i++)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            network.call(torch.rand(4, 3, 64, 64));
        }

        var export = OnnxExportCheck.ExportChecked(network, "resnet-student-test");

        Assert.IsType<ResNetUNet>(network);
        Assert.True(export.Check.MaxAbsDiff < 1e-3, $"max abs diff {export.Check.MaxAbsDiff}");
    }

    [Fact]
    public void The_onnx_runtime_encoder_gives_the_same_logits_as_libtorch_and_detaches_when_disposed()
    {
        using var network = new ResNetUNet(Small);
        var input = new float[2 * 3 * 64 * 64];
        var random = new Random(5);
        for (var i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();
        var torchLogits = network.EvalLogits(input, 2);

        float[] ortLogits;
        using (OnnxFrozenEncoder.Attach(network, threads: 1))
        {
            Assert.NotNull(network.FrozenEncoder);
            ortLogits = network.EvalLogits(input, 2);
        }

        Assert.Null(network.FrozenEncoder);
        Assert.True(torchLogits.Zip(ortLogits, (a, b) => Math.Abs(a - b)).Max() < 1e-3);
        Assert.Null(OnnxFrozenEncoder.Attach(StudentNetwork.Create(Small with { FreezeEncoder = false }), 1));
    }

    [Fact]
    public void An_input_size_the_resnet_encoder_cannot_halve_five_times_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => (Small with { InputSize = 48 }).Validate());
        Assert.Contains("multiple of 32", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => (Small with { Encoder = "vgg" }).Validate());
    }

    [Fact]
    public void A_missing_package_model_says_what_to_restore_or_choose()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new ResNetUNet(Small, new ResNet18Options { ModelDirectory = "/nonexistent" }));
        Assert.Contains("plain", e.Message, StringComparison.Ordinal);
    }

    private static float[] EncoderState(ResNetUNet network) =>
        [.. network.Encoder.parameters().Concat(network.Encoder.buffers()).Where(t => t.dtype == torch.float32).SelectMany(p => p.data<float>().ToArray())];
}
