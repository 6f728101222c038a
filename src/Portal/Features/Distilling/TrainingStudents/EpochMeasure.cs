using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;

namespace EndoKED.Portal.Features.Distilling.TrainingStudents;

/// <summary>
/// The validation figure a run records per epoch, drawn beside the loss: Dice for a student segmenter, AUC for an
/// optical-biopsy head or a frame scorer (null on an epoch whose validation set had one class only). Both lie on 0..1.
/// </summary>
public sealed record EpochMeasure(string Key, string Name, Func<EpochPoint, double?> Value)
{
    public static readonly EpochMeasure Dice = new("dice", "Dice", p => p.ValDice);
    public static readonly EpochMeasure Auc = new("auc", "AUC", p => p.ValAuc);

    public static EpochMeasure Of(TrainingRunView run) => run.Kind is TrainingRunKinds.Biopsy or TrainingRunKinds.Mil ? Auc : Dice;

    /// <summary>The best validation figure so far, or null before the first epoch that has one.</summary>
    public double? Best(IEnumerable<EpochPoint> points) =>
        points.Select(Value).Where(v => v is { } x && double.IsFinite(x)).Max();
}
