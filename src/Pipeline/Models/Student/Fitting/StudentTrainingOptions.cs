namespace EndoKED.Pipeline.Models.Student.Fitting;

/// <summary>Training settings. Bound from configuration section Training:StudentTraining.</summary>
public sealed record StudentTrainingOptions
{
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 8;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 1e-5;

    /// <summary>Weight of the soft Dice term beside binary cross-entropy.</summary>
    public double DiceWeight { get; init; } = 1.0;

    /// <summary>Seeds batch order and augmentation; epoch e draws from (Seed, e), so a resumed epoch is the same epoch.</summary>
    public int Seed { get; init; } = 17;

    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public AugmentationOptions Augmentation { get; init; } = new();
}

/// <summary>Random flips, a zoom-in crop and colour jitter, drawn per sample and per epoch.</summary>
public sealed record AugmentationOptions
{
    public bool Enabled { get; init; } = true;
    public double FlipProbability { get; init; } = 0.5;

    /// <summary>Largest zoom: a crop of side S/z (z uniform in [1, MaxZoom]) at a random place, scaled back to S.</summary>
    public double MaxZoom { get; init; } = 1.25;

    /// <summary>Brightness shift and contrast and per-channel gain spreads (fractions).</summary>
    public double Brightness { get; init; } = 0.1;
    public double Contrast { get; init; } = 0.15;
    public double ChannelGain { get; init; } = 0.05;
}
