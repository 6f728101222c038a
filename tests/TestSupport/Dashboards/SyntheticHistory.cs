using EndoKED.Pipeline.Features.Dashboards.Tallying;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.TestSupport;

/// <summary>
/// A deterministic multi-centre history as the pipeline would leave it: examinations read and labelled, frames scored
/// and localised, masks proposed, some reviewed. Spread evenly over the <see cref="Weeks"/> whole weeks before this one. With
/// <paramref name="drift"/>, the last centre's records of the final week all show polyps (a jump the dashboards flag).
/// </summary>
public sealed class SyntheticHistory(int exams, int framesPerExam, DateTimeOffset now, int centres = 4, int seed = 7, bool drift = false)
{
    public const int Weeks = 26;
    private static readonly string[] RejectionCodes = ["BelowThreshold", "TouchesBorder", "TooSmall", "TooLarge", "Scattered"];
    private static readonly MaskRle Mask = BinaryMask.FromPredicate(8, 8, (x, y) => x is > 1 and < 6 && y is > 1 and < 6).ToEventMask();
    // Whole ISO weeks ending with the last complete one, so that week is full and judged for drift.
    private readonly DateTimeOffset _end = new(CentreWeek.StartOf(now).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public int Exams => exams;

    /// <summary>The events of examinations [from, to), each stream's events in order, examinations before their frames.</summary>
    public IEnumerable<(Guid Stream, object[] Events)> Streams(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var random = new Random(seed * 1_000_003 + i);
            var centre = $"centre-{(char)('a' + i % centres)}";
            var at = _end.AddSeconds(-(exams - i - 0.5) / exams * Weeks * 7 * 86400);
            var exam = Id(i, 0);
            var images = Enumerable.Range(1, framesPerExam).Select(f => Id(i, f)).ToList();
            var drifting = drift && i % centres == centres - 1 && at >= _end.AddDays(-7);
            var present = drifting || random.NextDouble() < 0.3 + 0.05 * (i % centres);
            var label = random.NextDouble() < 0.05 ? PolypLabel.Undecided : present ? PolypLabel.Present : PolypLabel.Absent;
            yield return (exam, [
                new ExaminationIngested(exam, centre, $"exam-{i}", $"P{i / 2}", null, "report", null, new Dictionary<string, string>(), "bench", at),
                new FramesAttached(exam, images, "bench", at),
                new FindingsExtracted(exam, "rules", "rules/1", "{}", present, 0.9, [], "sha", "rules/1", at),
                new ExaminationLabelProposed(exam, label, 0.9, "rules", [], ["rules/1"], label == PolypLabel.Undecided, "rules/1", at),
            ]);
            for (var f = 0; f < images.Count; f++)
                yield return (images[f], Frame(images[f], exam, centre, f, at, present, drifting, random));
        }
    }

    /// <summary>Appends the whole history through ordinary sessions (inline projections run): for tests and small demos.</summary>
    public async Task AppendAsync(Marten.IDocumentStore store, CancellationToken ct = default)
    {
        for (var from = 0; from < exams; from += 100)
        {
            await using var session = store.LightweightSession();
            foreach (var (stream, events) in Streams(from, Math.Min(from + 100, exams)))
                session.Events.StartStream(stream, events);
            await session.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// Bulk-inserts examinations <paramref name="from"/>..<paramref name="to"/> in chunks (no inline projection runs:
    /// benchmarks rebuild what they need); returns the number of events.
    /// </summary>
    public async Task<long> BulkInsertAsync(Marten.DocumentStore store, int from, int to, CancellationToken ct = default)
    {
        const int chunk = 1000;
        long count = 0;
        for (var start = from; start < to; start += chunk)
        {
            var actions = Streams(start, Math.Min(start + chunk, to))
                .Select(s => JasperFx.Events.StreamAction.Start((JasperFx.Events.IEventRegistry)store.Options.Events, s.Stream, s.Events)).ToList();
            count += actions.Sum(a => a.Events.Count);
            await store.BulkInsertEventsAsync(actions, 10_000, ct);
        }
        return count;
    }

    private static object[] Frame(Guid img, Guid exam, string centre, int ordinal, DateTimeOffset at, bool present, bool drifting, Random random)
    {
        var p = drifting ? 0.6 + random.NextDouble() * 0.4 : present ? random.NextDouble() : random.NextDouble() * 0.6;
        var events = new List<object>
        {
            new ImageIngested(img, exam, centre, img.ToString("N"), 40_000, 512, 512, "jpeg", $"f{ordinal}.jpg", ordinal, "bench", at),
            new ImageScored(img, exam, centre, "mil", "mil/1", p, "mil/1", at),
        };
        if (p < 0.5 || random.NextDouble() < 0.2)
        {
            var code = p < 0.5 ? RejectionCodes[0] : RejectionCodes[1 + random.Next(RejectionCodes.Length - 1)];
            events.Add(new ImageLocalised(img, exam, centre, null, code, code, "cam/1", "mil/1", at));
            return [.. events];
        }
        var box = new FrameBox(100, 100, 300, 300);
        events.Add(new ImageLocalised(img, exam, centre, box, null, null, "cam/1", "mil/1", at));
        events.Add(new MaskProposed(img, exam, centre, "embedded", "1", "embedded:1", box, Mask, 0.5 + random.NextDouble() / 2, null, "embedded:1", at));
        if (random.NextDouble() < 0.1)
        {
            var verdict = random.NextDouble() < 0.8 ? ReviewVerdict.Accept : ReviewVerdict.Correct;
            var later = at.AddDays(random.Next(0, 7));
            foreach (var reader in new[] { $"reader-{random.Next(5)}", $"reader-{5 + random.Next(5)}" })
                events.Add(new VoteCast(img, ReviewItemKind.Image, Guid.NewGuid(), centre, reader, verdict, null, Mask, ReviewReason.Agree, null, null, later));
            events.Add(new ConsensusReached(img, ReviewItemKind.Image, centre, verdict, null, null, Mask, ConsensusMethod.Consensus, [], [], "consensus:two-agreeing", later));
        }
        return [.. events];
    }

    private static Guid Id(int exam, int frame)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, exam);
        BitConverter.TryWriteBytes(bytes[4..], frame);
        bytes[15] = 0xDB;
        return new Guid(bytes);
    }
}
