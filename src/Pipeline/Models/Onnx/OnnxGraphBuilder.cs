using EndoKED.Pipeline.Models.Onnx.Proto;
using Google.Protobuf;

namespace EndoKED.Pipeline.Models.Onnx;

/// <summary>Builds a small float ONNX graph node by node (the project's own exporter: TorchSharp has none).</summary>
public sealed partial class OnnxGraphBuilder(string graphName)
{
    /// <summary>IR 8 with opset 13: every operator used here is stable there and ONNX Runtime 1.x runs it.</summary>
    private const long IrVersion = 8;
    private const long Opset = 13;

    private readonly GraphProto _graph = new() { Name = graphName };

    /// <summary>Declares a float input or output; null dimensions are symbolic (the first one is the batch).</summary>
    public OnnxGraphBuilder Input(string name, params long?[] dims)
    {
        _graph.Input.Add(Value(name, dims));
        return this;
    }

    public OnnxGraphBuilder Output(string name, params long?[] dims)
    {
        _graph.Output.Add(Value(name, dims));
        return this;
    }

    public OnnxGraphBuilder Initializer(string name, float[] data, params long[] dims)
    {
        if (data.Length != dims.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"Initializer '{name}' has {data.Length} values for shape [{string.Join(',', dims)}].");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data is little-endian by the ONNX specification, as is every platform this project runs on.
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>An int64 initializer (shapes, axes, indices); an empty <paramref name="dims"/> makes a scalar.</summary>
    public OnnxGraphBuilder Int64Initializer(string name, long[] data, params long[] dims)
    {
        if (data.Length != dims.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"Initializer '{name}' has {data.Length} values for shape [{string.Join(',', dims)}].");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(data);
        _graph.Initializer.Add(tensor);
        return this;
    }

    public OnnxGraphBuilder Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return this;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public ModelProto Build(string producerVersion, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "EndoKED",
            ProducerVersion = producerVersion,
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private static ValueInfoProto Value(string name, long?[] dims)
    {
        var shape = new TensorShapeProto();
        // Each symbolic dimension gets its own name: one shared name would tell the runtime they are equal.
        for (var i = 0; i < dims.Length; i++)
            shape.Dim.Add(dims[i] is { } v
                ? new TensorShapeProto.Types.Dimension { DimValue = v }
                : new TensorShapeProto.Types.Dimension { DimParam = i == 0 ? "batch" : $"d{i}" });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
