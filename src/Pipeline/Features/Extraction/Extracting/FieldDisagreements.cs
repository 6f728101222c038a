using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Extracting;

/// <summary>The findings fields on which two extractors differ, named as in the schema.</summary>
public static class FieldDisagreements
{
    public static IReadOnlyList<string> Between(ReportFindings a, ReportFindings b)
    {
        var fields = new List<string>();
        if (a.PolypPresent != b.PolypPresent) fields.Add("polyp_present");
        if (a.PolypCount != b.PolypCount) fields.Add("polyp_count");
        if (!a.Segments().SetEquals(b.Segments())) fields.Add("location");
        if (a.LargestSizeMm() != b.LargestSizeMm()) fields.Add("size_mm");
        if (!a.Pathology.ToHashSet().SetEquals(b.Pathology)) fields.Add("pathology");
        return fields;
    }
}
