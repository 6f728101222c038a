using EndoKED.Pipeline.Features.Demo.Rendering;

namespace EndoKED.Pipeline.Features.Demo.Planning;

internal enum ReportStyle
{
    EnglishNarrative,
    EnglishTemplate,
    Chinese,
}

internal enum FrameFormat
{
    Jpeg,
    Png,
}

/// <summary>How one hospital's records look: its report style, its image format and its video processor's picture.</summary>
internal sealed record CentreProfile(string Name, char Letter, ReportStyle Style, FrameFormat Format, FieldShape Field, Rgb Mucosa)
{
    /// <summary>Examines on clinic days, half with polyps, until the last, when all have polyps: the demo's drift.</summary>
    public bool DriftsAtEnd { get; init; }

    public static IReadOnlyList<CentreProfile> All { get; } =
    [
        new("centre-a", 'A', ReportStyle.EnglishNarrative, FrameFormat.Jpeg, FieldShape.Circle, new Rgb(0.86f, 0.42f, 0.36f)),
        new("centre-b", 'B', ReportStyle.EnglishTemplate, FrameFormat.Png, FieldShape.Octagon, new Rgb(0.9f, 0.5f, 0.34f)),
        new("centre-c", 'C', ReportStyle.Chinese, FrameFormat.Jpeg, FieldShape.Circle, new Rgb(0.85f, 0.43f, 0.43f)) { DriftsAtEnd = true },
    ];

    public string FrameExtension => Format == FrameFormat.Jpeg ? ".jpg" : ".png";
}
