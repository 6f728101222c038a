using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Extraction.Labelling;

/// <summary>A proposed label, how sure the extractor was, and why (shown to a reviewer).</summary>
public sealed record ProposedLabel(PolypLabel Label, double Confidence, string Reason);

/// <summary>When findings are firm enough to label an examination; bound from "Extraction:Labelling".</summary>
public sealed class LabelOptions
{
    /// <summary>Below this confidence the label stays undecided and goes to review.</summary>
    public double MinConfidence { get; set; } = 0.5;
}

/// <summary>Derives an examination's polyp label from its findings.</summary>
public static class LabelProposer
{
    public static ProposedLabel Propose(ReportFindings findings, LabelOptions? options = null)
    {
        var min = (options ?? new LabelOptions()).MinConfidence;
        var confidence = findings.Confidence ?? 0;
        if (findings.PolypPresent is null)
            return new(PolypLabel.Undecided, 0, findings.Reasons?.GetValueOrDefault("polyp_present") ?? "the text does not say whether a polyp was seen");
        // A presence the model could not quote, or one the two extractors disagree on, is for a human to decide.
        if (findings.Unverified?.Contains("polyp_present") == true)
            return new(PolypLabel.Undecided, 0, "the model's evidence for polyp_present is not in the text");
        if (findings.Disagreements?.Contains("polyp_present") == true)
            return new(PolypLabel.Undecided, 0, "the rules and the LLM disagree on polyp_present");
        if (confidence < min)
            return new(PolypLabel.Undecided, confidence, $"confidence {confidence:0.00} is below {min:0.00}");
        var label = findings.PolypPresent.Value ? PolypLabel.Present : PolypLabel.Absent;
        return new(label, confidence, $"{findings.Extractor}: polyp_present={findings.PolypPresent.Value.ToString().ToLowerInvariant()}");
    }
}
