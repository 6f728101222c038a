using EndoKED.Pipeline.Models.Onnx;

namespace EndoKED.Pipeline.Models.Refining.Sam;

/// <summary>
/// Where a box-promptable SAM lives: the standard encoder/decoder ONNX pair (segment-anything's export, or any model
/// with the same signature). Bound from configuration section <see cref="Section"/>; the command line also reads
/// <see cref="EncoderVariable"/> and <see cref="DecoderVariable"/>.
/// </summary>
public sealed class SamOptions
{
    public const string Section = "EndoKED:Vision:Sam";
    public const string EncoderVariable = "ENDOKED_SAM_ENCODER";
    public const string DecoderVariable = "ENDOKED_SAM_DECODER";

    /// <summary>The image encoder (1x3x1024x1024 in, 1x256x64x64 image_embeddings out).</summary>
    public string EncoderPath { get; set; } = "";

    /// <summary>The prompt decoder (image_embeddings, point_coords, point_labels, mask_input, has_mask_input, orig_im_size in).</summary>
    public string DecoderPath { get; set; } = "";

    /// <summary>Mask logits above this are polyp (SAM's own predictor uses 0).</summary>
    public float MaskThreshold { get; set; }

    public OnnxRuntimeOptions Runtime { get; set; } = new();

    public bool IsConfigured => !string.IsNullOrWhiteSpace(EncoderPath) && !string.IsNullOrWhiteSpace(DecoderPath);

    /// <summary>Configured and both files are there: what <c>--refiner auto</c> asks before choosing SAM.</summary>
    public bool IsAvailable => IsConfigured && File.Exists(EncoderPath) && File.Exists(DecoderPath);

    /// <summary>From the environment: ENDOKED_SAM_ENCODER / ENDOKED_SAM_DECODER, else EndoKED__Vision__Sam__EncoderPath / DecoderPath.</summary>
    public static SamOptions FromEnvironment() => new()
    {
        EncoderPath = First(EncoderVariable, "EndoKED__Vision__Sam__EncoderPath"),
        DecoderPath = First(DecoderVariable, "EndoKED__Vision__Sam__DecoderPath"),
    };

    private static string First(params string[] names) =>
        names.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "";
}
