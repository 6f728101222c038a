using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>A polyp or group being built while the report is read; becomes one or more <see cref="PolypEntry"/>.</summary>
internal sealed class Draft(Section section, int termStart, int termEnd, int sentence)
{
    public Section Section { get; } = section;
    public int TermStart { get; } = termStart;
    public int TermEnd { get; } = termEnd;
    public int Sentence { get; } = sentence;
    public int? Count { get; set; }
    /// <summary>False while the count is only the default of the wording (singular → 1), so a template field may set it.</summary>
    public bool CountStated { get; set; }
    /// <summary>Named in a sentence that totals the findings ("four polyps in total"): a count, not another lesion.</summary>
    public bool IsTotal { get; set; }
    public List<(Segment Value, int Start, int End)> Locations { get; } = [];
    public List<(double Value, int Start, int End)> Sizes { get; } = [];
    public Morphology? Morphology { get; set; }
    public bool? Removed { get; set; }
    public List<EvidenceSpan> Evidence { get; } = [];

    public void Take(Attr a, bool onlyIfEmpty)
    {
        switch (a.Kind)
        {
            case AttrKind.Size when !onlyIfEmpty || Sizes.Count == 0:
                Sizes.Add(((double)a.Value, a.Start, a.End));
                break;
            case AttrKind.Location when !onlyIfEmpty || Locations.Count == 0:
                if (Locations.All(l => l.Value != (Segment)a.Value)) Locations.Add(((Segment)a.Value, a.Start, a.End));
                break;
            case AttrKind.Morphology when Morphology is null:
                Morphology = (Morphology)a.Value;
                break;
            // A removal anywhere wins over "biopsied": a polyp biopsied then snared was removed.
            case AttrKind.Removed when Removed is null || (bool)a.Value:
                Removed = (bool)a.Value;
                break;
            default:
                return;
        }
        Evidence.Add(new EvidenceSpan(SpanSource.Report, a.Start, a.End));
    }

    public void Absorb(Draft other)
    {
        foreach (var l in other.Locations) Take(new Attr(AttrKind.Location, l.Value, l.Start, l.End), false);
        foreach (var s in other.Sizes) Take(new Attr(AttrKind.Size, s.Value, s.Start, s.End), false);
        Morphology ??= other.Morphology;
        Removed = Removed == true || other.Removed == true ? true : Removed ?? other.Removed;
        Evidence.AddRange(other.Evidence);
    }

    /// <summary>
    /// The entries this draft stands for. A group over several segments becomes one entry per segment; each size
    /// goes to the segment written nearest it. The per-entry count is only given when the text fixes it.
    /// </summary>
    public IEnumerable<PolypEntry> ToEntries()
    {
        var spans = Evidence.Distinct().OrderBy(e => e.Start).ToList();
        var locations = Count == 1 && Locations.Count > 1
            ? [Locations.MinBy(l => Math.Abs(l.Start - TermStart))]
            : Locations;
        if (locations.Count <= 1)
        {
            yield return new PolypEntry(Count, locations.Count == 1 ? locations[0].Value : null, MaxSize(Sizes), Morphology, Removed, spans);
            yield break;
        }
        int? each = Count == locations.Count ? 1 : null;
        foreach (var loc in locations)
        {
            var mine = Sizes.Where(s => locations.MinBy(l => Gap(l.Start, l.End, s.Start, s.End)) == loc).ToList();
            var evidence = spans.Where(e => e.Start == loc.Start || (e.Start != loc.Start && !locations.Any(l => l.Start == e.Start))).ToList();
            yield return new PolypEntry(each, loc.Value, MaxSize(mine), Morphology, Removed, evidence);
        }
    }

    private static int Gap(int aStart, int aEnd, int bStart, int bEnd) => aEnd <= bStart ? bStart - aEnd : Math.Max(0, aStart - bEnd);

    private static double? MaxSize(List<(double Value, int Start, int End)> sizes) => sizes.Count == 0 ? null : sizes.Max(s => s.Value);
}
