namespace EndoKED.Pipeline.Features.Distilling.SelfTraining;

/// <summary>How a promoted student proposes masks in the segment stage; bound from configuration "SelfTraining".</summary>
public sealed class StudentProposerOptions
{
    public const string Section = "SelfTraining";

    /// <summary>
    /// False (default): the student sees the whole frame, as it was trained, and only its pixels near the box are kept.
    /// True: it sees only the box (grown by <see cref="BoxMargin"/>) resized to its input, which magnifies small polyps.
    /// </summary>
    public bool CropToBox { get; set; }

    /// <summary>The box is grown by this fraction of its width and height on every side before use.</summary>
    public double BoxMargin { get; set; } = 0.15;

    /// <summary>A pixel is polyp from this probability on.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Serve the student on CUDA where ONNX Runtime can load it.</summary>
    public bool PreferCuda { get; set; } = true;
}
