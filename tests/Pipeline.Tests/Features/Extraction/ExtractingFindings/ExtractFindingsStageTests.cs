using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Extraction;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Llm;
using EndoKED.Pipeline.Features.Extraction.Rules;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.Extraction.ExtractingFindings;

/// <summary>The ExtractFindings handler against a real ledger: events appended, view folded, work never doubled.</summary>
public sealed class ExtractFindingsStageTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private const string Report = "Findings: A 6 mm sessile polyp in the sigmoid colon, removed with cold snare. No other lesions.";

    private async Task<Guid> IngestAsync(string key, string report)
    {
        var root = TestPaths.NewTempDir("extract-stage");
        TestFrames.ExamFolder(root, key, report, null, ("1.png", TestFrames.Png(seed: key.Length)));
        await ledger.Ingester().IngestAsync(FolderSource.Read(root), "x-a", "test");
        return StableIds.Examination("x-a", key);
    }

    private async Task HandleAsync(Guid id, ExaminationExtraction extraction, bool force = false)
    {
        await using var session = ledger.Store.LightweightSession();
        await ExtractFindingsHandler.Handle(new ExtractFindings(id, "test", force), session, extraction, new ExtractionOptions(),
            TimeProvider.System, NullLogger<ExtractFindings>.Instance, CancellationToken.None);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Reading_a_report_appends_findings_and_a_label_and_the_view_shows_them()
    {
        var id = await IngestAsync("exam-rules", Report);

        await HandleAsync(id, new ExaminationExtraction([new RulesExtractor()]));

        await using var query = ledger.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(id);
        var extracted = Assert.Single(events.Select(e => e.Data).OfType<FindingsExtracted>());
        Assert.Equal("rules/2", extracted.ExtractorVersion);
        var findings = FindingsJson.Deserialize(extracted.FindingsJson)!;
        Assert.Equal(Segment.Sigmoid, Assert.Single(findings.Polyps).Location);
        var view = (await query.LoadAsync<ExaminationView>(id))!;
        Assert.Equal(PolypLabel.Present, view.ProposedLabel);
        Assert.Equal(ExaminationStatus.Extracted, view.Status);
        Assert.Equal("rules", Assert.Single(view.Findings).Extractor);
    }

    [Fact]
    public async Task Reading_the_same_text_again_with_the_same_extractors_appends_nothing_unless_forced()
    {
        var id = await IngestAsync("exam-twice", Report);
        var rules = new ExaminationExtraction([new RulesExtractor()]);
        await HandleAsync(id, rules);
        await using var query = ledger.Store.QuerySession();
        var before = (await query.Events.FetchStreamStateAsync(id))!.Version;

        await HandleAsync(id, rules);
        var afterRepeat = (await query.Events.FetchStreamStateAsync(id))!.Version;
        await HandleAsync(id, rules, force: true);
        var afterForce = (await query.Events.FetchStreamStateAsync(id))!.Version;

        Assert.Equal(before, afterRepeat);
        Assert.Equal(before + 2, afterForce);
    }

    [Fact]
    public async Task Rules_and_an_llm_that_disagree_put_the_examination_in_review_with_the_fields_marked()
    {
        var id = await IngestAsync("exam-both", Report);
        // A model that misses the polyp, quoting words that are really in the report.
        await using var server = await FakeOllamaServer.StartAsync((_, _) => Task.FromResult(
            """{"polyp_present": false, "presence_quote": "No other lesions", "polyp_count": 0, "polyps": [], "pathology": []}"""));
        using var llm = OllamaExtractorFactory.Create(server.Endpoint.ToString(), "m", new LlmOptions { Timeout = TimeSpan.FromSeconds(10) });

        await HandleAsync(id, new ExaminationExtraction([new RulesExtractor(), llm]));

        await using var query = ledger.Store.QuerySession();
        var view = (await query.LoadAsync<ExaminationView>(id))!;
        Assert.Equal(ExaminationStatus.InReview, view.Status);
        Assert.True(view.NeedsReview);
        Assert.Equal(PolypLabel.Undecided, view.ProposedLabel);
        Assert.Contains("polyp_present", view.Disagreements);
        Assert.Equal(["rules", "llm"], view.Findings.Select(f => f.Extractor).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task Two_readers_of_one_examination_at_once_record_its_findings_once()
    {
        var id = await IngestAsync("exam-race", Report);
        var rules = new ExaminationExtraction([new RulesExtractor()]);
        await using var a = ledger.Store.LightweightSession();
        await using var b = ledger.Store.LightweightSession();
        foreach (var s in new[] { a, b })
            await ExtractFindingsHandler.Handle(new ExtractFindings(id, "test"), s, rules, new ExtractionOptions(),
                TimeProvider.System, NullLogger<ExtractFindings>.Instance, CancellationToken.None);

        await a.SaveChangesAsync();
        await Assert.ThrowsAnyAsync<JasperFx.ConcurrencyException>(() => b.SaveChangesAsync());

        await using var query = ledger.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(id);
        Assert.Single(events.Select(e => e.Data).OfType<FindingsExtracted>());
    }

    [Fact]
    public async Task An_unreachable_model_records_nothing_so_the_message_can_be_retried()
    {
        var id = await IngestAsync("exam-down", Report);
        using var llm = OllamaExtractorFactory.Create("http://127.0.0.1:9", "m",
            new LlmOptions { MaxRetries = 0, Timeout = TimeSpan.FromSeconds(5) });

        await Assert.ThrowsAsync<ExtractorUnavailableException>(() => HandleAsync(id, new ExaminationExtraction([new RulesExtractor(), llm])));

        await using var query = ledger.Store.QuerySession();
        Assert.Equal(ExaminationStatus.Ingested, (await query.LoadAsync<ExaminationView>(id))!.Status);
    }
}
