using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Student;
using TorchSharp.Modules;

namespace EndoKED.Pipeline.Models.Student.Exporting;

/// <summary>
/// The ONNX nodes of a <see cref="ResNetUNet"/>, mirroring its forward: the input scaled to 0–255 and the mean colour
/// subtracted, the ResNet-18 stem (7×7 stride 2, folded BatchNorm, ReLU), 3×3 stride-2 max-pooling, the basic blocks
/// (residual Add, ReLU), then the decoder's transposed convolutions, concatenations and conv blocks, and the head.
/// </summary>
public static class ResNetUNetOnnx
{
    public static void Write(OnnxGraphBuilder g, ResNetUNet network)
    {
        var features = WriteEncoder(g, network.Encoder, StudentOnnxExporter.Input);
        var h = StudentOnnxExporter.Decoder(g, network.Ups, network.Decoders, [.. features.Take(4).Reverse()], features[^1]);
        var head = network.Head;
        g.ConvTranspose(h, StudentOnnxExporter.Logit, BatchNormFolding.Values(head.weight!), head.weight!.shape, BatchNormFolding.Values(head.bias!));
    }

    /// <summary>The encoder's nodes from <paramref name="input"/> (RGB in [0, 1]); returns its five feature maps' names.</summary>
    public static IReadOnlyList<string> WriteEncoder(OnnxGraphBuilder g, ResNet18Backbone encoder, string input)
    {
        g.ScaleShift(input, "normalised", 255f, encoder.MeanRgb);
        StudentOnnxExporter.FoldedConv(g, "normalised", "stem", encoder.Stem.Conv, encoder.Stem.Norm, stride: 2, padding: 3)
            .Relu("stem", "stem.relu");
        var features = new List<string> { "stem.relu" };
        g.MaxPool("stem.relu", "stem.pool", 3, 2, 1);
        var h = "stem.pool";
        var blocks = encoder.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            h = Block(g, blocks[i], h, $"block{i}");
            if (ResNet18Backbone.LayerEnds.Contains(i)) features.Add(h);
        }
        return features;
    }

    /// <summary>The encoder alone as a model: input <c>image</c>, its five feature maps as outputs.</summary>
    public static byte[] EncoderModel(ResNet18Backbone encoder, int inputSize)
    {
        var g = new OnnxGraphBuilder("endoked_student_encoder").Input(StudentOnnxExporter.Input, null, 3, inputSize, inputSize);
        var names = WriteEncoder(g, encoder, StudentOnnxExporter.Input);
        for (var i = 0; i < names.Count; i++)
        {
            var side = inputSize >> (i + 1);
            g.Output(names[i], null, ResNet18Backbone.Widths[i], side, side);
        }
        return Google.Protobuf.MessageExtensions.ToByteArray(g.Build("encoder"));
    }

    private static string Block(OnnxGraphBuilder g, BasicBlock block, string input, string name)
    {
        var stride = (int)block.Stride;
        StudentOnnxExporter.FoldedConv(g, input, $"{name}.conv1", block.First.Conv, block.First.Norm, stride, 1).Relu($"{name}.conv1", $"{name}.relu1");
        StudentOnnxExporter.FoldedConv(g, $"{name}.relu1", $"{name}.conv2", block.Second.Conv, block.Second.Norm, 1, 1);
        var identity = input;
        if (block.Shortcut is { } shortcut)
        {
            identity = $"{name}.shortcut";
            StudentOnnxExporter.FoldedConv(g, input, identity, shortcut.Conv, shortcut.Norm, stride, 0);
        }
        g.Add($"{name}.conv2", identity, $"{name}.sum").Relu($"{name}.sum", $"{name}.out");
        return $"{name}.out";
    }
}
