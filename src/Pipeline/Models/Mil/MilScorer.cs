using EndoKED.Pipeline.Models.ResNet18;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Models.Mil;

/// <summary>A frame's polyp probability and its coarse CAM (7x7 cell logits, row-major).</summary>
public sealed record FrameScore(string Source, double Probability, double Logit, float[] Cam);

/// <summary>A trained MIL head loaded from its ONNX file and metadata; one per process (the session is thread-safe).</summary>
public sealed class MilScorer : IDisposable
{
    private readonly OnnxSession _session;
    private readonly float[] _camWeights;
    private readonly float _camBias;

    public MilScorer(string onnxPath, OnnxRuntimeOptions runtime, ILogger<MilScorer>? logger = null)
    {
        if (!File.Exists(onnxPath))
            throw new FileNotFoundException($"MIL model not found: {onnxPath}", onnxPath);
        Metadata = MilModelMetadata.Load(onnxPath);
        if (Metadata.FeatureExtractorVersion != ResNet18Features.ModelVersion)
            throw new InvalidDataException($"{onnxPath} was trained on features '{Metadata.FeatureExtractorVersion}', " +
                $"this build extracts '{ResNet18Features.ModelVersion}'.");
        var bytes = File.ReadAllBytes(onnxPath);
        (_camWeights, _camBias) = CamHead(bytes);
        _session = OnnxSessionFactory.Create(bytes, runtime, logger);
    }

    /// <summary>A head whose bytes and metadata come from elsewhere (the file store and the model registry).</summary>
    public MilScorer(byte[] onnx, MilModelMetadata metadata, OnnxRuntimeOptions runtime, ILogger<MilScorer>? logger = null)
    {
        Metadata = metadata;
        if (Metadata.FeatureExtractorVersion != ResNet18Features.ModelVersion)
            throw new InvalidDataException($"The frame scorer {metadata.Version} was trained on features '{Metadata.FeatureExtractorVersion}', " +
                $"this build extracts '{ResNet18Features.ModelVersion}': train a new one.");
        (_camWeights, _camBias) = CamHead(onnx);
        _session = OnnxSessionFactory.Create(onnx, runtime, logger);
    }

    public MilModelMetadata Metadata { get; }
    public string Version => Metadata.Version;
    public string Provider => _session.Provider;

    internal InferenceSession Session => _session.Session;

    public IReadOnlyList<FrameScore> Score(IReadOnlyList<FrameFeatures> frames)
    {
        if (frames.Count == 0)
            return [];
        const int perFrame = FrameFeatures.Channels * FrameFeatures.MapCells;
        var input = new float[frames.Count * perFrame];
        for (var i = 0; i < frames.Count; i++)
            frames[i].FeatureMap.CopyTo(input, i * perFrame);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input,
            [frames.Count, FrameFeatures.Channels, FrameFeatures.MapSide, FrameFeatures.MapSide]);
        using var run = new RunOptions();
        using var outputs = _session.Session.Run(run, [MilOnnxExporter.Input], [tensor],
            [MilOnnxExporter.Probability, MilOnnxExporter.Logit, MilOnnxExporter.Cam]);
        var probability = outputs[0].GetTensorDataAsSpan<float>();
        var logit = outputs[1].GetTensorDataAsSpan<float>();
        var cam = outputs[2].GetTensorDataAsSpan<float>();
        var scores = new FrameScore[frames.Count];
        for (var i = 0; i < frames.Count; i++)
            scores[i] = new FrameScore(frames[i].Source, probability[i], logit[i],
                cam.Slice(i * FrameFeatures.MapCells, FrameFeatures.MapCells).ToArray());
        return scores;
    }

    /// <summary>
    /// The CAM of a feature map of any side (512 x side x side, channel-major): each cell's logit under the head's
    /// folded 1x1 convolution, the very weights the ONNX graph's CAM output uses, so a 7x7 map gives its CAM output.
    /// </summary>
    public float[] Cam(ReadOnlySpan<float> featureMap, int side)
    {
        var cells = side * side;
        if (featureMap.Length != _camWeights.Length * cells)
            throw new ArgumentException($"A {side}x{side} map of {_camWeights.Length} channels has {_camWeights.Length * cells} values, got {featureMap.Length}.", nameof(featureMap));
        var cam = new float[cells];
        Array.Fill(cam, _camBias);
        for (var c = 0; c < _camWeights.Length; c++)
        {
            var w = _camWeights[c];
            var plane = featureMap.Slice(c * cells, cells);
            for (var k = 0; k < cells; k++)
                cam[k] += w * plane[k];
        }
        return cam;
    }

    private static (float[] Weights, float Bias) CamHead(byte[] onnx)
    {
        var graph = ModelProto.Parser.ParseFrom(onnx).Graph;
        float[] Initializer(string name) => OnnxTensors.Floats(graph.Initializer.FirstOrDefault(t => t.Name == name)
            ?? throw new InvalidDataException($"The MIL head has no '{name}' initializer."));
        return (Initializer("cam_weight"), Initializer("cam_bias")[0]);
    }

    public void Dispose() => _session.Dispose();
}
