using EndoKED.Pipeline.Features.Extraction.Findings;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>What the report (not the pathology) says: drafts, negations, and whether it describes an examination at all.</summary>
internal sealed record ReportReading(
    IReadOnlyList<Draft> Drafts,
    IReadOnlyList<EvidenceSpan> Negations,
    (int Value, int Start, int End)? DeclaredCount,
    bool DescribesExamination,
    IReadOnlyList<Total> Totals,
    IReadOnlyList<EvidenceSpan> UnclearNegations);

/// <summary>Reads a report sentence by sentence: sections, instructions, lesion words, their attributes and follow-on sentences.</summary>
internal static partial class ReportReader
{
    public static ReportReading Read(string text)
    {
        var sentences = ReportText.Split(text);
        var sections = Sections.Assign(sentences);
        var drafts = new List<Draft>();
        var negations = new List<EvidenceSpan>();
        var unclear = new List<EvidenceSpan>();
        var totals = new List<Total>();
        (int, int, int)? declared = null;
        var last = new List<Draft>();
        var describes = false;
        var items = new NumberedItems();
        for (var i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            var body = text[s.Start..s.End];
            if (sections[i] == Section.History && s.Label is null && Cues.SpeaksOfThisExamination(body))
                sections[i] = Section.Findings;
            if (sections[i] is Section.History or Section.Recommendation || Cues.IsInstruction(body) || Cues.IsAboutTheForm(body))
            {
                last.Clear();
                continue;
            }
            describes |= Mentions.DescribesExamination(body);
            if (i > 0 && sections[i] != sections[i - 1])
            {
                last.Clear();
                items.Closed();
            }
            var field = Sections.FieldOf(s.Label);
            var valueStart = s.Label is null ? s.Start : text.IndexOfAny([':', '：'], s.Start) + 1;
            if (field == Field.Count)
            {
                var c = CountReader.ReadValue(text, valueStart, s.End);
                if (c?.Value == 0) negations.Add(new EvidenceSpan(SpanSource.Report, s.Start, s.End));
                else if (c is not null && last.Count == 1 && !last[0].CountStated) SetCount(last[0], c);
                else if (c?.Value is { } n) declared = (n, s.Start, s.End);
                continue;
            }

            var mentions = FindMentions(text, s, negations, unclear);
            var total = Totals.Read(text, s, sections[i], mentions.Select(m => m.Count?.Value).FirstOrDefault(v => v is not null));
            if (total is not null) totals.Add(total);
            var attrs = AttributeReader.Read(text, s.Start, s.End);
            if (mentions.Count == 0 && items.Row(text, s, sections[i], i, attrs) is { } row)
            {
                drafts.Add(row);
                last = [row];
                continue;
            }
            if (mentions.Count == 0)
            {
                if (total is not null) continue;
                if (LesionTerms.HasExcludedLesion(body) || negations.Any(n => n.Start >= s.Start && n.End <= s.End))
                    last.Clear();
                else
                    Continue(last, field, text[valueStart..s.End], attrs, Mentions.IsContinuation(body));
                continue;
            }

            var made = Attach(text, mentions, attrs, Mentions.IsCollective(body), sections[i], i);
            var fresh = new List<Draft>();
            foreach (var (m, d) in made)
            {
                if (m.Ordinal) items.Item(d);
                else items.Opened(d, m.Count);
                var target = m.Anaphoric ? drafts.LastOrDefault(x => x.Section == sections[i]) : null;
                d.IsTotal = total is not null;
                if (target is not null && total is null) target.Absorb(d);
                else fresh.Add(d);
            }
            drafts.AddRange(GroupMembers.Resolve(text, fresh));
            last = made.Select(x => x.Mention.Anaphoric ? drafts.LastOrDefault(d => d.Section == sections[i]) ?? x.Draft : x.Draft).Distinct().ToList();
        }
        items.Resolve(drafts);
        return new ReportReading(drafts, negations, declared, describes, totals, unclear);
    }

    private static List<Mention> FindMentions(string text, Sentence s, List<EvidenceSpan> negations, List<EvidenceSpan> unclear)
    {
        var result = new List<Mention>();
        var floor = s.Start;
        foreach (var t in LesionTerms.Find(text, s.Start, s.End))
        {
            var negation = Cues.Negation(text, s, t.Start, t.End);
            if (negation is { } n)
            {
                (n.Unclear ? unclear : negations).Add(new EvidenceSpan(SpanSource.Report, n.Start, n.End));
                floor = t.End;
                continue;
            }
            if (Cues.IsHistory(text, s, t.Start, t.End) || IsHypothetical(text, s, t.Start)) { floor = t.End; continue; }
            var ordinal = CountReader.IsOrdinalLabel(text, t.End, s.End);
            var count = ordinal ? new CountWord(1, false, t.Start, t.End) : CountReader.Read(text, floor, t.Start, t.End, s.End);
            var anaphoric = count is null && Mentions.IsAnaphoric(text, floor, t.Start);
            // A second lesion word with no count of its own names the same lesion ("adenoma-appearing sessile lesion").
            if (count is null && !anaphoric && result.Count > 0 && !t.Plural) { floor = t.End; continue; }
            result.Add(new Mention(t, count, anaphoric, ordinal));
            floor = t.End;
        }
        return result;
    }

    private static bool IsHypothetical(string text, Sentence s, int at)
    {
        var (a, b) = ReportText.Clause(text, s, at);
        return Cues.IsHypothetical(text[a..b]);
    }
}
