namespace EndoKED.Pipeline.Models.Frames;

/// <summary>A decoded frame, or the reason the file was refused. Exactly one of the two is set.</summary>
public sealed record FrameLoadResult(FrameImage? Frame, string? Rejection)
{
    public bool IsLoaded => Frame is not null;

    public static FrameLoadResult Loaded(FrameImage frame) => new(frame, null);

    public static FrameLoadResult Rejected(string reason) => new(null, reason);
}
