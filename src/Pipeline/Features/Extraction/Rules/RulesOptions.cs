namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>Confidence the rules give to each kind of decision; bound from configuration section "Extraction:Rules".</summary>
public sealed class RulesOptions
{
    /// <summary>A polyp named in the findings, or a negation such as "No polyps".</summary>
    public double ExplicitConfidence { get; set; } = 0.9;

    /// <summary>A polyp named only in the impression or diagnosis.</summary>
    public double SummaryOnlyConfidence { get; set; } = 0.8;

    /// <summary>The report describes an examination and names no polyp, without saying "no polyps".</summary>
    public double ImplicitNegativeConfidence { get; set; } = 0.6;

    /// <summary>Reports longer than this (UTF-16 code units) are refused rather than read.</summary>
    public int MaxReportChars { get; set; } = 2_000_000;
}
