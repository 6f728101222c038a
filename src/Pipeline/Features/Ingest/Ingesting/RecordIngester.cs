using System.Diagnostics;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Ingest.Ingesting;

/// <summary>
/// Turns source records into Examination and Image streams. Each examination is one transaction: its events and its
/// frames' events commit together or not at all. Stream ids are derived from the source, so a second ingest of the same
/// records appends nothing; a record that brings new frames only appends those.
/// </summary>
public sealed class RecordIngester(IDocumentStore store, IFileStore files, IngestLimits limits, TimeProvider clock)
{
    private readonly FrameInspector _inspector = new(limits);

    public async Task<IngestSummary> IngestAsync(
        SourceBatch batch, string centreId, string actor, Func<IngestProgress, Task>? progress = null, CancellationToken ct = default)
    {
        if (!CentreIds.IsValidId(centreId))
            throw new ArgumentException($"'{centreId}' is not a valid centre id (lower-case letters, digits, '-' and '_').", nameof(centreId));

        var watch = Stopwatch.StartNew();
        var rejected = new List<Rejection>(batch.Rejected);
        var notes = new List<string>();
        var addedIds = new List<Guid>();
        int added = 0, updated = 0, unchanged = 0, framesAdded = 0, framesPresent = 0, done = 0;

        foreach (var record in batch.Records)
        {
            ct.ThrowIfCancellationRequested();
            var outcome = await IngestRecordAsync(record, centreId, actor, rejected, notes, ct);
            switch (outcome.Kind)
            {
                case RecordOutcome.Added: added++; addedIds.Add(outcome.ExaminationId); break;
                case RecordOutcome.Updated: updated++; break;
                case RecordOutcome.Unchanged: unchanged++; break;
            }
            framesAdded += outcome.FramesAdded;
            framesPresent += outcome.FramesPresent;
            done++;
            if (progress is not null)
                await progress(new IngestProgress(done, batch.Records.Count, framesAdded, rejected.Count));
        }

        return new IngestSummary
        {
            ExaminationsAdded = added, AddedExaminationIds = addedIds, ExaminationsUpdated = updated, ExaminationsUnchanged = unchanged,
            FramesAdded = framesAdded, FramesAlreadyPresent = framesPresent,
            Rejected = rejected, Notes = notes, Elapsed = watch.Elapsed,
        };
    }

    private enum RecordOutcome { Rejected, Added, Updated, Unchanged }

    private sealed record Result(RecordOutcome Kind, int FramesAdded = 0, int FramesPresent = 0, Guid ExaminationId = default);

    private sealed record CheckedFrame(SourceFile File, byte[] Bytes, string Sha, FrameCheck Check);

    private async Task<Result> IngestRecordAsync(
        SourceRecord record, string centreId, string actor, List<Rejection> rejected, List<string> notes, CancellationToken ct)
    {
        var text = ReadTexts(record, rejected);
        if (text is null) return new Result(RecordOutcome.Rejected);
        var (report, pathology, meta) = text.Value;

        var examId = StableIds.Examination(centreId, record.SourceKey);
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        var existing = await session.LoadAsync<ExaminationView>(examId, ct);
        var known = existing?.ImageIds.ToHashSet() ?? [];

        // Frames already in the ledger are recognised by their hash and not decoded again.
        var frames = await CheckFramesAsync(record.Frames, sha => known.Contains(StableIds.Image(examId, sha)), ct);
        foreach (var f in frames.Where(f => !f.Check.Accepted))
            rejected.Add(new Rejection(f.File.DisplayPath, f.Check.Rejection!));
        var good = frames.Where(f => f.Check.Accepted).DistinctBy(f => f.Sha).ToList();
        var fresh = good.Where(f => !known.Contains(StableIds.Image(examId, f.Sha))).ToList();

        if (existing is not null && fresh.Count == 0)
            return new Result(RecordOutcome.Unchanged, 0, good.Count);

        if (existing is not null && existing.ReportText != report)
            notes.Add($"{record.DisplayPath}: the report differs from the one already in the ledger; the ledger's is kept");

        // Frames first: a blob without an event is harmless (content-addressed), an event without its blob is not.
        foreach (var f in fresh)
            await files.PutAsync(f.Bytes, ct);

        var ordinal = existing?.FrameCount ?? 0;
        var imageIds = new List<Guid>();
        foreach (var f in fresh)
        {
            var imageId = StableIds.Image(examId, f.Sha);
            imageIds.Add(imageId);
            session.Events.StartStream<ImageView>(imageId, new ImageIngested(
                imageId, examId, centreId, f.Sha, f.Bytes.LongLength, f.Check.Width, f.Check.Height, f.Check.Format!,
                f.File.Name, ordinal++, actor, now));
        }

        var attached = new FramesAttached(examId, imageIds, actor, now);
        if (existing is null)
        {
            var ingested = new ExaminationIngested(examId, centreId, record.SourceKey,
                meta?.PatientId ?? record.PatientId ?? "anon-" + StableIds.From("patient", centreId, record.SourceKey).ToString("N")[..12],
                meta?.Date ?? RecordText.ParseDate(record.Date).Date, report, pathology,
                meta?.Extra ?? new Dictionary<string, string>(), actor, now);
            session.Events.StartStream<ExaminationView>(examId, imageIds.Count > 0 ? [ingested, attached] : [ingested]);
        }
        else
        {
            session.Events.Append(examId, attached);
        }
        await session.SaveChangesAsync(ct);
        return new Result(existing is null ? RecordOutcome.Added : RecordOutcome.Updated, fresh.Count, good.Count - fresh.Count, examId);
    }

    private (string Report, string? Pathology, ExamMetadata? Meta)? ReadTexts(SourceRecord record, List<Rejection> rejected)
    {
        var error = TryReadTexts(record, out var report, out var pathology, out var meta);
        if (error is null) return (report!, pathology, meta);
        rejected.Add(new Rejection(record.DisplayPath, $"examination not ingested: {error}"));
        return null;
    }

    /// <summary>Returns the reason the record's texts cannot be used, or null with the texts read.</summary>
    private string? TryReadTexts(SourceRecord record, out string? report, out string? pathology, out ExamMetadata? meta)
    {
        report = record.ReportText;
        pathology = record.PathologyText;
        meta = null;
        string? error;
        if (record.Report is not null)
        {
            (report, error) = RecordText.Read(record.Report, limits.MaxTextBytes);
            if (error is not null) return error;
        }
        if (string.IsNullOrWhiteSpace(report)) return "the report is empty";
        if (record.Pathology is not null)
        {
            (pathology, error) = RecordText.Read(record.Pathology, limits.MaxTextBytes);
            if (error is not null) return error;
        }
        if (string.IsNullOrWhiteSpace(pathology)) pathology = null;
        if (record.ExamJson is not null)
        {
            (var json, error) = RecordText.Read(record.ExamJson, limits.MaxTextBytes);
            if (error is not null) return error;
            (meta, error) = RecordText.ParseExamJson(json!);
            return error;
        }
        return RecordText.ParseDate(record.Date).Error;
    }

    private async Task<List<CheckedFrame>> CheckFramesAsync(IReadOnlyList<SourceFile> sources, Func<string, bool> alreadyKnown, CancellationToken ct)
    {
        // Read sequentially (zip entries cannot be opened in parallel), decode in parallel.
        var read = new List<(SourceFile File, byte[] Bytes)>(sources.Count);
        foreach (var s in sources)
            read.Add((s, s.Length > limits.MaxFrameBytes ? new byte[limits.MaxFrameBytes + 1] : s.ReadBounded(limits.MaxFrameBytes)));

        var results = new CheckedFrame[read.Count];
        await Parallel.ForAsync(0, read.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, limits.Parallelism), CancellationToken = ct },
            (i, _) =>
            {
                var (file, bytes) = read[i];
                if (bytes.LongLength > limits.MaxFrameBytes)
                {
                    results[i] = new CheckedFrame(file, bytes, "", FrameCheck.Reject($"file is over the {limits.MaxFrameBytes:N0}-byte limit"));
                    return ValueTask.CompletedTask;
                }
                var sha = LocalFileStore.Hash(bytes);
                var check = alreadyKnown(sha) ? FrameCheck.Known : _inspector.Inspect(bytes, file.Name);
                results[i] = new CheckedFrame(file, bytes, check.Accepted ? sha : "", check);
                return ValueTask.CompletedTask;
            });
        return [.. results];
    }
}
