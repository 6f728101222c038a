using System.Globalization;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Shared.Events;

namespace EndoKED.Portal.Features.Distilling.TrainingStudents;

/// <summary>A run's settings in one line, its planned epochs and its headline figure, as the run list and the run page show them.</summary>
public static class TrainingSettings
{
    public static string Describe(TrainingConfiguration c) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{StudentEncoders.Describe(c.Encoder, c.FreezeEncoder)} · {c.Epochs} epochs · batch {c.BatchSize} · {c.InputSize} px · lr {c.LearningRate:0.#####}");

    public static string Describe(BiopsyConfiguration c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Epochs} epochs · batch {c.BatchSize} · top {c.TopK} frames · hidden {c.Hidden} · lr {c.LearningRate:0.#####}");

    public static string Describe(MilConfiguration c) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{c.Epochs} epochs · {c.BagsPerStep} examinations per step · lr {c.LearningRate:0.#####} · machine labels from {c.MinMachineConfidence:0.##} · threshold {c.Threshold:0.##}{(c.PromoteWhenDone ? " · promoted when done" : "")}");

    public static string Describe(TrainingRunView run) =>
        run.Configuration is { } c ? Describe(c) : run.BiopsyConfiguration is { } b ? Describe(b) : run.MilConfiguration is { } m ? Describe(m) : "—";

    /// <summary>The epochs the run was asked for (the chart's x axis), or those recorded when the configuration is unknown.</summary>
    public static int PlannedEpochs(TrainingRunView run) =>
        run.Configuration?.Epochs ?? run.BiopsyConfiguration?.Epochs ?? run.MilConfiguration?.Epochs ?? run.Epochs.Count;

    /// <summary>What a kind trains, in the words of the lists: student, biopsy, frame scorer.</summary>
    public static string KindName(string kind) => kind == TrainingRunKinds.Mil ? "frame scorer" : kind;

    /// <summary>The split's manifest, short, or how a frame scorer without a split placed its patients.</summary>
    public static string SplitOf(TrainingRunView run) =>
        run.ManifestSha256.Length > 0 ? run.ManifestSha256[..Math.Min(8, run.ManifestSha256.Length)] : run.Kind == TrainingRunKinds.Mil ? "patient draw" : "—";

    /// <summary>The best validation figure so far, named: "Dice 0.812", "AUC 0.874", or "—" before one is recorded.</summary>
    public static string Best(TrainingRunView run)
    {
        var measure = EpochMeasure.Of(run);
        return measure.Best(run.Epochs) is { } best ? string.Create(CultureInfo.InvariantCulture, $"{measure.Name} {best:0.000}") : "—";
    }
}
