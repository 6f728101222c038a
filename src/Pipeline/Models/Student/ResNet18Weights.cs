using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student;

/// <summary>
/// Loads the ImageNet weights of the packaged ResNet-18 ONNX graph (Microsoft.ML.DnnImageFeaturizer.ResNet18, converted
/// from CNTK) into a <see cref="ResNet18Backbone"/>: every Conv followed by a BatchNormalization, in graph order, is one
/// conv/norm pair; the stem is the first pair, then each block's pairs (a block with a shortcut has three, its 1×1
/// conv being the shortcut's). The stem's input channels are reversed (the package feeds BGR, the student RGB) and the
/// mean colour is the per-channel average of the package's mean image. Every shape is checked: a different graph is
/// refused, not loaded in part.
/// </summary>
public static class ResNet18Weights
{
    private sealed record ConvNorm(string Name, float[] Weight, long[] Dims, float[] Gamma, float[] Beta, float[] Mean, float[] Variance, float Epsilon);

    public static void Load(ResNet18Backbone backbone, ResNet18Options options)
    {
        if (!File.Exists(options.NetworkPath))
            throw new FileNotFoundException($"The ResNet-18 encoder needs {options.NetworkPath} (restore Microsoft.ML.DnnImageFeaturizer.ResNet18), or choose encoder '{StudentEncoders.Plain}'.", options.NetworkPath);
        var pairs = Pairs(ModelProto.Parser.ParseFrom(File.ReadAllBytes(options.NetworkPath)));
        var expected = 1 + (2 * backbone.Blocks.Count) + backbone.Blocks.Count(b => b.Shortcut is not null);
        if (pairs.Count != expected)
            throw new InvalidDataException($"{options.NetworkPath} has {pairs.Count} conv/norm pairs, not the {expected} of the encoder's ResNet-18.");

        using var noGrad = torch.no_grad();
        var stem = pairs[0] with { Weight = ReverseInputChannels(pairs[0].Weight, pairs[0].Dims) };
        Copy(stem, backbone.Stem, "stem");
        var next = 1;
        foreach (var block in backbone.Blocks)
        {
            if (block.Shortcut is { } shortcut)
            {
                var three = pairs.Skip(next).Take(3).ToList();
                var oneByOne = three.Single(p => p.Dims[2] == 1);
                var rest = three.Where(p => p != oneByOne).ToList();
                Copy(oneByOne, shortcut, $"{block.GetName()} shortcut");
                Copy(rest[0], block.First, $"{block.GetName()} conv1");
                Copy(rest[1], block.Second, $"{block.GetName()} conv2");
                next += 3;
            }
            else
            {
                Copy(pairs[next], block.First, $"{block.GetName()} conv1");
                Copy(pairs[next + 1], block.Second, $"{block.GetName()} conv2");
                next += 2;
            }
        }
        backbone.MeanRgb = MeanRgb(options);
    }

    private static List<ConvNorm> Pairs(ModelProto model)
    {
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        float[] Values(string name) => initializers.TryGetValue(name, out var t)
            ? OnnxTensors.Floats(t)
            : throw new InvalidDataException($"The ResNet-18 graph has no initializer '{name}'.");
        var byInput = model.Graph.Node.Where(n => n.OpType == "BatchNormalization").ToDictionary(n => n.Input[0]);
        var pairs = new List<ConvNorm>();
        foreach (var conv in model.Graph.Node.Where(n => n.OpType == "Conv"))
        {
            if (!byInput.TryGetValue(conv.Output[0], out var norm))
                throw new InvalidDataException($"Conv {conv.Name} of the ResNet-18 graph is not followed by a BatchNormalization.");
            var w = initializers[conv.Input[1]];
            var epsilon = norm.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            pairs.Add(new ConvNorm(conv.Name, Values(conv.Input[1]), [.. w.Dims], Values(norm.Input[1]), Values(norm.Input[2]),
                Values(norm.Input[3]), Values(norm.Input[4]), epsilon));
        }
        return pairs;
    }

    private static void Copy(ConvNorm source, (Conv2d Conv, BatchNorm2d Norm) target, string what)
    {
        var shape = target.Conv.weight!.shape;
        if (!shape.SequenceEqual(source.Dims))
            throw new InvalidDataException($"ResNet-18 {what}: the graph's {source.Name} is [{string.Join('x', source.Dims)}], the encoder expects [{string.Join('x', shape)}].");
        Set(target.Conv.weight!, source.Weight);
        Set(target.Norm.weight!, source.Gamma);
        Set(target.Norm.bias!, source.Beta);
        Set(target.Norm.running_mean!, source.Mean);
        Set(target.Norm.running_var!, source.Variance);
        target.Norm.eps = source.Epsilon;
    }

    private static void Set(Tensor target, float[] values)
    {
        if (target.numel() != values.Length)
            throw new InvalidDataException($"ResNet-18: {values.Length} values for a tensor of {target.numel()}.");
        using var t = torch.tensor(values, target.shape);
        target.copy_(t);
    }

    /// <summary>[out, 3, k, k] with the input channels in reverse order (BGR weights for RGB input).</summary>
    private static float[] ReverseInputChannels(float[] weight, long[] dims)
    {
        var (outs, plane) = ((int)dims[0], (int)(dims[2] * dims[3]));
        var reversed = new float[weight.Length];
        for (var o = 0; o < outs; o++)
            for (var c = 0; c < 3; c++)
                Array.Copy(weight, ((o * 3) + c) * plane, reversed, ((o * 3) + (2 - c)) * plane, plane);
        return reversed;
    }

    /// <summary>The package's mean image averaged per channel, in RGB order.</summary>
    private static float[] MeanRgb(ResNet18Options options)
    {
        var values = FramePreparer.MeanImage(options);
        var plane = values.Length / 3;
        var bgr = Enumerable.Range(0, 3).Select(c => (float)values.Skip(c * plane).Take(plane).Average()).ToArray();
        return [bgr[2], bgr[1], bgr[0]];
    }
}
