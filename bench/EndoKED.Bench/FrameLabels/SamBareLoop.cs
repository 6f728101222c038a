using System.Diagnostics;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Pipeline.Models.Refining.Sam;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Bench.FrameLabels;

/// <summary>SAM's floor: encoder then decoder Run on tensors made before the clock starts (same frames, same boxes).</summary>
internal static class SamBareLoop
{
    public static TimeSpan Time(SamRefiner sam, IReadOnlyList<(FrameImage Frame, Box Box)> frames)
    {
        var signature = sam.Signature;
        var inputs = frames.Select(f =>
        {
            var geometry = SamImage.For(f.Frame.Width, f.Frame.Height);
            var rect = f.Box.ClipTo(f.Frame.Width, f.Frame.Height)!.Value;
            var (x0, y0) = geometry.ToModel(rect.X, rect.Y);
            var (x1, y1) = geometry.ToModel(rect.Right, rect.Bottom);
            return (Image: signature.ImageTensor(geometry, f.Frame.Bgr), Box: new[] { x0, y0, x1, y1 }, f.Frame.Width, f.Frame.Height);
        }).ToList();
        using var run = new RunOptions();
        var watch = Stopwatch.StartNew();
        foreach (var input in inputs)
        {
            using var embedded = sam.EncoderSession.Run(run, [signature.EncoderInput], [input.Image], [signature.EncoderOutput]);
            var decoderInputs = signature.DecoderInputs(embedded[0], input.Box, input.Width, input.Height);
            using (sam.DecoderSession.Run(run, [.. decoderInputs.Keys], [.. decoderInputs.Values], [signature.MaskOutput, signature.IouOutput]))
            {
            }
            foreach (var (name, value) in decoderInputs)
                if (name != signature.EmbeddingInput) value.Dispose();
        }
        var elapsed = watch.Elapsed;
        foreach (var input in inputs) input.Image.Dispose();
        return elapsed;
    }
}
