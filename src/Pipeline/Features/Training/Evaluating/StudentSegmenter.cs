using System.Runtime.InteropServices;
using EndoKED.Pipeline.Features.FrameLabels.Onnx;
using EndoKED.Pipeline.Features.Training.Exporting;
using EndoKED.Pipeline.Features.Training.Student;
using EndoKED.Pipeline.Features.Vision.Frames;
using EndoKED.Pipeline.Features.Vision.Masks;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace EndoKED.Pipeline.Features.Training.Evaluating;

/// <summary>
/// Serves an exported student with ONNX Runtime: a frame in, the polyp mask at the frame's own size out (the S×S
/// probability map resized bilinearly, then thresholded). One session per model; Run is thread-safe.
/// </summary>
public sealed class StudentSegmenter : IDisposable
{
    private readonly OnnxSession _session;

    public StudentSegmenter(byte[] model, OnnxRuntimeOptions runtime, double threshold = 0.5)
    {
        _session = OnnxSessionFactory.Create(model, runtime);
        var input = _session.Session.InputMetadata[StudentOnnxExporter.Input];
        InputSize = input.Dimensions[^1];
        Version = _session.Session.ModelMetadata.CustomMetadataMap.TryGetValue(StudentModelStore.VersionKey, out var v) ? v : "unknown";
        Threshold = threshold;
    }

    public int InputSize { get; }
    public string Version { get; }
    public double Threshold { get; }
    public string Provider => _session.Provider;

    public BinaryMask Segment(FrameImage frame)
    {
        using var full = Probability(frame);
        using var binary = new Mat();
        Cv2.Threshold(full, binary, Threshold, 255, ThresholdTypes.Binary);
        using var grey = new Mat();
        binary.ConvertTo(grey, MatType.CV_8UC1);
        return MaskMats.FromGrey(grey);
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
