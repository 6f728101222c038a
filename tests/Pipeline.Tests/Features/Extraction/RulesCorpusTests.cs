using EndoKED.Pipeline.Features.Extraction.Rules;
using Xunit.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.Extraction;

public sealed class RulesCorpusTests(ITestOutputHelper output)
{
    private readonly RulesExtractor _rules = new();

    [Fact]
    public void The_corpus_has_enough_english_and_chinese_reports()
    {
        Assert.True(CorpusCase.Load("english.jsonl").Count >= 60);
        Assert.True(CorpusCase.Load("chinese.jsonl").Count >= 30);
    }

    [Theory]
    [InlineData("english.jsonl")]
    [InlineData("chinese.jsonl")]
    [InlineData(null)]
    public void The_rules_meet_the_agreement_targets_on_the_labelled_corpus(string? file)
    {
        var cases = file is null ? CorpusCase.All() : CorpusCase.Load(file);
        var results = cases.Select(c => (c, _rules.Extract(new(c.Id, c.Report, c.Pathology)))).ToList();
        var score = CorpusScore.Of(results);
        output.WriteLine($"{file ?? "all"} ({cases.Count} reports): {score}");
        foreach (var miss in score.Misses) output.WriteLine("  miss " + miss);

        Assert.True(score.Presence >= 0.97, score.ToString());
        Assert.True(score.Count >= 0.90, score.ToString());
        Assert.True(score.Segments >= 0.90, score.ToString());
        Assert.True(score.LargestSize >= 0.90, score.ToString());
        Assert.True(score.Pathology >= 0.85, score.ToString());
    }
}
