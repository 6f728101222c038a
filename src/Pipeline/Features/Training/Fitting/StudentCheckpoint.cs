using System.Text.Json;
using EndoKED.Pipeline.Features.Training.Student;
using TorchSharp.Modules;

namespace EndoKED.Pipeline.Features.Training.Fitting;

/// <summary>
/// The state after a finished epoch, in a folder: <c>weights.bin</c> (parameters and BatchNorm statistics),
/// <c>optimizer.bin</c> (Adam's moments and step counts) and <c>checkpoint.json</c> (epoch, seeds, options, history).
/// Each file is written beside its final name and moved over it, the JSON last, so a crash mid-write leaves the
/// previous complete checkpoint: the JSON names the epoch the binary files belong to.
/// </summary>
public sealed record StudentCheckpoint(int Epoch, int Seed, StudentOptions Network, StudentTrainingOptions Training, IReadOnlyList<EpochMetrics> History)
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

    public void Save(string folder, StudentNetwork network, Adam optimizer)
    {
        Directory.CreateDirectory(folder);
        var weights = Path.Combine(folder, WeightsFile);
        var state = Path.Combine(folder, OptimizerFile);
        network.save(weights + ".tmp");
        optimizer.save_state_dict(state + ".tmp");
        File.WriteAllText(Path.Combine(folder, StateFile + ".tmp"), JsonSerializer.Serialize(this, Json));
        File.Move(weights + ".tmp", weights, overwrite: true);
        File.Move(state + ".tmp", state, overwrite: true);
        File.Move(Path.Combine(folder, StateFile + ".tmp"), Path.Combine(folder, StateFile), overwrite: true);
    }

    public static StudentCheckpoint Read(string folder) =>
        JsonSerializer.Deserialize<StudentCheckpoint>(File.ReadAllText(Path.Combine(folder, StateFile)), Json)
        ?? throw new InvalidDataException($"{Path.Combine(folder, StateFile)} is empty.");

    /// <summary>Loads the weights into a network built from <see cref="Network"/>.</summary>
    public StudentNetwork LoadNetwork(string folder)
    {
        var network = new StudentNetwork(Network);
        network.load(Path.Combine(folder, WeightsFile));
        return network;
    }

    public static void LoadOptimizer(string folder, Adam optimizer) => optimizer.load_state_dict(Path.Combine(folder, OptimizerFile));
}
