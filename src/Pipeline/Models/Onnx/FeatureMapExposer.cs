using EndoKED.Pipeline.Models.Onnx.Proto;

namespace EndoKED.Pipeline.Models.Onnx;

/// <summary>The names of a CNN's pooled output and of the feature map that the global pool reads.</summary>
public sealed record ExposedOutputs(string Input, string Pooled, string FeatureMap);

/// <summary>
/// Edits a classification CNN so that one Run returns both the pooled features and the last feature map, and accepts
/// any batch size (the packaged ResNet-18 fixes the batch at 1 in its inputs, outputs and shape annotations).
/// </summary>
public static class FeatureMapExposer
{
    private static readonly string[] PoolOps = ["AveragePool", "GlobalAveragePool"];

    public static ExposedOutputs Expose(ModelProto model)
    {
        var graph = model.Graph ?? throw new InvalidDataException("The model has no graph.");
        if (graph.Output.Count == 0 || graph.Input.Count == 0)
            throw new InvalidDataException("The model has no declared input or output.");

        var pooledName = graph.Output[0].Name;
        var pool = graph.Node.LastOrDefault(n => n.Output.Contains(pooledName) && PoolOps.Contains(n.OpType))
            ?? throw new InvalidDataException($"No average pool produces the output '{pooledName}'.");
        var mapName = pool.Input[0];

        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        var input = graph.Input.First(i => !initializers.Contains(i.Name));

        // The stored intermediate shapes carry batch 1; ONNX Runtime infers them again when they are absent.
        graph.ValueInfo.Clear();
        MakeBatchSymbolic(input);
        foreach (var output in graph.Output)
            MakeBatchSymbolic(output);
        if (graph.Output.All(o => o.Name != mapName))
            graph.Output.Add(new ValueInfoProto { Name = mapName, Type = FloatTensor(rank: 4) });
        return new ExposedOutputs(input.Name, pooledName, mapName);
    }

    private static void MakeBatchSymbolic(ValueInfoProto value)
    {
        var dims = value.Type?.TensorType?.Shape?.Dim;
        if (dims is { Count: > 0 })
            dims[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
    }

    private static TypeProto FloatTensor(int rank)
    {
        var shape = new TensorShapeProto();
        for (var i = 0; i < rank; i++)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = $"d{i}" });
        return new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
        };
    }
}
