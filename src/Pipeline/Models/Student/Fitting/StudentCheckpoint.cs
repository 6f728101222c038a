using EndoKED.Pipeline.Models.Torch;
using EndoKED.Pipeline.Models.Student;
using TorchSharp.Modules;

namespace EndoKED.Pipeline.Models.Student.Fitting;

/// <summary>The student's state after a finished epoch (epoch, seed, options, history), laid out by <see cref="CheckpointFiles"/>.</summary>
public sealed record StudentCheckpoint(int Epoch, int Seed, StudentOptions Network, StudentTrainingOptions Training, IReadOnlyList<EpochMetrics> History)
{
    public static bool Exists(string folder) => CheckpointFiles.Exists(folder);

    public void Save(string folder, StudentNetwork network, Adam optimizer) => CheckpointFiles.Save(folder, this, network, optimizer);

    public static StudentCheckpoint Read(string folder) => CheckpointFiles.Read<StudentCheckpoint>(folder);

    /// <summary>Loads the weights into a network built from <see cref="Network"/>.</summary>
    public StudentNetwork LoadNetwork(string folder)
    {
        var network = StudentNetwork.Create(Network);
        network.load(CheckpointFiles.Weights(folder));
        return network;
    }

    public static void LoadOptimizer(string folder, Adam optimizer) => CheckpointFiles.LoadOptimizer(folder, optimizer);
}
