using EndoKED.Pipeline.Models.Masks;
using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Refining;

/// <summary>The image-processing steps of <see cref="EmbeddedRefiner"/>, on a downscaled region around the box.</summary>
internal static class RegionSegmenter
{
    /// <summary>The random generator's state before each GrabCut (OpenCV's default state, any fixed value would do).</summary>
    private const ulong RandomSeed = 0xFFFFFFFF;

    /// <param name="hint">A rough mask of the polyp at the frame's size (a student's prediction): when given, it seeds
    /// "probably polyp" and its core "certainly polyp" instead of the box's ellipses.</param>
    public static (BinaryMask? Mask, RefinementCues Cues) Segment(Mat frame, PixelRect box, EmbeddedRefinerOptions o, CancellationToken ct,
        BinaryMask? hint = null)
    {
        var roi = Context(box, o.ContextFraction, frame.Width, frame.Height);
        var scale = Math.Min(1.0, o.WorkingSide / (double)Math.Max(roi.Width, roi.Height));
        var workSize = new Size(Math.Max(1, (int)Math.Round(roi.Width * scale)), Math.Max(1, (int)Math.Round(roi.Height * scale)));
        var workBox = new Rect(
            (int)Math.Round((box.X - roi.X) * scale), (int)Math.Round((box.Y - roi.Y) * scale),
            Math.Max(1, (int)Math.Round(box.Width * scale)), Math.Max(1, (int)Math.Round(box.Height * scale)));
        workBox = workBox.Intersect(new Rect(0, 0, workSize.Width, workSize.Height));

        using var crop = new Mat(frame, new Rect(roi.X, roi.Y, roi.Width, roi.Height));
        using var work = new Mat();
        Cv2.Resize(crop, work, workSize, 0, 0, InterpolationFlags.Area);
        using var clean = Highlights.Remove(work, o);
        ct.ThrowIfCancellationRequested();

        using var prior = EllipseMat(workSize, workBox, 1.0);
        using var hintWork = hint is null ? null : HintMat(hint, roi, workSize);
        using var labels = hintWork is null ? Seeds(workSize, workBox, o) : HintSeeds(workSize, workBox, hintWork, o);
        using var bgdModel = new Mat();
        using var fgdModel = new Mat();
        // GrabCut starts its colour models from k-means drawn on the thread's random generator: seeding it here makes the
        // mask a function of the frame and the box alone, whichever thread refines and whatever it drew before.
        Cv2.SetTheRNG(RandomSeed);
        Cv2.GrabCut(clean, labels, workBox, bgdModel, fgdModel, o.Iterations, GrabCutModes.InitWithMask);
        ct.ThrowIfCancellationRequested();

        // Foreground = definite or probable foreground, kept inside the box.
        using var fg = new Mat();
        Cv2.InRange(labels, new Scalar((int)GrabCutClasses.FGD), new Scalar((int)GrabCutClasses.FGD), fg);
        using var prFg = new Mat();
        Cv2.InRange(labels, new Scalar((int)GrabCutClasses.PR_FGD), new Scalar((int)GrabCutClasses.PR_FGD), prFg);
        Cv2.BitwiseOr(fg, prFg, fg);
        using var inBox = new Mat(workSize, MatType.CV_8UC1, Scalar.All(0));
        inBox[workBox].SetTo(Scalar.All(255));
        Cv2.BitwiseAnd(fg, inBox, fg);

        using var shaped = Shape(fg, prior, workBox, o);
        var boxArea = (double)workBox.Width * workBox.Height;
        var cues = RefinementCues.Measure(clean, shaped, prior, boxArea);
        if (Cv2.CountNonZero(shaped) == 0) return (null, cues);

        // Back to the region's full resolution; linear interpolation and a mid threshold keep the outline smooth.
        using var up = new Mat();
        Cv2.Resize(shaped, up, new Size(roi.Width, roi.Height), 0, 0, InterpolationFlags.Linear);
        Cv2.Threshold(up, up, 127, 255, ThresholdTypes.Binary);
        using var full = new Mat(frame.Height, frame.Width, MatType.CV_8UC1, Scalar.All(0));
        using (var target = new Mat(full, new Rect(roi.X, roi.Y, roi.Width, roi.Height))) up.CopyTo(target);
        using var inFrameBox = new Mat(frame.Height, frame.Width, MatType.CV_8UC1, Scalar.All(0));
        inFrameBox[new Rect(box.X, box.Y, box.Width, box.Height)].SetTo(Scalar.All(255));
        Cv2.BitwiseAnd(full, inFrameBox, full);
        return (MaskMats.FromGrey(full), cues);
    }

    /// <summary>GrabCut labels: background outside the box, probably background inside it, probably polyp inside the ellipse.</summary>
    private static Mat Seeds(Size size, Rect box, EmbeddedRefinerOptions o)
    {
        var labels = new Mat(size, MatType.CV_8UC1, Scalar.All((int)GrabCutClasses.BGD));
        labels[box].SetTo(Scalar.All((int)GrabCutClasses.PR_BGD));
        using (var seed = EllipseMat(size, box, o.SeedEllipseScale)) labels.SetTo(Scalar.All((int)GrabCutClasses.PR_FGD), seed);
        if (o.CoreEllipseScale > 0)
        {
            using var core = EllipseMat(size, box, o.CoreEllipseScale);
            labels.SetTo(Scalar.All((int)GrabCutClasses.FGD), core);
        }

        return labels;
    }

    /// <summary>The hint's pixels in the working region (0/255).</summary>
    private static Mat HintMat(BinaryMask hint, PixelRect roi, Size workSize)
    {
        using var full = MaskMats.ToMat(hint);
        using var crop = new Mat(full, new Rect(roi.X, roi.Y, roi.Width, roi.Height));
        var work = new Mat();
        Cv2.Resize(crop, work, workSize, 0, 0, InterpolationFlags.Nearest);
        return work;
    }

    /// <summary>GrabCut labels from a hint: background outside the box, probably background inside it, probably polyp on
    /// the hint, certainly polyp on the hint shrunk by <see cref="EmbeddedRefinerOptions.HintCoreFraction"/> of the box's shorter side.</summary>
    private static Mat HintSeeds(Size size, Rect box, Mat hint, EmbeddedRefinerOptions o)
    {
        var labels = new Mat(size, MatType.CV_8UC1, Scalar.All((int)GrabCutClasses.BGD));
        labels[box].SetTo(Scalar.All((int)GrabCutClasses.PR_BGD));
        using var inBox = new Mat(size, MatType.CV_8UC1, Scalar.All(0));
        inBox[box].SetTo(Scalar.All(255));
        using var likely = new Mat();
        Cv2.BitwiseAnd(hint, inBox, likely);
        labels.SetTo(Scalar.All((int)GrabCutClasses.PR_FGD), likely);
        var k = Math.Max(3, (int)Math.Round(o.HintCoreFraction * Math.Min(box.Width, box.Height)) | 1);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(k, k));
        using var core = new Mat();
        Cv2.Erode(likely, core, kernel);
        labels.SetTo(Scalar.All((int)GrabCutClasses.FGD), core);
        return labels;
    }

    /// <summary>Largest component, holes filled, outline smoothed, optionally pulled towards the ellipse prior.</summary>
    private static Mat Shape(Mat fg, Mat prior, Rect box, EmbeddedRefinerOptions o)
    {
        var k = Math.Max(3, (int)Math.Round(o.SmoothingFraction * Math.Min(box.Width, box.Height)) | 1);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(k, k));
        using var opened = new Mat();
        Cv2.MorphologyEx(fg, opened, MorphTypes.Open, kernel);
        Cv2.MorphologyEx(opened, opened, MorphTypes.Close, kernel);
        var filled = LargestFilled(opened);
        if (o.ConvexHull) filled = Hull(filled);
        if (o.PriorWeight <= 0) return filled;

        using var soft = new Mat();
        filled.ConvertTo(soft, MatType.CV_32F, 1.0 / 255);
        using var softPrior = new Mat();
        prior.ConvertTo(softPrior, MatType.CV_32F, 1.0 / 255);
        Cv2.GaussianBlur(softPrior, softPrior, new Size(k * 2 + 1, k * 2 + 1), 0);
        Cv2.AddWeighted(soft, 1 - o.PriorWeight, softPrior, o.PriorWeight, 0, soft);
        Cv2.Threshold(soft, soft, 0.5, 255, ThresholdTypes.Binary);
        soft.ConvertTo(filled, MatType.CV_8UC1);
        var result = LargestFilled(filled);
        filled.Dispose();
        return result;
    }

    /// <summary>The convex hull of the largest outline: polyps are convex bulges whose shaded or glaring parts colour misses.</summary>
    private static Mat Hull(Mat mask)
    {
        Cv2.FindContours(mask, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxNone);
        if (contours.Length == 0) return mask;
        var hull = new Mat(mask.Size(), MatType.CV_8UC1, Scalar.All(0));
        Cv2.FillConvexPoly(hull, Cv2.ConvexHull(contours.MaxBy(c => Cv2.ContourArea(c))!), Scalar.All(255));
        mask.Dispose();
        return hull;
    }

    private static Mat LargestFilled(Mat binary)
    {
        Cv2.FindContours(binary, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxNone);
        var result = new Mat(binary.Size(), MatType.CV_8UC1, Scalar.All(0));
        if (contours.Length == 0) return result;
        var largest = contours.MaxBy(c => Cv2.ContourArea(c))!;
        Cv2.DrawContours(result, [largest], 0, Scalar.All(255), -1);
        return result;
    }

    internal static Mat EllipseMat(Size size, Rect box, double scale)
    {
        var m = new Mat(size, MatType.CV_8UC1, Scalar.All(0));
        var center = new Point2f(box.X + (box.Width / 2f), box.Y + (box.Height / 2f));
        Cv2.Ellipse(m, new RotatedRect(center, new Size2f(box.Width * scale, box.Height * scale), 0), Scalar.All(255), -1);
        return m;
    }

    private static PixelRect Context(PixelRect box, double fraction, int width, int height)
    {
        var mx = (int)Math.Ceiling(box.Width * fraction);
        var my = (int)Math.Ceiling(box.Height * fraction);
        var x0 = Math.Max(0, box.X - mx);
        var y0 = Math.Max(0, box.Y - my);
        var x1 = Math.Min(width, box.Right + mx);
        var y1 = Math.Min(height, box.Bottom + my);
        return new PixelRect(x0, y0, x1 - x0, y1 - y0);
    }
}
