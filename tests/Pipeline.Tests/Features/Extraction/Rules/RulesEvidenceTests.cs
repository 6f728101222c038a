using System.Text.RegularExpressions;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Rules;

namespace EndoKED.Pipeline.Tests.Features.Extraction.Rules;

public sealed partial class RulesEvidenceTests
{
    private static readonly Dictionary<Segment, string> SegmentWords = new()
    {
        [Segment.Caecum] = "caec|cec|ileoc|appendi|回盲|盲肠|阑尾",
        [Segment.Ascending] = "ascending|升结肠",
        [Segment.HepaticFlexure] = "hepatic|肝曲",
        [Segment.Transverse] = "transverse|横结肠",
        [Segment.SplenicFlexure] = "splenic|脾曲",
        [Segment.Descending] = "descending|降结肠",
        [Segment.Sigmoid] = "sigmoid|乙状结肠",
        [Segment.Rectum] = "rect|直肠",
    };

    private static readonly Dictionary<PathologyClass, string> ClassWords = new()
    {
        [PathologyClass.Adenoma] = "adenoma|腺瘤",
        [PathologyClass.SessileSerrated] = "serrated|锯齿",
        [PathologyClass.Hyperplastic] = "hyperplastic|增生性",
        [PathologyClass.Carcinoma] = "carcinoma|癌",
        [PathologyClass.Inflammatory] = "colitis|crohn|ileitis|inflammatory|炎",
        [PathologyClass.Other] = "lymphoid|淋巴|lipoma",
    };

    [GeneratedRegex(@"polyp|adenoma|lesion|LST|tumou?r|息肉|腺瘤|侧向", RegexOptions.IgnoreCase)]
    private static partial Regex LesionWord();

    [GeneratedRegex(@"\bno\b|\bnot\b|without|none|: ?0|无|未见", RegexOptions.IgnoreCase)]
    private static partial Regex NegationWord();

    public static TheoryData<string> Ids() => [.. CorpusCase.All().Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_evidence_span_covers_the_words_that_decided_its_field(string id)
    {
        var c = CorpusCase.All().Single(x => x.Id == id);
        var f = new RulesExtractor().Extract(new(c.Id, c.Report, c.Pathology));
        string Text(EvidenceSpan s) => s.TextIn(c.Report, c.Pathology);

        if (f.PolypPresent == true)
            Assert.All(f.Evidence, s => Assert.Matches(LesionWord(), Text(s)));
        if (f.PolypPresent == false && f.Confidence > new RulesOptions().ImplicitNegativeConfidence)
            Assert.Contains(f.Evidence, s => NegationWord().IsMatch(Text(s)));
        foreach (var p in f.Polyps)
        {
            Assert.NotEmpty(p.Evidence);
            if (p.Location is { } seg)
                Assert.Contains(p.Evidence, s => Regex.IsMatch(Text(s), SegmentWords[seg], RegexOptions.IgnoreCase));
            if (p.SizeMm is not null)
                Assert.Contains(p.Evidence, s => Regex.IsMatch(Text(s), @"\d\s*(mm|cm|毫米|厘米)", RegexOptions.IgnoreCase));
        }
        foreach (var cls in f.Pathology)
            Assert.All(f.PathologyEvidence![cls], s =>
            {
                Assert.Equal(SpanSource.Pathology, s.Source);
                Assert.Matches(new Regex(ClassWords[cls], RegexOptions.IgnoreCase), Text(s));
            });
    }
}
