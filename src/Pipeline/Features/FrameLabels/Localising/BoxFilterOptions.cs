namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>CAM → box settings: the paper's filter by default. Bound from configuration section FrameLabels:Box.</summary>
public sealed record BoxFilterOptions
{
    /// <summary>Cells at or above this fraction of the CAM's range (after min-max normalisation) are foreground.</summary>
    public double CamThreshold { get; init; } = 0.5;

    /// <summary>A box this many pixels or fewer from the image edge touches the border (the image border, not the
    /// dark field edge of the endoscope).</summary>
    public int BorderMarginPixels { get; init; }

    public double MinAreaFraction { get; init; } = 0.01;
    public double MaxAreaFraction { get; init; } = 0.35;

    /// <summary>This many candidate regions or more: the activation is scattered and every box is refused.</summary>
    public int RejectAtComponents { get; init; } = 3;

    /// <summary>A region under this fraction of the largest region's pixels is a speck: neither a candidate nor counted
    /// as scattering (0 counts every region, as the 7x7-only localiser did).</summary>
    public double MinComponentFraction { get; init; } = 0.1;

    /// <summary>Add the CAM of the last stage run à trous (14x14, stride 16) to the 7x7 one: three more runs of the last
    /// stage per polyp frame (about one network pass on the packaged ResNet-18). Off by default: see the README.</summary>
    public bool FineMap { get; init; }

    /// <summary>A polyp frame whose box is refused for touching the image border may still get a mask: the refiner is seeded
    /// with the CAM's own region (its core as certainly polyp) in the refused box, and the mask is kept when its quality
    /// reaches <see cref="SeedMinQuality"/> and it covers no more than <see cref="MaxAreaFraction"/> of the frame, recorded
    /// as seeded from the CAM.</summary>
    public bool SeedRefused { get; init; } = true;

    /// <summary>The least refiner quality a mask seeded from a refused CAM needs to be kept.</summary>
    public double SeedMinQuality { get; init; } = 0.5;

    /// <summary>Average with the CAMs of the mirrored frame: one more network pass per polyp frame. Off by default: see
    /// the README.</summary>
    public bool Flip { get; init; }
}
