using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Models.Student.Evaluating;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using OpenCvSharp;

namespace EndoKED.Pipeline.Features.Distilling.SelfTraining;

/// <summary>
/// A promoted student as the segment stage's refiner: its ONNX on the frame (or on the box, see
/// <see cref="StudentProposerOptions.CropToBox"/>), kept near the box. Its proposals name the model: refiner
/// <c>student</c>, version <c>&lt;model id&gt;/&lt;model version&gt;</c>, provenance <c>student:&lt;ONNX SHA-256&gt;</c>.
/// Quality is the soft IoU of the probabilities with the thresholded mask near the box (1 for a crisp map).
/// </summary>
public sealed class StudentRefiner(StudentSegmenter segmenter, PromotedModel model, StudentProposerOptions options) : IMaskRefiner, IDisposable
{
    public string Name => StudentProvenance.Refiner;

    public string Version { get; } = $"{model.ModelId:D}/{model.ModelVersion}";

    public string Provenance => model.Provenance;

    public PromotedModel Model => model;

    public MaskProposal Refine(FrameImage image, Box box, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (box.Expand(options.BoxMargin).ClipTo(image.Width, image.Height) is not { } rect)
            return new(BinaryMask.Empty(image.Width, image.Height), 0, Name, Version, "The box lies outside the frame.");

        using var probability = options.CropToBox ? OnCrop(image, rect) : segmenter.Probability(image);
        var values = new byte[image.Width * image.Height];
        double inside = 0, outside = 0;
        var area = 0;
        for (var y = rect.Y; y < rect.Bottom; y++)
            for (var x = rect.X; x < rect.Right; x++)
            {
                var p = options.CropToBox ? probability.At<float>(y - rect.Y, x - rect.X) : probability.At<float>(y, x);
                if (p >= options.Threshold)
                {
                    values[(y * image.Width) + x] = 1;
                    inside += p;
                    area++;
                }
                else
                {
                    outside += p;
                }
            }
        var mask = BinaryMask.FromValues(image.Width, image.Height, values);
        return area == 0
            ? new(mask, 0, Name, Version, "The student found no polyp near the box.")
            : new(mask, inside / (area + outside), Name, Version);
    }

    private Mat OnCrop(FrameImage image, PixelRect rect)
    {
        using var roi = new Mat(image.Bgr, new Rect(rect.X, rect.Y, rect.Width, rect.Height));
        using var crop = FrameImage.FromBgr(roi.Clone());
        return segmenter.Probability(crop);
    }

    public void Dispose() => segmenter.Dispose();
}
