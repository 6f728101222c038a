using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Torch;

/// <summary>
/// How a training checkpoint lies in its folder (the student's and the biopsy head's alike): <c>weights.bin</c> (the
/// module's parameters and buffers), <c>optimizer.bin</c> (Adam's moments and step counts) and <c>checkpoint.json</c>
/// (the trainer's own state: epoch, options, history). Each file is written beside its final name and moved over it,
/// the JSON last, so a crash mid-write leaves the previous complete checkpoint: the JSON names the epoch the binary
/// files belong to.
/// </summary>
public static class CheckpointFiles
{
    public const string StateFile = "checkpoint.json";
    public const string WeightsFile = "weights.bin";
    public const string OptimizerFile = "optimizer.bin";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, StateFile));

    public static void Save<TState>(string folder, TState state, nn.Module module, Adam optimizer)
    {
        Directory.CreateDirectory(folder);
        var weights = Path.Combine(folder, WeightsFile);
        var moments = Path.Combine(folder, OptimizerFile);
        var json = Path.Combine(folder, StateFile);
        module.save(weights + ".tmp");
        optimizer.save_state_dict(moments + ".tmp");
        File.WriteAllText(json + ".tmp", JsonSerializer.Serialize(state, Json));
        File.Move(weights + ".tmp", weights, overwrite: true);
        File.Move(moments + ".tmp", moments, overwrite: true);
        File.Move(json + ".tmp", json, overwrite: true);
    }

    public static TState Read<TState>(string folder) =>
        JsonSerializer.Deserialize<TState>(File.ReadAllText(Path.Combine(folder, StateFile)), Json)
        ?? throw new InvalidDataException($"{Path.Combine(folder, StateFile)} is empty.");

    public static string Weights(string folder) => Path.Combine(folder, WeightsFile);

    public static void LoadOptimizer(string folder, Adam optimizer) => optimizer.load_state_dict(Path.Combine(folder, OptimizerFile));
}
