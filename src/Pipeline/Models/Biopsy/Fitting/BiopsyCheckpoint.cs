using EndoKED.Pipeline.Models.Torch;
using EndoKED.Pipeline.Models.Student.Fitting;
using TorchSharp.Modules;

namespace EndoKED.Pipeline.Models.Biopsy.Fitting;

/// <summary>One finished epoch (1-based): mean training loss, validation frame AUC (null with one class), wall time.</summary>
public sealed record BiopsyEpoch(int Epoch, int Epochs, double TrainLoss, double? ValidationAuc, double Seconds);

/// <summary>
/// The head's state after a finished epoch (epoch, feature width, options, history; the weights carry the
/// standardisation buffers), laid out as the student's by <see cref="CheckpointFiles"/>.
/// </summary>
public sealed record BiopsyCheckpoint(int Epoch, int Features, BiopsyOptions Options, IReadOnlyList<BiopsyEpoch> History)
{
    public static bool Exists(string folder) => CheckpointFiles.Exists(folder);

    public void Save(string folder, BiopsyHead head, Adam optimizer) => CheckpointFiles.Save(folder, this, head, optimizer);

    public static BiopsyCheckpoint Read(string folder) => CheckpointFiles.Read<BiopsyCheckpoint>(folder);

    /// <summary>A head of the recorded shape with the saved weights and standardisation.</summary>
    public BiopsyHead LoadHead(string folder)
    {
        var head = new BiopsyHead(new float[Features], new float[Features], Options.Hidden, Options.Seed);
        head.load(CheckpointFiles.Weights(folder));
        return head;
    }

    public static void LoadOptimizer(string folder, Adam optimizer) => CheckpointFiles.LoadOptimizer(folder, optimizer);
}
