using System.IO.Compression;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;

namespace EndoKED.Pipeline.Tests.Features.Ingest;

/// <summary>Decompression budgets: what a crafted archive is refused for, and that a real one passes the defaults.</summary>
[Collection(nameof(HeapMeasurements))]
public class ArchiveBudgetTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    [Fact]
    public void An_entry_packed_past_the_compression_ratio_limit_is_refused_before_it_is_unpacked()
    {
        using var zip = Zip(("exam-1/report.txt", "No polyps."u8.ToArray(), CompressionLevel.Optimal),
            ("exam-1/zeros.png", new byte[4 << 20], CompressionLevel.Optimal),
            ("exam-1/f1.png", TestFrames.Png(seed: 5), CompressionLevel.Optimal));

        var batch = ZipSource.Read(zip, new IngestLimits());

        var refused = Assert.Single(batch.Rejected);
        Assert.Equal("exam-1/zeros.png", refused.Path);
        Assert.Contains("compression-ratio limit", refused.Reason);
        Assert.Equal(["f1.png"], Assert.Single(batch.Records).Frames.Select(f => f.Name));
    }

    [Fact]
    public void A_real_archive_of_frames_and_reports_passes_the_default_budgets()
    {
        var entries = new List<(string, byte[], CompressionLevel)>();
        for (var e = 0; e < 3; e++)
        {
            entries.Add(($"batch/exam-{e}/report.txt", System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("No polyps seen. ", 2000))), CompressionLevel.Optimal));
            for (var f = 0; f < 4; f++)
                entries.Add(($"batch/exam-{e}/f{f}.jpg", TestFrames.Jpeg(seed: e * 10 + f), CompressionLevel.Optimal));
        }
        using var zip = Zip([.. entries]);

        var batch = ZipSource.Read(zip, new IngestLimits());

        Assert.Empty(batch.Rejected);
        Assert.Equal(3, batch.Records.Count);
    }

    [Fact]
    public void Entries_past_the_archive_budget_are_refused_each_with_the_reason()
    {
        using var zip = Zip(("e1/report.txt", "No polyps."u8.ToArray(), CompressionLevel.Optimal),
            ("e1/f1.png", TestFrames.Png(seed: 1), CompressionLevel.Optimal),
            ("e2/report.txt", "No polyps."u8.ToArray(), CompressionLevel.Optimal),
            ("e2/f2.png", TestFrames.Png(seed: 2), CompressionLevel.Optimal));
        var budget = zip.Entries.Take(2).Sum(e => e.Length);

        var batch = ZipSource.Read(zip, new IngestLimits { MaxArchiveUnpackedBytes = budget });

        Assert.Equal(["e1"], batch.Records.Select(r => r.SourceKey));
        Assert.Equal(["e2/f2.png", "e2/report.txt"], batch.Rejected.Where(r => r.Reason.Contains("budget")).Select(r => r.Path).Order());
    }

    [Fact]
    public async Task An_examination_past_its_budget_is_refused_with_the_reason_and_the_others_are_ingested()
    {
        using var zip = Zip(("big/report.txt", "A 4 mm polyp."u8.ToArray(), CompressionLevel.Optimal),
            ("big/f1.png", TestFrames.Png(seed: 21), CompressionLevel.Optimal), ("big/f2.png", TestFrames.Png(seed: 22), CompressionLevel.Optimal),
            ("small/report.txt", "No polyps."u8.ToArray(), CompressionLevel.Optimal), ("small/f1.png", TestFrames.Png(seed: 23), CompressionLevel.Optimal));
        var limits = new IngestLimits { MaxExaminationBytes = TestFrames.Png(seed: 21).Length * 3 / 2 };

        var summary = await ledger.Ingester(limits).IngestAsync(ZipSource.Read(zip, limits), "centre-budget", "test");

        Assert.Equal((1, 1), (summary.ExaminationsAdded, summary.FramesAdded));
        var refused = Assert.Single(summary.Rejected);
        Assert.Equal("big", refused.Path);
        Assert.Contains("budget per examination", refused.Reason);
        Assert.False(ledger.Files.Exists(LocalFileStore.Hash(TestFrames.Png(seed: 21))));
    }

    [Fact]
    public async Task Frames_stream_through_the_check_so_a_bomb_past_the_ratio_limit_holds_a_few_frames_in_memory_not_all()
    {
        // The ratio limit lifted: 24 entries of 16 MiB zeros reach the ingester, which must not hold them all at once.
        var path = HeapWatch.WriteBomb(Path.Combine(TestPaths.NewTempDir("bomb"), "bomb.zip"), entries: 24, entryBytes: 16 << 20);
        var limits = new IngestLimits { MaxCompressionRatio = double.MaxValue, Parallelism = 2 };
        using var zip = ZipFile.OpenRead(path);
        var batch = ZipSource.Read(zip, limits);

        long peak;
        IngestSummary summary;
        await using (var watch = new HeapWatch())
        {
            summary = await ledger.Ingester(limits).IngestAsync(batch, "centre-bomb", "test");
            peak = watch.PeakGrowth;
        }

        Assert.Equal(24, summary.Rejected.Count(r => r.Reason.Contains("not an image")));
        Assert.Equal(1, summary.ExaminationsAdded);
        // 24 × 16 MiB = 384 MiB if the frames were all read before the first is checked; (2 + 1) × 16 MiB when they stream.
        Assert.True(peak < 128L << 20, $"the live heap grew by {peak >> 20} MiB while the bomb was ingested (bound: 128 MiB)");
    }

    private static ZipArchive Zip(params (string Name, byte[] Bytes, CompressionLevel Level)[] entries)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes, level) in entries)
            {
                using var s = zip.CreateEntry(name, level).Open();
                s.Write(bytes);
            }
        ms.Position = 0;
        return new ZipArchive(ms, ZipArchiveMode.Read);
    }
}
