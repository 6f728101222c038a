using System.Runtime.InteropServices;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Student;

/// <summary>
/// The one preprocessing the student sees in training and in serving: the whole frame resized to S×S (area
/// interpolation), RGB, later scaled to [0, 1]. Masks are resized with nearest-neighbour so they stay two-valued.
/// </summary>
public static class StudentInput
{
    /// <summary>S×S×3 RGB bytes, row-major (HWC).</summary>
    public static byte[] Rgb(FrameImage frame, int size)
    {
        using var resized = new Mat();
        Cv2.Resize(frame.Bgr, resized, new Size(size, size), 0, 0, InterpolationFlags.Area);
        using var rgb = new Mat();
        Cv2.CvtColor(resized, rgb, ColorConversionCodes.BGR2RGB);
        var bytes = new byte[size * size * 3];
        Marshal.Copy(rgb.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>S×S values 0/1.</summary>
    public static byte[] Mask(BinaryMask mask, int size)
    {
        using var grey = MaskMats.ToMat(mask);
        using var resized = new Mat();
        Cv2.Resize(grey, resized, new Size(size, size), 0, 0, InterpolationFlags.Nearest);
        var bytes = new byte[size * size];
        Marshal.Copy(resized.Data, bytes, 0, bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = bytes[i] > 127 ? (byte)1 : (byte)0;
        return bytes;
    }

    /// <summary>HWC bytes to CHW floats in [0, 1], written at <paramref name="offset"/> of a batch buffer.</summary>
    public static void ToChw(ReadOnlySpan<byte> rgb, int size, Span<float> destination)
    {
        var plane = size * size;
        for (var i = 0; i < plane; i++)
        {
            destination[i] = rgb[3 * i] / 255f;
            destination[plane + i] = rgb[(3 * i) + 1] / 255f;
            destination[(2 * plane) + i] = rgb[(3 * i) + 2] / 255f;
        }
    }
}
