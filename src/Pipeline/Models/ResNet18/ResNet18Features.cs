using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Models.ResNet18;

/// <summary>
/// ImageNet ResNet-18 (the ONNX of Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1), edited on load so one batched
/// Run returns the pooled 512-d features and the 512x7x7 map of the last residual block. Hold one per process:
/// the session is thread-safe and expensive to build.
/// </summary>
public sealed class ResNet18Features : IDisposable
{
    public const string ModelVersion = "resnet18-imagenet@DnnImageFeaturizer.ResNet18-0.23.1;prep=bgr-mean-stretch224;v1";

    private readonly OnnxSession _session;
    private readonly ExposedOutputs _names;
    private readonly ResNet18Options _options;

    public ResNet18Features(ResNet18Options options, ILogger<ResNet18Features>? logger = null)
    {
        _options = options;
        if (!File.Exists(options.NetworkPath))
            throw new FileNotFoundException($"ResNet-18 not found at {options.NetworkPath} (restore Microsoft.ML.DnnImageFeaturizer.ResNet18).", options.NetworkPath);
        Preparer = new FramePreparer(options);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(options.NetworkPath));
        _names = FeatureMapExposer.Expose(model);
        _session = OnnxSessionFactory.Create(model.ToByteArray(), options.Runtime, logger);
    }

    public string Version => ModelVersion;

    /// <summary>CUDA or CPU: what the session really runs on.</summary>
    public string Provider => _session.Provider;

    public FramePreparer Preparer { get; }

    public int BatchSize => _options.BatchSize;

    internal InferenceSession Session => _session.Session;
    internal ExposedOutputs Names => _names;

    public IReadOnlyList<FrameFeatures> Extract(IReadOnlyList<PreparedFrame> frames)
    {
        var result = new List<FrameFeatures>(frames.Count);
        for (var start = 0; start < frames.Count; start += _options.BatchSize)
            result.AddRange(RunBatch(frames.Skip(start).Take(_options.BatchSize).ToList()));
        return result;
    }

    private IEnumerable<FrameFeatures> RunBatch(IReadOnlyList<PreparedFrame> batch)
    {
        var per = 3 * FramePreparer.Side * FramePreparer.Side;
        var input = new float[batch.Count * per];
        for (var i = 0; i < batch.Count; i++)
            batch[i].Input.CopyTo(input, i * per);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [batch.Count, 3, FramePreparer.Side, FramePreparer.Side]);
        using var run = new RunOptions();
        using var outputs = _session.Session.Run(run, [_names.Input], [tensor], [_names.Pooled, _names.FeatureMap]);
        var pooled = outputs[0].GetTensorDataAsSpan<float>();
        var maps = outputs[1].GetTensorDataAsSpan<float>();
        var mapSize = FrameFeatures.Channels * FrameFeatures.MapCells;
        var list = new List<FrameFeatures>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            list.Add(new FrameFeatures(batch[i].Source, batch[i].Width, batch[i].Height,
                pooled.Slice(i * FrameFeatures.Channels, FrameFeatures.Channels).ToArray(),
                maps.Slice(i * mapSize, mapSize).ToArray()));
        }
        return list;
    }

    public void Dispose() => _session.Dispose();
}
