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
        // Decode, features, MIL + CAM, two extra CAM views, refiner, and the whole chain once per choice of CAM views.
        Assert.Equal(10, rows.Count);
        foreach (var stage in new[] { "features", "MIL + CAM", "view: 14x14", "view: mirrored", "refiner" })
            Assert.Contains(rows, r => r.Contains(stage, StringComparison.Ordinal));
        foreach (var views in new[] { "views=s32;", "views=s32+s16;", "views=s32+mirror;", "views=s32+s16+mirror;" })
            Assert.Contains(rows, r => r.Contains("whole chain", StringComparison.Ordinal) && r.Contains(views, StringComparison.Ordinal));
        // Features, CAM and each whole chain always have a bare ONNX Runtime loop beside them, with an overhead ratio.
        Assert.Equal(6, rows.Count(r => r.EndsWith("× |", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("NaN", StringComparison.Ordinal) || l.Contains("∞", StringComparison.Ordinal));
    }
}
