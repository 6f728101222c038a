using EndoKED.Bench.FrameLabels;
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

        FrameLabelsBenchmark.Run(dir, text, frameCount: 16, sam: new());

        output.WriteLine(text.ToString());
        var lines = text.ToString().Split('\n');
        var rows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| stage", StringComparison.Ordinal) && l.Contains(" frames/s |", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, rows.Count);
        foreach (var stage in new[] { "features", "MIL + CAM", "refiner", "whole chain" })
            Assert.Contains(rows, r => r.Contains(stage, StringComparison.Ordinal));
        // Features, CAM and the whole chain always have a bare ONNX Runtime loop beside them, with an overhead ratio.
        Assert.Equal(3, rows.Count(r => r.EndsWith("× |", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("NaN", StringComparison.Ordinal) || l.Contains("∞", StringComparison.Ordinal));
    }
}
