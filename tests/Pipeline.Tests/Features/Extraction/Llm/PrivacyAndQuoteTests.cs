using EndoKED.Pipeline.Features.Extraction.Llm;
using Microsoft.Extensions.AI;

namespace EndoKED.Pipeline.Tests.Features.Extraction.Llm;

public sealed class PrivacyAndQuoteTests
{
    [Theory]
    [InlineData("a 5 mm polyp in the sigmoid", "A 5 mm polyp in the sigmoid")]
    [InlineData("5 mm  polyp\nin the SIGMOID", "5 mm polyp in the sigmoid")]
    [InlineData("乙状结肠见一枚约0.6cm息肉", "乙状结肠见一枚约0.6cm息肉")]
    public void Quotes_are_found_exactly_or_ignoring_case_and_spacing(string text, string quote)
    {
        var at = QuoteLocator.Locate(quote, "Findings: " + text + ". Otherwise normal.");

        Assert.NotNull(at);
        var found = ("Findings: " + text + ". Otherwise normal.")[at.Value.Start..at.Value.End];
        Assert.Equal(string.Join(' ', quote.ToLowerInvariant().Split()), string.Join(' ', found.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void A_quote_the_text_does_not_hold_is_not_found() =>
        Assert.Null(QuoteLocator.Locate("a 7 mm polyp", "A 5 mm polyp in the sigmoid."));

    [Fact]
    public void Redaction_hides_names_ids_and_dates_and_maps_spans_back_to_the_original()
    {
        const string original = "Patient: John Smith, MRN: AB123456, seen 2024-03-05. A 5 mm polyp in the rectum.";
        var red = new Deidentifier(new LlmOptions().DeidentificationPatterns).Redact(original);

        Assert.DoesNotContain("John", red.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("AB123456", red.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2024-03-05", red.Text, StringComparison.Ordinal);
        var at = QuoteLocator.Locate("A 5 mm polyp in the rectum", red.Text)!.Value;
        var (s, e) = red.ToOriginal(at.Start, at.End);
        Assert.Equal("A 5 mm polyp in the rectum", original[s..e]);
        var name = QuoteLocator.Locate("Patient: [NAME]", red.Text)!.Value;
        var (ns, ne) = red.ToOriginal(name.Start, name.End);
        Assert.Equal("Patient: John Smith", original[ns..ne]);
    }

    [Fact]
    public async Task With_deidentification_the_model_never_sees_the_name_and_spans_still_fit_the_original()
    {
        const string report = "姓名：王小明 住院号：ZY20240001\n乙状结肠见一枚约0.6cm息肉，予以切除。";
        string? seen = null;
        await using var server = await FakeOllamaServer.StartAsync((r, _) =>
        {
            seen = r.LastUserMessage;
            return Task.FromResult(RulesAsModel.Answer(r.LastUserMessage));
        });
        var options = new LlmOptions { Deidentify = true, InitialBackoff = TimeSpan.FromMilliseconds(10) };
        using var llm = OllamaExtractorFactory.Create(server.Endpoint.ToString(), "m", options);

        var f = await llm.ExtractAsync(new("z1", report, null), CancellationToken.None);

        Assert.DoesNotContain("王小明", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("ZY20240001", seen, StringComparison.Ordinal);
        Assert.True(f.PolypPresent);
        Assert.Contains("息肉", f.Evidence[0].TextIn(report, null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fake_server_also_speaks_ollamas_streaming_format()
    {
        await using var server = await FakeOllamaServer.StartAsync((_, _) => Task.FromResult("{\"hello\":\"world\"}"));
        using var client = new OllamaSharp.OllamaApiClient(new HttpClient { BaseAddress = server.Endpoint }, "m");

        var text = "";
        await foreach (var update in ((IChatClient)client).GetStreamingResponseAsync("hi"))
            text += update.Text;

        Assert.Equal("{\"hello\":\"world\"}", text);
    }
}
