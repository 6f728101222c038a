using System.IO.Compression;

namespace EndoKED.TestSupport;

/// <summary>
/// The peak growth of the live managed heap while something runs: a background loop forces a full collection and reads
/// the heap every few milliseconds, so garbage does not count and what the work holds on to does.
/// </summary>
public sealed class HeapWatch : IAsyncDisposable
{
    private readonly long _baseline = GC.GetTotalMemory(forceFullCollection: true);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    /// <param name="intervalMs">Between samples; each is a full blocking collection, so long work samples less often.</param>
    public HeapWatch(int intervalMs = 20) => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try { await Task.Delay(intervalMs, _stop.Token); } catch (OperationCanceledException) { }
        }
    });

    private void Sample()
    {
        var now = GC.GetTotalMemory(forceFullCollection: true) - _baseline;
        if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
    }

    /// <summary>The largest growth seen so far, in bytes.</summary>
    public long PeakGrowth => Interlocked.Read(ref _peak);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>
    /// A decompression bomb: one examination whose <paramref name="entries"/> frames are each <paramref name="entryBytes"/>
    /// of zeros (about 1000:1), every one under the frame limit, written to a file.
    /// </summary>
    public static string WriteBomb(string path, int entries, int entryBytes, string extension = ".png")
    {
        var zeros = new byte[entryBytes];
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var report = zip.CreateEntry("bomb/exam-1/report.txt").Open())
                report.Write("A 4 mm polyp in the rectum."u8);
            for (var i = 0; i < entries; i++)
            {
                using var s = zip.CreateEntry($"bomb/exam-1/frame-{i:00}{extension}", CompressionLevel.Fastest).Open();
                s.Write(zeros);
            }
        }
        return path;
    }
}
