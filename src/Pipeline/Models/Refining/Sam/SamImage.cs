using System.Runtime.InteropServices;
using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Refining.Sam;

/// <summary>
/// SAM's image transform (segment-anything's ResizeLongestSide + Sam.preprocess): the longest side resized to 1024,
/// RGB normalised with the ImageNet mean and standard deviation, padded with zeros at the bottom and right to 1024x1024.
/// </summary>
public sealed record SamImage(int Width, int Height, int ResizedWidth, int ResizedHeight)
{
    public const int Side = 1024;
    private static readonly float[] Mean = [123.675f, 116.28f, 103.53f];
    private static readonly float[] Std = [58.395f, 57.12f, 57.375f];

    /// <summary>The resized size: the scale of the longest side, rounded as segment-anything rounds it.</summary>
    public static SamImage For(int width, int height)
    {
        var scale = (double)Side / Math.Max(width, height);
        return new SamImage(width, height, (int)((width * scale) + 0.5), (int)((height * scale) + 0.5));
    }

    /// <summary>A point of the frame in the encoder's coordinates (x and y scaled apart, as SAM's apply_coords does).</summary>
    public (float X, float Y) ToModel(double x, double y) =>
        ((float)(x * ResizedWidth / Width), (float)(y * ResizedHeight / Height));

    /// <summary>Planar normalised RGB, 3x1024x1024, padding zero (the encoder's <c>images</c> input).</summary>
    public float[] Planar(Mat bgr)
    {
        var rgb = ResizedRgb(bgr);
        var input = new float[3 * Side * Side];
        for (var y = 0; y < ResizedHeight; y++)
            for (var x = 0; x < ResizedWidth; x++)
            {
                var p = ((y * ResizedWidth) + x) * 3;
                for (var c = 0; c < 3; c++)
                    input[(c * Side * Side) + (y * Side) + x] = (rgb[p + c] - Mean[c]) / Std[c];
            }
        return input;
    }

    /// <summary>Resized RGB in 0..255 as height x width x 3 (exports that normalise and pad inside the graph).</summary>
    public float[] Interleaved(Mat bgr) => [.. ResizedRgb(bgr).Select(b => (float)b)];

    private byte[] ResizedRgb(Mat bgr)
    {
        using var resized = new Mat();
        Cv2.Resize(bgr, resized, new Size(ResizedWidth, ResizedHeight), 0, 0, InterpolationFlags.Linear);
        using var rgb = new Mat();
        Cv2.CvtColor(resized, rgb, ColorConversionCodes.BGR2RGB);
        var bytes = new byte[ResizedWidth * ResizedHeight * 3];
        // A freshly allocated output matrix is continuous.
        Marshal.Copy(rgb.Data, bytes, 0, bytes.Length);
        return bytes;
    }
}
