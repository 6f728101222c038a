namespace EndoKED.Pipeline.Models.Student;

/// <summary>
/// The student's shape. Bound from configuration section Training:Student; a checkpoint records the values it was
/// trained with, so a resumed run rebuilds the same network.
/// </summary>
public sealed record StudentOptions
{
    /// <summary>
    /// Channels of the first level (with the ResNet-18 encoder: of the decoder's finest level); each deeper level doubles
    /// them. A multiple of 8: on the project's AMD EPYC machines
    /// oneDNN's AVX2 convolution kernels gave NaN gradients in about half the steps with 4-channel layers (never with 8 or 16).
    /// </summary>
    public int BaseChannels { get; init; } = 16;

    /// <summary>
    /// The encoder: <see cref="StudentEncoders.Plain"/> (a U-Net trained from scratch, the default of records written
    /// before encoders could be chosen) or <see cref="StudentEncoders.ResNet18"/> (the packaged ImageNet ResNet-18).
    /// </summary>
    public string Encoder { get; init; } = StudentEncoders.Plain;

    /// <summary>
    /// Pretrained encoders only: keep the encoder's ImageNet weights and BatchNorm statistics fixed and train the decoder
    /// (several times faster per epoch on a CPU, and steadier on small splits); false fine-tunes the whole network.
    /// </summary>
    public bool FreezeEncoder { get; init; } = true;

    /// <summary>Resolution levels including the bottleneck (Levels − 1 max-pools); the plain encoder only (ResNet-18 has five).</summary>
    public int Levels { get; init; } = 4;

    /// <summary>Square input side in pixels; frames are resized to it. Must be a multiple of 2^(Levels − 1).</summary>
    public int InputSize { get; init; } = 256;

    /// <summary>Seeds the weight initialisation (and, in training, the augmentation and batch order).</summary>
    public int Seed { get; init; } = 17;

    public void Validate()
    {
        if (BaseChannels < 8 || BaseChannels % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(BaseChannels), $"BaseChannels must be a positive multiple of 8 (got {BaseChannels}).");
        if (!StudentEncoders.All.Contains(Encoder))
            throw new ArgumentOutOfRangeException(nameof(Encoder), $"Encoder must be one of {string.Join(", ", StudentEncoders.All)} (got '{Encoder}').");
        if (Levels is < 2 or > 6) throw new ArgumentOutOfRangeException(nameof(Levels), "Levels must be 2 to 6.");
        var stride = Encoder == StudentEncoders.ResNet18 ? ResNetUNet.Stride : 1 << (Levels - 1);
        var what = Encoder == StudentEncoders.ResNet18 ? "the ResNet-18 encoder" : $"{Levels} levels";
        if (InputSize < stride || InputSize % stride != 0)
            throw new ArgumentOutOfRangeException(nameof(InputSize), $"InputSize must be a positive multiple of {stride} for {what} (got {InputSize}).");
    }
}
