using System.Globalization;
using System.Text;
using System.Text.Json;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Distilling.Exporting;

/// <summary>
/// One row per examination: centre, patient, examination, label (the final one when review reached it, else the machines'
/// proposal) and its origin, polyp count, segments, largest size (mm), pathology classes and the extractor versions.
/// Findings come from the extractor with the highest confidence (report-findings.schema.json field names).
/// </summary>
public static class FindingsCsv
{
    public const string Header = "centre,patient,examination,label,label_origin,polyp_count,segments,largest_size_mm,pathology,extractor_versions";

    public static string Write(IReadOnlyList<ExaminationView> exams, IReadOnlyDictionary<Guid, PolypLabel> finals)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var e in exams)
        {
            var findings = e.Findings.Where(f => f.FindingsJson is not null).OrderByDescending(f => f.Confidence ?? 0)
                .ThenBy(f => f.Extractor, StringComparer.Ordinal).FirstOrDefault();
            var (count, segments, largest, pathology) = findings is null ? (null, "", null, "") : Read(findings.FindingsJson!);
            var (label, origin) = finals.TryGetValue(e.Id, out var final) ? (final, "final") : (e.ProposedLabel, e.ProposedLabel is null ? "" : "machine");
            string[] row =
            [
                e.CentreId, e.PatientId, e.SourceKey, label?.ToString().ToLowerInvariant() ?? "", origin,
                count?.ToString(CultureInfo.InvariantCulture) ?? "", segments, largest?.ToString("0.##", CultureInfo.InvariantCulture) ?? "",
                pathology, string.Join(';', e.Findings.Select(f => $"{f.Extractor}:{f.ExtractorVersion}").Distinct().Order(StringComparer.Ordinal)),
            ];
            text.AppendJoin(',', row.Select(Quote)).Append('\n');
        }
        return text.ToString();
    }

    private static (int? Count, string Segments, double? Largest, string Pathology) Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        int? count = root.TryGetProperty("polyp_count", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null;
        var polyps = root.TryGetProperty("polyps", out var p) && p.ValueKind == JsonValueKind.Array ? [.. p.EnumerateArray()] : new List<JsonElement>();
        var segments = polyps.Select(x => x.TryGetProperty("location", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null)
            .OfType<string>().Distinct().Order(StringComparer.Ordinal);
        var sizes = polyps.Select(x => x.TryGetProperty("size_mm", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : (double?)null)
            .OfType<double>().ToList();
        var pathology = root.TryGetProperty("pathology", out var h) && h.ValueKind == JsonValueKind.Array
            ? h.EnumerateArray().Select(x => x.GetString()).OfType<string>() : [];
        return (count, string.Join(';', segments), sizes.Count > 0 ? sizes.Max() : null, string.Join(';', pathology));
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
