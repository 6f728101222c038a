using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Bench.FrameLabels;

/// <summary>The bare loops the wrappers are measured against, and the rows of the table.</summary>
internal static class BenchTable
{
    /// <summary>Batches of already prepared inputs through one session: the floor for a wrapper over that session.</summary>
    public static void BareLoop(InferenceSession session, string input, string[] outputs, IReadOnlyList<float[]> items, long[] itemShape, int batch)
    {
        var per = items[0].Length;
        using var run = new RunOptions();
        for (var start = 0; start < items.Count; start += batch)
        {
            var n = Math.Min(batch, items.Count - start);
            var data = new float[n * per];
            for (var i = 0; i < n; i++)
                items[start + i].CopyTo(data, i * per);
            using var tensor = OrtValue.CreateTensorValueFromMemory(data, [n, .. itemShape]);
            using var results = session.Run(run, [input], [tensor], outputs);
        }
    }

    public static void Header(TextWriter output)
    {
        output.WriteLine("| stage | frames | wrapped frames/s | bare InferenceSession.Run frames/s | overhead (wrapped time / bare time) |");
        output.WriteLine("|---|---:|---:|---:|---:|");
    }

    public static void Row(TextWriter output, string stage, int frames, TimeSpan wrapped, TimeSpan? bare)
    {
        var bareRate = bare is { } b ? $"{frames / b.TotalSeconds:F1}" : "n/a";
        var overhead = bare is { } c ? $"{wrapped.TotalSeconds / c.TotalSeconds:F2}×" : "n/a";
        output.WriteLine($"| {stage} | {frames} | {frames / wrapped.TotalSeconds:F1} frames/s | {bareRate} | {overhead} |");
    }
}
