using EndoKED.Pipeline.Models.Masks;

namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>A box in pixels of the original frame; X1 and Y1 are exclusive.</summary>
public sealed record PixelBox(int X0, int Y0, int X1, int Y1)
{
    public int Width => X1 - X0;
    public int Height => Y1 - Y0;
    public long Area => (long)Width * Height;
    public (double X, double Y) Centre => ((X0 + X1) / 2.0, (Y0 + Y1) / 2.0);
}

/// <summary>Why no box was kept. Stored with the frame, so the order of values is part of a contract: append only.</summary>
public enum BoxRejection
{
    None = 0,
    NoActivation = 1,
    TooManyComponents = 2,
    TouchesBorder = 3,
    TooSmall = 4,
    TooLarge = 5,
    BelowProbabilityThreshold = 6,
    Unreadable = 7,
}

/// <summary>One candidate region's box and the filter's verdict on it (<see cref="BoxRejection.None"/>: it passed).</summary>
public sealed record JudgedBox(PixelBox Box, int Pixels, double AreaFraction, BoxRejection Rejection, string Reason)
{
    public bool Accepted => Rejection == BoxRejection.None;
}

/// <summary>
/// The outcome of localising one frame. <see cref="Candidate"/> is the kept box, or when none passed the largest
/// component's box even though refused, so a reviewer can see what was refused; <see cref="Box"/> is set only when a box
/// passed the filter. <see cref="Judged"/> holds every candidate region the filter looked at, each with its verdict.
/// <see cref="Seed"/>, on a frame whose box was refused for touching the image border, is the CAM's own
/// region in the refused candidate's box, at the frame's size: the refiner may draw a mask from it instead of a box.
/// </summary>
public sealed record BoxResult(PixelBox? Candidate, BoxRejection Rejection, string Reason, int Components, double AreaFraction,
    IReadOnlyList<JudgedBox>? Judged = null, BinaryMask? Seed = null)
{
    public bool Accepted => Rejection == BoxRejection.None;
    public PixelBox? Box => Accepted ? Candidate : null;
    public IReadOnlyList<JudgedBox> Candidates => Judged ?? [];

    public static BoxResult Refused(BoxRejection rejection, string reason) => new(null, rejection, reason, 0, 0);
}
