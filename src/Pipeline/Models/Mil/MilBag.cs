namespace EndoKED.Pipeline.Models.Mil;

/// <summary>One examination: the pooled features of its frames and the examination's label (from its report).</summary>
public sealed record MilBag(string Id, IReadOnlyList<float[]> Instances, bool Positive);

/// <summary>The trained instance classifier: standardisation, then one linear unit on pooled features. Linear on
/// purpose: the same weights applied to each feature-map cell give the class activation map.</summary>
public sealed record MilHeadWeights(float[] Mean, float[] Std, float[] Weights, float Bias);

/// <summary>Training settings. Bound from configuration section FrameLabels:Mil.</summary>
public sealed record MilTrainingOptions
{
    public int Epochs { get; init; } = 60;
    public int BagsPerStep { get; init; } = 4;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 1e-3;
    public int AttentionHidden { get; init; } = 128;

    /// <summary>Weight of the attention-pooled bag loss beside the max-instance loss.</summary>
    public double AttentionLossWeight { get; init; } = 1.0;

    /// <summary>Added to each feature's variance before the square root: silent ResNet channels stay finite.</summary>
    public double StdEpsilon { get; init; } = 1e-2;

    public int Seed { get; init; } = 17;
    public int Threads { get; init; } = 2;
}
