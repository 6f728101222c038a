using EndoKED.Pipeline.Models.Masks;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Refining.Sam;

/// <summary>Decoder output → one mask at the frame's size: the candidate with the highest predicted IoU.</summary>
internal static class SamMasks
{
    public static (BinaryMask Mask, double Iou) Best(OrtValue masks, OrtValue ious, SamImage geometry, float threshold)
    {
        var shape = masks.GetTensorTypeAndShape().Shape;
        if (shape.Length != 4)
            throw new InvalidDataException($"SAM masks have rank {shape.Length}; expected 1xKxHxW.");
        var (count, h, w) = ((int)shape[1], (int)shape[2], (int)shape[3]);
        var scores = ious.GetTensorDataAsSpan<float>();
        var best = 0;
        for (var k = 1; k < Math.Min(count, scores.Length); k++)
            if (scores[k] > scores[best]) best = k;
        var logits = masks.GetTensorDataAsSpan<float>().Slice(best * h * w, h * w).ToArray();
        var iou = scores.Length > best ? scores[best] : double.NaN;

        if (h == geometry.Height && w == geometry.Width)
            return (Threshold(logits, w, h, threshold), iou);
        // Low-resolution or padded-square output: keep the part that covers the frame, then resize to it.
        using var mat = Mat.FromPixelData(h, w, MatType.CV_32FC1, logits);
        var valid = h == w
            ? new Rect(0, 0, Math.Max(1, geometry.ResizedWidth * w / SamImage.Side), Math.Max(1, geometry.ResizedHeight * h / SamImage.Side))
            : new Rect(0, 0, w, h);
        using var cropped = new Mat(mat, valid);
        using var resized = new Mat();
        Cv2.Resize(cropped, resized, new Size(geometry.Width, geometry.Height), 0, 0, InterpolationFlags.Linear);
        resized.GetArray(out float[] full);
        return (Threshold(full, geometry.Width, geometry.Height, threshold), iou);
    }

    private static BinaryMask Threshold(float[] logits, int width, int height, float threshold)
    {
        var values = new byte[logits.Length];
        for (var i = 0; i < logits.Length; i++)
            values[i] = logits[i] > threshold ? (byte)1 : (byte)0;
        return BinaryMask.FromValues(width, height, values);
    }
}
