using System.Globalization;
using EndoKED.Shared.Events;

namespace EndoKED.Portal.Features.Distilling.TrainingStudents;

/// <summary>A run's settings in one line, as the run list and the run page show them.</summary>
public static class TrainingSettings
{
    public static string Describe(TrainingConfiguration c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Epochs} epochs · batch {c.BatchSize} · {c.InputSize} px · lr {c.LearningRate:0.#####}");
}
