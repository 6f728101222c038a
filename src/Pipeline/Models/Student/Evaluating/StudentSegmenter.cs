using System.Runtime.InteropServices;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Student.Evaluating;

/// <summary>
/// Serves an exported student with ONNX Runtime: a frame in, the polyp mask at the frame's own size out (the S×S
/// probability map resized bilinearly, thresholded, then every 8-connected region smaller than
/// <see cref="MinComponentFraction"/> of the largest one dropped: stray specks far from the polyp are what made the
/// student's HD95 worse than a fixed ellipse's on other centres' frames). One session per model; Run is thread-safe.
/// </summary>
public sealed class StudentSegmenter : IDisposable
{
    private readonly OnnxSession _session;

    /// <summary>The default region filter: regions under a tenth of the largest region's area are dropped.</summary>
    public const double DefaultMinComponentFraction = 0.1;

    public StudentSegmenter(byte[] model, OnnxRuntimeOptions runtime, double threshold = 0.5, double minComponentFraction = DefaultMinComponentFraction)
    {
        if (minComponentFraction is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(minComponentFraction), "The region filter is a fraction of the largest region, 0 (off) to 1.");
        MinComponentFraction = minComponentFraction;
        _session = OnnxSessionFactory.Create(model, runtime);
        var input = _session.Session.InputMetadata[StudentOnnxExporter.Input];
        InputSize = input.Dimensions[^1];
        Version = _session.Session.ModelMetadata.CustomMetadataMap.TryGetValue(StudentModelStore.VersionKey, out var v) ? v : "unknown";
        Threshold = threshold;
    }

    public int InputSize { get; }
    public string Version { get; }
    public double Threshold { get; }

    /// <summary>Regions smaller than this fraction of the largest one are dropped; 0 keeps every region.</summary>
    public double MinComponentFraction { get; }
    public string Provider => _session.Provider;

    public BinaryMask Segment(FrameImage frame)
    {
        using var full = Probability(frame);
        using var binary = new Mat();
        Cv2.Threshold(full, binary, Threshold, 255, ThresholdTypes.Binary);
        using var grey = new Mat();
        binary.ConvertTo(grey, MatType.CV_8UC1);
        if (MinComponentFraction > 0) DropSmallRegions(grey, MinComponentFraction);
        return MaskMats.FromGrey(grey);
    }

    /// <summary>Zeroes the 8-connected regions of a 0/255 mask whose area is under <paramref name="fraction"/> of the largest's.</summary>
    public static void DropSmallRegions(Mat grey, double fraction)
    {
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(grey, labels, stats, centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);
        if (count <= 2) return; // background and at most one region
        var areas = Enumerable.Range(1, count - 1).Select(i => stats.At<int>(i, (int)ConnectedComponentsTypes.Area)).ToArray();
        var keepFrom = areas.Max() * fraction;
        if (areas.All(a => a >= keepFrom)) return;
        // One pass over the labels, whatever the number of regions (a noisy frame can have hundreds of specks).
        var keep = new bool[count];
        keep[0] = true; // the background stays as it is
        for (var i = 1; i < count; i++) keep[i] = areas[i - 1] >= keepFrom;
        labels.GetArray(out int[] ids);
        grey.GetArray(out byte[] values);
        for (var p = 0; p < values.Length; p++)
            if (!keep[ids[p]]) values[p] = 0;
        grey.SetArray(values);
    }

    /// <summary>The polyp probability per pixel at the frame's own size (CV_32FC1, bilinear from S×S); the caller disposes it.</summary>
    public Mat Probability(FrameImage frame)
    {
        var size = InputSize;
        var input = new float[3 * size * size];
        StudentInput.ToChw(StudentInput.Rgb(frame, size), size, input);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, size, size]);
        using var run = new RunOptions();
        using var outputs = _session.Session.Run(run, [StudentOnnxExporter.Input], [tensor], [StudentOnnxExporter.Probability]);
        var probability = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        using var small = new Mat(size, size, MatType.CV_32FC1);
        Marshal.Copy(probability, 0, small.Data, probability.Length);
        var full = new Mat();
        Cv2.Resize(small, full, new Size(frame.Width, frame.Height), 0, 0, InterpolationFlags.Linear);
        return full;
    }

    public void Dispose() => _session.Dispose();
}
