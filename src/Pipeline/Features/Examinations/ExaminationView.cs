using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Examinations;

/// <summary>Read model of one examination: a fold of its stream, kept inline with every append.</summary>
public sealed record ExaminationView
{
    public Guid Id { get; init; }
    public string CentreId { get; init; } = "";
    public string SourceKey { get; init; } = "";
    public string PatientId { get; init; } = "";
    public DateOnly? Date { get; init; }
    public string ReportText { get; init; } = "";
    public string? PathologyText { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<Guid> ImageIds { get; init; } = [];
    public int FrameCount { get; init; }
    public ExaminationStatus Status { get; init; }
    public DateTimeOffset IngestedAt { get; init; }
    public string IngestedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The latest findings of each extractor (one entry per extractor name).</summary>
    public IReadOnlyList<ExtractedFindings> Findings { get; init; } = [];

    /// <summary>The machines' proposed label; null until an extractor has read the report.</summary>
    public PolypLabel? ProposedLabel { get; init; }
    public double ProposedLabelConfidence { get; init; }
    public string ProposedLabelReason { get; init; } = "";

    /// <summary>Schema field names on which the extractors differ in the latest round.</summary>
    public IReadOnlyList<string> Disagreements { get; init; } = [];

    /// <summary>Something about the machine label waits for a clinician.</summary>
    public bool NeedsReview { get; init; }

    public long Version { get; set; }
}

/// <summary>One extractor's findings as stored in its FindingsExtracted event (or its failure).</summary>
public sealed record ExtractedFindings(
    string Extractor, string ExtractorVersion, string? FindingsJson, bool? PolypPresent, double? Confidence,
    IReadOnlyList<string> Unverified, string TextSha256, string? Failure, DateTimeOffset At);

/// <summary>Read model of one frame.</summary>
public sealed record ImageView
{
    public Guid Id { get; init; }
    public Guid ExaminationId { get; init; }
    public string CentreId { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public long SizeBytes { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public string Format { get; init; } = "";
    public string OriginalName { get; init; } = "";
    public int Ordinal { get; init; }
    public DateTimeOffset IngestedAt { get; init; }

    /// <summary>Polyp probabilities, one per MIL model version (latest first is not implied; see <see cref="Probability"/>).</summary>
    public IReadOnlyList<ImageScore> Scores { get; init; } = [];

    /// <summary>The most recent probability, from whichever model scored last; null until scored.</summary>
    public double? Probability { get; init; }

    /// <summary>The latest CAM localisation; null until localised.</summary>
    public ImageLocalisation? Localisation { get; init; }

    /// <summary>Proposed masks, one per provenance and box.</summary>
    public IReadOnlyList<ImageMaskProposal> Masks { get; init; } = [];

    public long Version { get; set; }
}
