using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Refining;

/// <summary>
/// Specular reflections of the endoscope's light are white whatever the tissue, so they mislead colour models.
/// They are found as bright, unsaturated pixels and painted over from their surroundings before modelling.
/// </summary>
internal static class Highlights
{
    public static Mat Remove(Mat bgr, EmbeddedRefinerOptions o)
    {
        using var hsv = new Mat();
        Cv2.CvtColor(bgr, hsv, ColorConversionCodes.BGR2HSV);
        using var spots = new Mat();
        Cv2.InRange(hsv, new Scalar(0, 0, o.HighlightValue * 255), new Scalar(180, o.HighlightSaturation * 255, 255), spots);
        var result = new Mat();
        if (Cv2.CountNonZero(spots) == 0)
        {
            bgr.CopyTo(result);
            return result;
        }

        // Reflections have a glow around the saturated core: widen the spots a little before painting.
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(5, 5));
        Cv2.Dilate(spots, spots, kernel);
        Cv2.Inpaint(bgr, spots, result, 3, InpaintTypes.Telea);
        return result;
    }
}
