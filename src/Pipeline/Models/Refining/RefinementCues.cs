using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Refining;

/// <summary>
/// Independent signs that a mask is right, measured on the working region: how much of the box it fills, how well it
/// agrees with the shape prior, and how different its colour is from the ring just outside it. They make the quality score.
/// </summary>
internal sealed record RefinementCues(double Fill, double PriorAgreement, double BoundaryContrast)
{
    /// <summary>In [0, 1]; low values go to reviewers first.</summary>
    public double Quality
    {
        get
        {
            var fillScore = Fill is >= 0.35 and <= 0.97 ? 1.0 : 0.4;
            var contrastScore = Math.Clamp(BoundaryContrast / 25.0, 0, 1);
            return Math.Round(Math.Clamp((0.4 * PriorAgreement) + (0.35 * contrastScore) + (0.25 * fillScore), 0, 1), 3);
        }
    }

    public static RefinementCues Measure(Mat bgr, Mat mask, Mat prior, double boxArea)
    {
        var area = Cv2.CountNonZero(mask);
        var fill = boxArea > 0 ? area / boxArea : 0;
        if (area == 0) return new RefinementCues(0, 0, 0);

        using var both = new Mat();
        Cv2.BitwiseAnd(mask, prior, both);
        using var either = new Mat();
        Cv2.BitwiseOr(mask, prior, either);
        var union = Cv2.CountNonZero(either);
        var agreement = union > 0 ? Cv2.CountNonZero(both) / (double)union : 0;

        // Colour difference (CIE Lab) between the mask and a thin ring around it.
        using var lab = new Mat();
        Cv2.CvtColor(bgr, lab, ColorConversionCodes.BGR2Lab);
        var k = Math.Max(3, (int)Math.Round(Math.Sqrt(area) * 0.15) | 1);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(k, k));
        using var grown = new Mat();
        Cv2.Dilate(mask, grown, kernel);
        using var ring = new Mat();
        Cv2.Subtract(grown, mask, ring);
        if (Cv2.CountNonZero(ring) == 0) return new RefinementCues(fill, agreement, 0);
        var inside = Cv2.Mean(lab, mask);
        var outside = Cv2.Mean(lab, ring);
        var contrast = Math.Sqrt(Math.Pow(inside.Val0 - outside.Val0, 2) + Math.Pow(inside.Val1 - outside.Val1, 2) + Math.Pow(inside.Val2 - outside.Val2, 2));
        return new RefinementCues(fill, agreement, contrast);
    }
}
