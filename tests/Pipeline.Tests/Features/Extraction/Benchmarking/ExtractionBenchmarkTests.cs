using EndoKED.Bench.Extraction;
using Xunit.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.Extraction.Benchmarking;

public sealed class ExtractionBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_benchmark_prints_a_row_for_the_rules_and_for_each_llm_concurrency()
    {
        using var writer = new StringWriter();
        await ExtractionBenchmark.RunAsync(writer, rulesReports: 500, llmReports: 40, CancellationToken.None);
        output.WriteLine(writer.ToString());

        var rows = writer.ToString().Split('\n').Where(l => l.StartsWith("| rules", StringComparison.Ordinal) || l.StartsWith("| llm", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.True(double.Parse(r.Split('|')[5], System.Globalization.CultureInfo.InvariantCulture) > 0));
    }
}
