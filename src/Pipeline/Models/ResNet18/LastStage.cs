using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;

namespace EndoKED.Pipeline.Models.ResNet18;

/// <summary>The last residual stage cut out of the network as its own graph: input and output names.</summary>
public sealed record LastStage(string Input, string Output, ModelProto Model)
{
    /// <summary>
    /// Cuts the last residual stage (from the input of its two strided convolutions to the feature map) out of a
    /// ResNet. With <paramref name="dilate"/>, "à trous": its strided convolutions get stride 1 and every later 3×3
    /// convolution dilation 2 (padding doubled), so the map comes out at twice the resolution. With an offset
    /// (<paramref name="dy"/>, <paramref name="dx"/>) instead, its strided convolutions sample the input one cell
    /// further down or right (padding moved, or the 1×1 shortcut's kernel grown with zeros): the stage then gives the
    /// à trous map's cells of that parity, with ordinary (fast) kernels.
    /// </summary>
    public static LastStage Cut(ModelProto network, string featureMap, bool dilate = false, int dy = 0, int dx = 0)
    {
        var graph = network.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var producer = graph.Node.Select((n, i) => (n, i)).Single(x => x.n.Output.Contains(featureMap)).i;
        var strided = graph.Node.Take(producer + 1).Select((n, i) => (n, i))
            .Where(x => x.n.OpType == "Conv" && Ints(x.n, "strides").Any(s => s > 1)).ToList();
        if (strided.Count < 2)
            throw new InvalidDataException("The network has no strided last stage to dilate.");
        // The last stage opens with its two strided convolutions (the 3x3 and the 1x1 shortcut), both on the stage's input.
        var (a, b) = (strided[^1].n, strided[^2].n);
        var input = a.Input[0];
        if (b.Input[0] != input)
            throw new InvalidDataException($"The last two strided convolutions read '{a.Input[0]}' and '{b.Input[0]}', not one stage input.");

        var available = new HashSet<string>(StringComparer.Ordinal) { input };
        var nodes = new List<NodeProto>();
        var added = new List<TensorProto>();
        var first = Math.Min(graph.Node.IndexOf(a), graph.Node.IndexOf(b));
        foreach (var node in graph.Node.Skip(first).Take(producer + 1 - first))
        {
            if (!node.Input.Where(i => i.Length > 0 && !initializers.ContainsKey(i)).All(available.Contains))
                continue;
            var copy = node.Clone();
            var isStrided = ReferenceEquals(node, a) || ReferenceEquals(node, b);
            if (dilate && copy.OpType == "Conv")
                Dilate(copy, isStrided);
            else if (isStrided && (dy, dx) != (0, 0))
                Offset(copy, dy, dx, initializers, added);
            nodes.Add(copy);
            foreach (var o in copy.Output) available.Add(o);
            if (copy.Output.Contains(featureMap)) break;
        }
        if (!available.Contains(featureMap))
            throw new InvalidDataException($"The feature map '{featureMap}' does not follow from the stage input '{input}'.");

        var used = nodes.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        var stage = new GraphProto { Name = dilate ? "resnet_last_stage_dilated" : "resnet_last_stage" };
        stage.Node.AddRange(nodes);
        stage.Initializer.AddRange(graph.Initializer.Where(t => used.Contains(t.Name)));
        stage.Initializer.AddRange(added);
        stage.Input.Add(FloatTensor(input));
        stage.Output.Add(FloatTensor(featureMap));
        var model = new ModelProto { IrVersion = network.IrVersion, Graph = stage };
        model.OpsetImport.AddRange(network.OpsetImport);
        return new LastStage(input, featureMap, model);
    }

    /// <summary>
    /// A strided convolution keeps every output position (stride 1; its padding made symmetric about the same taps so
    /// the even outputs are the old ones); a later convolution reads taps two apart, which are the old neighbours.
    /// </summary>
    private static void Dilate(NodeProto conv, bool strided)
    {
        var kernel = Ints(conv, "kernel_shape");
        var pads = Ints(conv, "pads");
        if (pads.Length == 0) pads = new long[2 * kernel.Length];
        var rank = kernel.Length;
        if (strided)
        {
            Set(conv, "strides", Enumerable.Repeat(1L, rank));
            // Output size of a stride-1 convolution equals its input when begin + end = kernel - 1.
            Set(conv, "pads", pads.Take(rank).Concat(pads.Take(rank).Select((p, i) => kernel[i] - 1 - p)));
            return;
        }
        if (kernel.All(k => k == 1)) return;
        Set(conv, "dilations", Enumerable.Repeat(2L, rank));
        Set(conv, "pads", pads.Select(p => 2 * p));
    }

    /// <summary>
    /// A strided convolution reads x(2i + k − begin); reading x(2i + d + k − begin) instead needs the begin padding
    /// lowered by d (and the end raised, so the size stays), or, where there is no padding to lower (the 1×1 shortcut),
    /// a kernel grown by d with the old weights at its far end.
    /// </summary>
    private static void Offset(NodeProto conv, int dy, int dx, Dictionary<string, TensorProto> initializers, List<TensorProto> added)
    {
        var kernel = Ints(conv, "kernel_shape");
        var pads = Ints(conv, "pads");
        if (pads.Length == 0) pads = new long[4];
        var d = new long[] { dy, dx };
        var grow = new long[2];
        for (var axis = 0; axis < 2; axis++)
        {
            var lower = Math.Min(pads[axis], d[axis]);
            pads[axis] -= lower;
            pads[axis + 2] += lower;
            grow[axis] = d[axis] - lower;
        }
        Set(conv, "pads", pads);
        if (grow.All(g => g == 0)) return;
        var weights = initializers[conv.Input[1]];
        var (o, i, kh, kw) = ((int)weights.Dims[0], (int)weights.Dims[1], (int)weights.Dims[2], (int)weights.Dims[3]);
        var (gh, gw) = ((int)grow[0], (int)grow[1]);
        var old = OnnxTensors.Floats(weights);
        var grown = new float[o * i * (kh + gh) * (kw + gw)];
        for (var c = 0; c < o * i; c++)
            for (var y = 0; y < kh; y++)
                for (var x = 0; x < kw; x++)
                    grown[(c * (kh + gh) + y + gh) * (kw + gw) + x + gw] = old[(c * kh + y) * kw + x];
        var tensor = new TensorProto { Name = $"{weights.Name}_offset_{dy}_{dx}", DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange([o, i, kh + gh, kw + gw]);
        tensor.FloatData.AddRange(grown);
        added.Add(tensor);
        conv.Input[1] = tensor.Name;
        Set(conv, "kernel_shape", [kernel[0] + gh, kernel[1] + gw]);
    }

    private static long[] Ints(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? [];

    private static void Set(NodeProto node, string name, IEnumerable<long> values)
    {
        var attribute = node.Attribute.FirstOrDefault(a => a.Name == name);
        if (attribute is null)
        {
            attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            node.Attribute.Add(attribute);
        }
        attribute.Ints.Clear();
        attribute.Ints.AddRange(values);
    }

    private static ValueInfoProto FloatTensor(string name)
    {
        var shape = new TensorShapeProto();
        foreach (var d in new[] { "batch", "channels", "height", "width" })
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
