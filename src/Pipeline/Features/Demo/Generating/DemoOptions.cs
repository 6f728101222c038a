namespace EndoKED.Pipeline.Features.Demo.Generating;

/// <summary>What synthetic demo records to write, and where. The same options always give the same bytes.</summary>
public sealed class DemoOptions
{
    /// <summary>Receives one folder per centre (the ingest layout) and <c>ground-truth/</c> beside them.</summary>
    public required string OutputDirectory { get; set; }

    public int Seed { get; set; } = 20251;

    public int ExaminationsPerCentre { get; set; } = 22;

    public int FrameWidth { get; set; } = 384;

    public int FrameHeight { get; set; } = 288;

    /// <summary>At least 4, so that every polyp of an examination (up to 3) can be shown and one frame stays clear.</summary>
    public int MinFramesPerExamination { get; set; } = 4;

    public int MaxFramesPerExamination { get; set; } = 9;

    /// <summary>Share of examinations with at least one polyp.</summary>
    public double PolypExaminationShare { get; set; } = 0.6;

    public int JpegQuality { get; set; } = 90;

    /// <summary>First day of the examination dates (a Monday); they spread over <see cref="DateSpanDays"/> days.</summary>
    public DateOnly FirstDate { get; set; } = new(2025, 2, 3);

    /// <summary>42 weeks (over 9 months), so the dashboards' weeks of examination show a season, not an afternoon.</summary>
    public int DateSpanDays { get; set; } = 294;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("An output directory is required.", nameof(OutputDirectory));
        Require(ExaminationsPerCentre is >= 1 and <= 10_000, nameof(ExaminationsPerCentre), "between 1 and 10000");
        Require(FrameWidth is >= 128 and <= 4096, nameof(FrameWidth), "between 128 and 4096 pixels");
        Require(FrameHeight is >= 96 and <= 4096, nameof(FrameHeight), "between 96 and 4096 pixels");
        Require(MinFramesPerExamination >= 4, nameof(MinFramesPerExamination), "at least 4");
        Require(MaxFramesPerExamination is >= 4 and <= 99 && MaxFramesPerExamination >= MinFramesPerExamination, nameof(MaxFramesPerExamination), "between the minimum and 99");
        Require(PolypExaminationShare is >= 0 and <= 1, nameof(PolypExaminationShare), "between 0 and 1");
        Require(JpegQuality is >= 1 and <= 100, nameof(JpegQuality), "between 1 and 100");
        Require(DateSpanDays >= 62, nameof(DateSpanDays), "at least 62 (room for a repeat examination)");
    }

    private static void Require(bool ok, string name, string what)
    {
        if (!ok) throw new ArgumentException($"{name} must be {what}.", name);
    }
}
