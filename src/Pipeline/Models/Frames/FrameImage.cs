using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Frames;

/// <summary>
/// One decoded video frame: an 8-bit, three-channel BGR OpenCV matrix, whatever the file held (greyscale, 16-bit, CMYK).
/// The frame owns the matrix; dispose it when done.
/// </summary>
public sealed class FrameImage : IDisposable
{
    private FrameImage(Mat bgr) => Bgr = bgr;

    /// <summary>The pixels, CV_8UC3 in BGR order. Callers must not dispose or resize it.</summary>
    public Mat Bgr { get; }

    public int Width => Bgr.Width;

    public int Height => Bgr.Height;

    /// <summary>Takes ownership of an 8-bit BGR matrix (any other layout is a programming error).</summary>
    public static FrameImage FromBgr(Mat bgr)
    {
        if (bgr.Empty() || bgr.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"A frame is a non-empty CV_8UC3 BGR matrix (got {bgr.Type()}, {bgr.Width}x{bgr.Height}).", nameof(bgr));
        return new FrameImage(bgr);
    }

    public void Dispose() => Bgr.Dispose();
}
