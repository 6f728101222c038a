namespace EndoKED.Pipeline.Models.Frames;

/// <summary>Bounds applied before any pixel is decoded, so a crafted or corrupt file cannot exhaust memory.</summary>
public sealed class FrameLoadOptions
{
    public const string Section = "EndoKED:Vision:Frames";

    /// <summary>Largest file accepted, in bytes (a 4K PNG frame is well under 40 MB).</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest width × height accepted, as claimed by the file's header (8K video is 33 megapixels).</summary>
    public long MaxPixels { get; set; } = 40_000_000;
}
