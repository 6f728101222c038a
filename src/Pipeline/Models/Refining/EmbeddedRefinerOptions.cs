namespace EndoKED.Pipeline.Models.Refining;

/// <summary>
/// The few knobs of the embedded refiner. Each is expressed relative to the box or the colour range, never in absolute
/// pixels of one dataset, so the same values serve frames of any size from any centre.
/// </summary>
public sealed class EmbeddedRefinerOptions
{
    public const string Section = "EndoKED:Vision:EmbeddedRefiner";

    /// <summary>Longer side, in pixels, of the region the colour models work on; larger boxes are downscaled to it (speed).</summary>
    public int WorkingSide { get; set; } = 160;

    /// <summary>Background context taken around the box, as a fraction of its size on each side.</summary>
    public double ContextFraction { get; set; } = 0.25;

    /// <summary>Scale of the inner ellipse that seeds "probably polyp" (1 = inscribed in the box).</summary>
    public double SeedEllipseScale { get; set; } = 1.0;

    /// <summary>
    /// Scale of the central ellipse marked as certainly polyp (0 disables it). A box prompt is centred on its object, so
    /// its middle is polyp; anchoring it stops GrabCut from trading the polyp for a similar-coloured fold or the lumen.
    /// 0.75 was chosen on the first half of the cvc-clinicdb sequences (0.5 to 0.75 all beat no core; 0.85 over-fills).
    /// </summary>
    public double CoreEllipseScale { get; set; } = 0.75;

    /// <summary>With a hint (a rough mask of the polyp, e.g. the CAM's region in a refused box), the hint shrunk by this
    /// fraction of the box's shorter side is marked as certainly polyp, the rest of the hint as probably polyp.</summary>
    public double HintCoreFraction { get; set; } = 0.25;

    /// <summary>GrabCut iterations.</summary>
    public int Iterations { get; set; } = 5;

    /// <summary>Specular highlights: brightness (HSV value, 0..1) above which a low-saturation pixel is a reflection.</summary>
    public double HighlightValue { get; set; } = 0.85;

    /// <summary>Specular highlights: saturation (0..1) below which a bright pixel is a reflection.</summary>
    public double HighlightSaturation { get; set; } = 0.3;

    /// <summary>Smoothing kernel for the final outline, as a fraction of the box's shorter side.</summary>
    public double SmoothingFraction { get; set; } = 0.08;

    /// <summary>Below this share of the box the colour result is implausible and the ellipse prior is used instead.</summary>
    public double MinFill { get; set; } = 0.3;

    /// <summary>Weight of the ellipse prior when fused with the colour result (0 = colour only, 1 = ellipse only).</summary>
    public double PriorWeight { get; set; } = 0.0;

    /// <summary>
    /// Replace the colour result by its convex hull. Polyps are convex bulges; colour models tend to miss their shaded or
    /// glaring parts, which the hull restores.
    /// </summary>
    public bool ConvexHull { get; set; }

    /// <summary>Below this agreement (IoU) with the ellipse prior the colour result is taken to have leaked or collapsed.</summary>
    public double MinPriorAgreement { get; set; } = 0.0;

    /// <summary>Boxes whose shorter side is below this many pixels are too small to model colours; the ellipse is returned.</summary>
    public int MinBoxSide { get; set; } = 8;
}
