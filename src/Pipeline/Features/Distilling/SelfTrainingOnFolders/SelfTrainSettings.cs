using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Pipeline.Models.Student.Fitting;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;

/// <summary>
/// How <c>self-train</c> runs its rounds. The student defaults are small on purpose (64 px, 20 epochs, a U-Net decoder
/// with 8 base channels on the packaged ResNet-18 kept frozen: a few seconds a round for 20 frames on 2 cores; on 16
/// held-out frames its boxes gave better masks than a plain U-Net's, see the README): the verb is meant to run on a laptop's CPU, and the refiner, not the student, draws the mask.
/// </summary>
public sealed record SelfTrainSettings
{
    /// <summary>Student rounds after round 0 (the CAM round); 0 writes round 0 alone.</summary>
    public int Rounds { get; init; } = 1;

    public StudentOptions Student { get; init; } = new() { Encoder = StudentEncoders.ResNet18, BaseChannels = 8, Levels = 3, InputSize = 64 };

    public StudentTrainingOptions Training { get; init; } = new() { Epochs = 20, BatchSize = 4 };

    /// <summary>The same filter judges CAM boxes (round 0) and the boxes around the student's regions (later rounds).</summary>
    public BoxFilterOptions Box { get; init; } = new();

    /// <summary>A refined mask from a student box replaces the frame's earlier one only at or above this quality.</summary>
    public double MinQuality { get; init; } = 0.5;

    /// <summary>Where the exported student runs to predict (ONNX Runtime: CUDA when present, else the CPU).</summary>
    public OnnxRuntimeOptions Runtime { get; init; } = new();
}
