using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;
using EndoKED.Pipeline.Models.Student;
using TorchSharp.Modules;

namespace EndoKED.Pipeline.Models.Student.Exporting;

/// <summary>
/// Writes a trained <see cref="StudentNetwork"/> as ONNX with the project's own writer: every Conv+BatchNorm pair
/// folded into one Conv (inference-mode statistics), then Relu, MaxPool, Add, ConvTranspose and Concat, mirroring the
/// network's forward node for node (<see cref="PlainUNet"/> here, <see cref="ResNetUNetOnnx"/> for the ResNet-18 one).
/// </summary>
public static class StudentOnnxExporter
{
    public const string Input = "image";
    public const string Logit = "logit";
    public const string Probability = "probability";

    public static ModelProto Export(StudentNetwork network, string version, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var o = network.Options;
        var g = new OnnxGraphBuilder("endoked_student_unet")
            .Input(Input, null, 3, o.InputSize, o.InputSize)
            .Output(Logit, null, 1, o.InputSize, o.InputSize)
            .Output(Probability, null, 1, o.InputSize, o.InputSize);
        switch (network)
        {
            case PlainUNet plain: Plain(g, plain); break;
            case ResNetUNet resnet: ResNetUNetOnnx.Write(g, resnet); break;
            default: throw new NotSupportedException($"No ONNX writer for {network.GetType().Name}.");
        }
        return g.Sigmoid(Logit, Probability).Build(version, metadata);
    }

    private static void Plain(OnnxGraphBuilder g, PlainUNet network)
    {
        var skips = new List<string>();
        var h = Block(g, network.Encoders[0], Input, "enc0");
        for (var level = 1; level < network.Encoders.Count; level++)
        {
            skips.Add(h);
            g.MaxPool(h, $"pool{level}", 2);
            h = Block(g, network.Encoders[level], $"pool{level}", $"enc{level}");
        }
        h = Decoder(g, network.Ups, network.Decoders, [.. Enumerable.Reverse(skips)], h);
        var head = network.Head;
        g.Conv(h, Logit, BatchNormFolding.Values(head.weight!), head.weight!.shape, BatchNormFolding.Values(head.bias!), 0);
    }

    /// <summary>
    /// A U-Net decoder: per level a transposed convolution of <paramref name="h"/>, the skip of that resolution
    /// concatenated before it (<paramref name="skips"/>, deepest first) and a conv block; returns the last block's output.
    /// </summary>
    internal static string Decoder(OnnxGraphBuilder g, IReadOnlyList<ConvTranspose2d> ups, IReadOnlyList<ConvBlock> decoders,
        IReadOnlyList<string> skips, string h)
    {
        for (var i = 0; i < ups.Count; i++)
        {
            var up = ups[i];
            g.ConvTranspose(h, $"up{i}", BatchNormFolding.Values(up.weight!), up.weight!.shape, BatchNormFolding.Values(up.bias!));
            g.Concat([skips[i], $"up{i}"], $"cat{i}", 1);
            h = Block(g, decoders[i], $"cat{i}", $"dec{i}");
        }
        return h;
    }

    private static string Block(OnnxGraphBuilder g, ConvBlock block, string input, string name)
    {
        var current = input;
        var stage = 0;
        foreach (var (conv, norm) in block.Stages)
        {
            FoldedConv(g, current, $"{name}.conv{stage}", conv, norm, stride: 1, padding: (int)(conv.weight!.shape[2] / 2))
                .Relu($"{name}.conv{stage}", $"{name}.relu{stage}");
            current = $"{name}.relu{stage}";
            stage++;
        }
        return current;
    }

    /// <summary>A Conv with its BatchNorm folded in (inference-mode statistics), named <paramref name="output"/>.</summary>
    internal static OnnxGraphBuilder FoldedConv(OnnxGraphBuilder g, string input, string output, Conv2d conv, BatchNorm2d norm, int stride, int padding)
    {
        var (w, dims, b) = BatchNormFolding.Fold(conv, norm);
        return g.Conv(input, output, w, dims, b, padding, stride);
    }
}
