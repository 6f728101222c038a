using EndoKED.Pipeline.Features.FrameLabels.Benchmarking;
using Xunit.Abstractions;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

// In the polyp collection so it does not compete for the two cores with the feature extraction there.
[Collection(PolypDataCollection.Name)]
public sealed class FrameLabelsBenchmarkTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void The_benchmark_prints_a_throughput_for_every_stage_and_its_bare_loop()
    {
        var dir = TestPaths.RequirePolypsData();
        var text = new StringWriter();

        FrameLabelsBenchmark.Run(dir, text, frameCount: 16);

        output.WriteLine(text.ToString());
        var lines = text.ToString().Split('\n');
        Assert.Equal(5, lines.Count(l => l.Contains("frames/s", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.Contains("bare InferenceSession.Run", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("NaN", StringComparison.Ordinal) || l.Contains("∞", StringComparison.Ordinal));
    }
}
