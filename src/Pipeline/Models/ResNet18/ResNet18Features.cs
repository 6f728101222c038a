using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Models.ResNet18;

/// <summary>
/// ImageNet ResNet-18 (the ONNX of Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1), edited on load so one batched
/// Run returns the pooled 512-d features and the 512x7x7 map of the last residual block (and, for localisation, the
/// last stage's input, which <see cref="FineMaps"/> turns into a 512x14x14 map). Hold one per process: the sessions are
/// thread-safe and expensive to build.
/// </summary>
public sealed class ResNet18Features : IDisposable
{
    public const string ModelVersion = "resnet18-imagenet@DnnImageFeaturizer.ResNet18-0.23.1;prep=bgr-mean-stretch224;v1";

    private readonly OnnxSession _session;
    private readonly ExposedOutputs _names;
    private readonly ResNet18Options _options;
    private static readonly (int Dy, int Dx)[] Shifts = [(0, 1), (1, 0), (1, 1)];
    private readonly Lazy<OnnxSession>[] _lastStages;
    private readonly string _stageInput;

    public ResNet18Features(ResNet18Options options, ILogger<ResNet18Features>? logger = null)
    {
        _options = options;
        if (!File.Exists(options.NetworkPath))
            throw new FileNotFoundException($"ResNet-18 not found at {options.NetworkPath} (restore Microsoft.ML.DnnImageFeaturizer.ResNet18).", options.NetworkPath);
        Preparer = new FramePreparer(options);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(options.NetworkPath));
        _names = FeatureMapExposer.Expose(model);
        var stages = Shifts.Select(o => LastStage.Cut(model, _names.FeatureMap, dy: o.Dy, dx: o.Dx)).ToList();
        _stageInput = stages[0].Input;
        model.Graph.Output.Add(new ValueInfoProto { Name = _stageInput, Type = model.Graph.Output.Last().Type.Clone() });
        _session = OnnxSessionFactory.Create(model.ToByteArray(), options.Runtime, logger);
        // Built on first use: a host that never localises never pays for them.
        _lastStages = [.. stages.Select(stage => new Lazy<OnnxSession>(() => OnnxSessionFactory.Create(stage.Model.ToByteArray(), options.Runtime, logger)))];
    }

    /// <summary>Side of the map the dilated last stage gives (twice the 7x7 map's; cell 2i equals cell i there).</summary>
    public const int FineMapSide = 2 * FrameFeatures.MapSide;

    public string Version => ModelVersion;

    /// <summary>CUDA or CPU: what the session really runs on.</summary>
    public string Provider => _session.Provider;

    public FramePreparer Preparer { get; }

    public int BatchSize => _options.BatchSize;

    internal InferenceSession Session => _session.Session;
    internal ExposedOutputs Names => _names;

    public IReadOnlyList<FrameFeatures> Extract(IReadOnlyList<PreparedFrame> frames) =>
        [.. ExtractWithStageInput(frames, stageInput: false).Select(r => r.Features)];

    /// <summary>Features as <see cref="Extract"/> gives them, each with the last stage's input (256x14x14) when asked.</summary>
    public IReadOnlyList<(FrameFeatures Features, float[]? StageInput)> ExtractWithStageInput(IReadOnlyList<PreparedFrame> frames, bool stageInput)
    {
        var result = new List<(FrameFeatures, float[]?)>(frames.Count);
        for (var start = 0; start < frames.Count; start += _options.BatchSize)
            result.AddRange(RunBatch(frames.Skip(start).Take(_options.BatchSize).ToList(), stageInput));
        return result;
    }

    /// <summary>
    /// The 512x14x14 map the last stage would give run à trous (stride 1, later convolutions dilated by 2), computed
    /// without dilated kernels: a dilated stage never mixes cells of different parity, so the cells (2i + dy, 2j + dx)
    /// are the map of the ordinary stage whose strided convolutions sample one cell further (see <see cref="LastStage"/>).
    /// Parity (0, 0) is the frame's own 7x7 map; the three others are a run of the last stage each (about a quarter
    /// of a network pass), batched over frames.
    /// </summary>
    public IReadOnlyList<float[]> FineMaps(IReadOnlyList<float[]> stageInputs, IReadOnlyList<float[]> coarseMaps)
    {
        const int fine = FineMapSide, coarse = FrameFeatures.MapSide;
        var maps = new float[stageInputs.Count][];
        for (var f = 0; f < maps.Length; f++)
        {
            maps[f] = new float[FrameFeatures.Channels * fine * fine];
            Interleave(coarseMaps[f], maps[f], 0, 0);
        }
        for (var k = 0; k < Shifts.Length; k++)
        {
            var runs = RunLastStage(_lastStages[k].Value.Session, stageInputs);
            for (var f = 0; f < maps.Length; f++)
                Interleave(runs[f], maps[f], Shifts[k].Dy, Shifts[k].Dx);
        }
        return maps;

        static void Interleave(float[] part, float[] map, int dy, int dx)
        {
            for (var c = 0; c < FrameFeatures.Channels; c++)
                for (var i = 0; i < coarse; i++)
                    for (var j = 0; j < coarse; j++)
                        map[(c * fine + 2 * i + dy) * fine + 2 * j + dx] = part[(c * coarse + i) * coarse + j];
        }
    }

    private List<float[]> RunLastStage(InferenceSession session, IReadOnlyList<float[]> inputs)
    {
        var result = new List<float[]>(inputs.Count);
        const int side = FineMapSide;
        for (var start = 0; start < inputs.Count; start += _options.BatchSize)
        {
            var batch = inputs.Skip(start).Take(_options.BatchSize).ToList();
            var per = batch[0].Length;
            var input = new float[batch.Count * per];
            for (var i = 0; i < batch.Count; i++)
                batch[i].CopyTo(input, i * per);
            using var tensor = OrtValue.CreateTensorValueFromMemory(input, [batch.Count, per / (side * side), side, side]);
            using var run = new RunOptions();
            using var outputs = session.Run(run, [_stageInput], [tensor], [_names.FeatureMap]);
            var maps = outputs[0].GetTensorDataAsSpan<float>();
            var size = maps.Length / batch.Count;
            for (var i = 0; i < batch.Count; i++)
                result.Add(maps.Slice(i * size, size).ToArray());
        }
        return result;
    }

    private List<(FrameFeatures Features, float[]? StageInput)> RunBatch(IReadOnlyList<PreparedFrame> batch, bool stageInput)
    {
        var per = 3 * FramePreparer.Side * FramePreparer.Side;
        var input = new float[batch.Count * per];
        for (var i = 0; i < batch.Count; i++)
            batch[i].Input.CopyTo(input, i * per);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [batch.Count, 3, FramePreparer.Side, FramePreparer.Side]);
        using var run = new RunOptions();
        using var outputs = _session.Session.Run(run, [_names.Input], [tensor],
            stageInput ? [_names.Pooled, _names.FeatureMap, _stageInput] : [_names.Pooled, _names.FeatureMap]);
        var pooled = outputs[0].GetTensorDataAsSpan<float>();
        var maps = outputs[1].GetTensorDataAsSpan<float>();
        var stage = stageInput ? outputs[2].GetTensorDataAsSpan<float>() : default;
        var stageSize = stage.Length / batch.Count;
        var mapSize = FrameFeatures.Channels * FrameFeatures.MapCells;
        var list = new List<(FrameFeatures, float[]?)>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            list.Add((new FrameFeatures(batch[i].Source, batch[i].Width, batch[i].Height,
                pooled.Slice(i * FrameFeatures.Channels, FrameFeatures.Channels).ToArray(),
                maps.Slice(i * mapSize, mapSize).ToArray()),
                stageInput ? stage.Slice(i * stageSize, stageSize).ToArray() : null));
        }
        return list;
    }

    public void Dispose()
    {
        _session.Dispose();
        foreach (var stage in _lastStages)
            if (stage.IsValueCreated) stage.Value.Dispose();
    }
}
