using EndoKED.Pipeline.Models.Biopsy.Fitting;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Student;

namespace EndoKED.Portal.Features.Distilling.TrainingStudents;

/// <summary>
/// The launch form's state: what to train (a student, an optical-biopsy head, or the frame scorer from the labels) with
/// that kind's defaults. Choosing a kind resets epochs, batch and learning rate to its own defaults.
/// </summary>
public sealed class TrainingDraft
{
    private string _kind = TrainingRunKinds.Student;

    public string Kind
    {
        get => _kind;
        set
        {
            if (value == _kind) return;
            _kind = value;
            SplitId = value == TrainingRunKinds.Mil ? null : SplitId ?? DefaultSplitId;
            (Epochs, BatchSize, LearningRate) = value switch
            {
                TrainingRunKinds.Mil => (Mil.Epochs, Mil.BagsPerStep, Mil.LearningRate),
                TrainingRunKinds.Biopsy => (Biopsy.Epochs, Biopsy.BatchSize, Biopsy.LearningRate),
                _ => (Student.Epochs, Student.BatchSize, Student.LearningRate),
            };
        }
    }

    /// <summary>A frozen split: required for students and biopsy heads; optional for a frame scorer (none: a patient-grouped draw).</summary>
    public Guid? SplitId { get; set; }

    /// <summary>The split a student or biopsy head starts with (the latest frozen one); a frame scorer starts without.</summary>
    public Guid? DefaultSplitId { get; set; }
    public int Epochs { get; set; } = Student.Epochs;
    public int BatchSize { get; set; } = Student.BatchSize;
    public int ImageSize { get; set; } = new StudentOptions().InputSize;
    public double LearningRate { get; set; } = Student.LearningRate;

    /// <summary>The packaged ImageNet ResNet-18 unless the admin chooses the from-scratch U-Net.</summary>
    public string Encoder { get; set; } = StudentEncoders.ResNet18;

    public bool FineTuneEncoder { get; set; }

    /// <summary>Frame scorer: a machine-proposed examination label trains from this confidence on.</summary>
    public double MinConfidence { get; set; } = MilRunRequestCheck.DefaultMinConfidence;

    /// <summary>Frame scorer without a split: each centre's share of patients drawn to validation.</summary>
    public double ValidationShare { get; set; } = MilRunRequestCheck.DefaultValidationFraction;

    /// <summary>Frame scorer: the frame probability from which a frame counts as a polyp frame.</summary>
    public double Threshold { get; set; } = 0.5;

    public bool PromoteWhenDone { get; set; }

    /// <summary>Whether the chosen kind trains only on a frozen split (the frame scorer does not).</summary>
    public bool NeedsSplit => Kind != TrainingRunKinds.Mil;

    public TrainingRunRequest? ToRequest() => Kind switch
    {
        TrainingRunKinds.Mil => new TrainingRunRequest(SplitId ?? Guid.Empty, Epochs, LearningRate: LearningRate, BatchSize: BatchSize,
            Kind: TrainingRunKinds.Mil, Threshold: Threshold, MinConfidence: MinConfidence, ValidationFraction: ValidationShare,
            PromoteWhenDone: PromoteWhenDone),
        _ when SplitId is null => null,
        TrainingRunKinds.Biopsy => new TrainingRunRequest(SplitId.Value, Epochs, LearningRate: LearningRate, BatchSize: BatchSize, Kind: TrainingRunKinds.Biopsy),
        _ => new TrainingRunRequest(SplitId.Value, Epochs, ImageSize, LearningRate: LearningRate, BatchSize: BatchSize, Encoder: Encoder,
            FreezeEncoder: Encoder == StudentEncoders.ResNet18 ? !FineTuneEncoder : null),
    };

    private static readonly StudentTrainingOptions Student = new();
    private static readonly BiopsyOptions Biopsy = new();
    private static readonly MilTrainingOptions Mil = new();
}
