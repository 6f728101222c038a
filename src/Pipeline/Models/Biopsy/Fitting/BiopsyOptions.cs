using EndoKED.Pipeline.Models.Biopsy;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Models.Biopsy.Fitting;

/// <summary>The optical-biopsy head and its training: the defaults of a request, and what a run records.</summary>
public sealed record BiopsyOptions
{
    /// <summary>Frames per examination, highest MIL probability first (the frames most likely to show the polyp).</summary>
    public int TopK { get; init; } = 5;
    public int Hidden { get; init; } = 64;
    public int Epochs { get; init; } = 40;
    public double LearningRate { get; init; } = 1e-3;
    public int BatchSize { get; init; } = 32;
    public double WeightDecay { get; init; } = 1e-4;
    public int Seed { get; init; } = 11;
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);
    public double StdEpsilon { get; init; } = 1e-4;
    public IReadOnlyList<string> AdenomaClasses { get; init; } = BiopsyLabel.DefaultAdenomaClasses;
    public IReadOnlyList<string> ExcludedClasses { get; init; } = BiopsyLabel.DefaultExcludedClasses;

    public BiopsyConfiguration ToConfiguration() =>
        new(TopK, Hidden, Epochs, LearningRate, BatchSize, Seed, AdenomaClasses, ExcludedClasses);

    public static BiopsyOptions From(BiopsyConfiguration c) => new()
    {
        TopK = c.TopK, Hidden = c.Hidden, Epochs = c.Epochs, LearningRate = c.LearningRate, BatchSize = c.BatchSize, Seed = c.Seed,
        AdenomaClasses = c.AdenomaClasses, ExcludedClasses = c.ExcludedClasses,
    };

    /// <summary>Why these settings cannot train, or null.</summary>
    public string? Problem() =>
        TopK is < 1 or > 100 ? $"TopK must be 1 to 100 (got {TopK})."
        : Hidden is < 1 or > 4096 ? $"Hidden must be 1 to 4096 (got {Hidden})."
        : Epochs is < 1 or > 1000 ? $"Epochs must be 1 to 1000 (got {Epochs})."
        : BatchSize is < 2 or > 4096 ? $"BatchSize must be 2 to 4096 (got {BatchSize})."
        : !(LearningRate is > 0 and < 1) ? $"LearningRate must be in (0, 1) (got {LearningRate})."
        : AdenomaClasses.Count == 0 ? "AdenomaClasses must name at least one pathology class."
        : null;
}
