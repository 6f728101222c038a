using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.Bench.Benchmarks;

/// <summary>Plain synthetic JPEG frames (384×288, textured, ten per examination folder) for throughput benchmarks.</summary>
public static class BenchFrames
{
    public static int Write(int frames, string root)
    {
        var exams = 0;
        var rng = new Random(42);
        for (var i = 0; i < frames; i++)
        {
            var dir = Path.Combine(root, $"exam-{i / 10:0000}");
            if (i % 10 == 0)
            {
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "report.txt"), $"Benchmark examination {i / 10}. No polyps.");
                exams++;
            }
            using var image = new Image<Rgb24>(384, 288);
            var phase = rng.NextDouble() * 6;
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        var v = Math.Sin((x * 0.05) + phase) * Math.Cos((y * 0.07) - phase);
                        row[x] = new Rgb24((byte)(170 + (60 * v)), (byte)(70 + (30 * v) + rng.Next(12)), (byte)(80 + rng.Next(12)));
                    }
                }
            });
            image.SaveAsJpeg(Path.Combine(dir, $"frame-{i % 10:00}.jpg"), new JpegEncoder { Quality = 90 });
        }
        return exams;
    }
}
