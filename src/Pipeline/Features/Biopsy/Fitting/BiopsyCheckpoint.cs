using System.Text.Json;
using TorchSharp.Modules;

namespace EndoKED.Pipeline.Features.Biopsy.Fitting;

/// <summary>One finished epoch (1-based): mean training loss, validation frame AUC (null with one class), wall time.</summary>
public sealed record BiopsyEpoch(int Epoch, int Epochs, double TrainLoss, double? ValidationAuc, double Seconds);

/// <summary>
/// The state after a finished epoch, as the student's checkpoint: <c>weights.bin</c> (parameters and the standardisation
/// buffers), <c>optimizer.bin</c> (Adam) and <c>checkpoint.json</c> (epoch, options, history, feature width), each
/// written beside its final name and moved over it, the JSON last.
/// </summary>
public sealed record BiopsyCheckpoint(int Epoch, int Features, BiopsyOptions Options, IReadOnlyList<BiopsyEpoch> History)
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

    public void Save(string folder, BiopsyHead head, Adam optimizer)
    {
        Directory.CreateDirectory(folder);
        var weights = Path.Combine(folder, WeightsFile);
        var state = Path.Combine(folder, OptimizerFile);
        head.save(weights + ".tmp");
        optimizer.save_state_dict(state + ".tmp");
        File.WriteAllText(Path.Combine(folder, StateFile + ".tmp"), JsonSerializer.Serialize(this, Json));
        File.Move(weights + ".tmp", weights, overwrite: true);
        File.Move(state + ".tmp", state, overwrite: true);
        File.Move(Path.Combine(folder, StateFile + ".tmp"), Path.Combine(folder, StateFile), overwrite: true);
    }

    public static BiopsyCheckpoint Read(string folder) =>
        JsonSerializer.Deserialize<BiopsyCheckpoint>(File.ReadAllText(Path.Combine(folder, StateFile)), Json)
        ?? throw new InvalidDataException($"{Path.Combine(folder, StateFile)} is empty.");

    /// <summary>A head of the recorded shape with the saved weights and standardisation.</summary>
    public BiopsyHead LoadHead(string folder)
    {
        var head = new BiopsyHead(new float[Features], new float[Features], Options.Hidden, Options.Seed);
        head.load(Path.Combine(folder, WeightsFile));
        return head;
    }

    public static void LoadOptimizer(string folder, Adam optimizer) => optimizer.load_state_dict(Path.Combine(folder, OptimizerFile));
}
