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

    /// <summary>This many connected components or more: the activation is scattered and the box is refused.</summary>
    public int RejectAtComponents { get; init; } = 3;
}
