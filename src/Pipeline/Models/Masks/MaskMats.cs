using System.Runtime.InteropServices;
using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Masks;

/// <summary>Moves masks between <see cref="BinaryMask"/> and OpenCV matrices, and writes the 0/255 PNG files of the CLI.</summary>
public static class MaskMats
{
    /// <summary>Reads a single-channel 8-bit matrix; values above 127 are foreground (resized masks carry in-between greys).</summary>
    public static BinaryMask FromGrey(Mat grey)
    {
        if (grey.Type() != MatType.CV_8UC1)
            throw new ArgumentException($"Expected a CV_8UC1 matrix, got {grey.Type()}.", nameof(grey));
        using var binary = new Mat();
        Cv2.Threshold(grey, binary, 127, 1, ThresholdTypes.Binary);
        // A freshly allocated output matrix is continuous, so one copy reads every row.
        var values = new byte[grey.Width * grey.Height];
        Marshal.Copy(binary.Data, values, 0, values.Length);
        return BinaryMask.FromValues(grey.Width, grey.Height, values);
    }

    /// <summary>A new CV_8UC1 matrix holding 0 and <paramref name="foreground"/>.</summary>
    public static Mat ToMat(BinaryMask mask, byte foreground = 255)
    {
        var values = mask.Pixels.ToArray();
        if (foreground != 1)
        {
            for (var i = 0; i < values.Length; i++)
                values[i] = values[i] != 0 ? foreground : (byte)0;
        }

        var mat = new Mat(mask.Height, mask.Width, MatType.CV_8UC1);
        Marshal.Copy(values, 0, mat.Data, values.Length);
        return mat;
    }

    /// <summary>Writes the mask as a single-channel PNG, 0 = background and 255 = polyp.</summary>
    public static void WritePng(string path, BinaryMask mask)
    {
        using var mat = ToMat(mask);
        Cv2.ImEncode(".png", mat, out var png);
        File.WriteAllBytes(path, png);
    }
}
