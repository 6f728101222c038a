using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Shared.Records;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace EndoKED.Portal.Features.Examinations.Viewing.Findings;

public partial class FindingsPanel
{
    [Parameter, EditorRequired] public required ExaminationView Examination { get; set; }

    /// <summary>The evidence of the line the reader selected (empty when none).</summary>
    [Parameter] public EventCallback<IReadOnlyList<EvidenceSpan>> SelectedEvidenceChanged { get; set; }

    private int _tab;
    private string? _selectedKey;
    private readonly Dictionary<string, IReadOnlyList<FindingField>> _fields = [];

    protected override void OnParametersSet() => _fields.Clear();

    private IReadOnlyList<FindingField> FieldsOf(ExtractedFindings entry)
    {
        var key = entry.Extractor + entry.At.ToUnixTimeMilliseconds();
        if (!_fields.TryGetValue(key, out var fields))
        {
            var findings = entry.FindingsJson is { } json ? FindingsJson.Deserialize(json) : null;
            fields = findings is null ? [] : FindingFields.Build(findings, Examination.Disagreements);
            _fields[key] = fields;
        }
        return fields;
    }

    private int Marks(ExtractedFindings entry) => FieldsOf(entry).Count(f => f.Disagrees || f.Unverified);

    private string FieldClass(FindingField f) =>
        "finding-field" + (f.Key == _selectedKey ? " selected" : "") + (f.Disagrees ? " disagrees" : "") + (f.Unverified ? " unverified" : "");

    private Task Select(FindingField field)
    {
        _selectedKey = field.Key;
        return SelectedEvidenceChanged.InvokeAsync(field.Spans);
    }

    private async Task OnKey(KeyboardEventArgs e)
    {
        var tab = Examination.Findings.ElementAtOrDefault(_tab);
        if (tab is null) return;
        var fields = FieldsOf(tab);
        if (fields.Count == 0) return;
        var index = fields.ToList().FindIndex(f => f.Key == _selectedKey);
        switch (e.Key)
        {
            case "ArrowDown" or "j": await Select(fields[Math.Min(fields.Count - 1, index + 1)]); break;
            case "ArrowUp" or "k": await Select(fields[Math.Max(0, index - 1)]); break;
            case "Escape":
                _selectedKey = null;
                await SelectedEvidenceChanged.InvokeAsync([]);
                break;
        }
    }

    private static Color LabelColour(PolypLabel label) => label switch
    {
        PolypLabel.Present => Color.Warning,
        PolypLabel.Absent => Color.Success,
        _ => Color.Error,
    };
}
