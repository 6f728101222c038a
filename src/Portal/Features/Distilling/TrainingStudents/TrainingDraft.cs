using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Training.Fitting;
using EndoKED.Pipeline.Features.Training.Student;

namespace EndoKED.Portal.Features.Distilling.TrainingStudents;

/// <summary>The launch form's state, with the student's and the trainer's defaults.</summary>
public sealed class TrainingDraft
{
    public Guid? SplitId { get; set; }
    public int Epochs { get; set; } = new StudentTrainingOptions().Epochs;
    public int BatchSize { get; set; } = new StudentTrainingOptions().BatchSize;
    public int ImageSize { get; set; } = new StudentOptions().InputSize;
    public double LearningRate { get; set; } = new StudentTrainingOptions().LearningRate;

    /// <summary>The packaged ImageNet ResNet-18 unless the admin chooses the from-scratch U-Net.</summary>
    public string Encoder { get; set; } = StudentEncoders.ResNet18;

    public bool FineTuneEncoder { get; set; }

    public TrainingRunRequest? ToRequest() => SplitId is { } split
        ? new TrainingRunRequest(split, Epochs, ImageSize, LearningRate: LearningRate, BatchSize: BatchSize, Encoder: Encoder,
            FreezeEncoder: Encoder == StudentEncoders.ResNet18 ? !FineTuneEncoder : null)
        : null;
}
