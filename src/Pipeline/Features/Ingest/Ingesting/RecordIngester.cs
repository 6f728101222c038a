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
/// Turns source records into Examination and Image streams. An examination's events and its frames' events commit in the
/// same transaction (several examinations share one, up to <see cref="IngestLimits.ExaminationsPerCommit"/>). Stream ids
/// are derived from the source, so a second ingest of the same records appends nothing; a record that brings new frames
/// only appends those. A chunk's transaction commits while the next chunk's frames are read and decoded. Frames stream through: each is read once, hashed, decoded once on one of
/// <see cref="IngestLimits.Parallelism"/> workers and written to the file store, so at most that many (plus the one being
/// read) are in memory, whatever the size of the examination or the archive.
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
        var run = new Run(batch.Rejected);
        var records = batch.Records;
        var done = 0;
        Prepared? committing = null; // the previous chunk, saving while the next one's frames are read and decoded
        try
        {
            for (var start = 0; start < records.Count;)
            {
                ct.ThrowIfCancellationRequested();
                // A chunk never holds the same examination twice: the second one must see the first one committed.
                var chunk = new List<(SourceRecord Record, Guid ExamId)>();
                var ids = new HashSet<Guid>();
                while (start < records.Count && chunk.Count < Math.Max(1, limits.ExaminationsPerCommit))
                {
                    var id = StableIds.Examination(centreId, records[start].SourceKey);
                    if (!ids.Add(id)) break;
                    chunk.Add((records[start++], id));
                }
                if (committing is not null && committing.Ids.Overlaps(ids))
                    done = await FinishAsync(Take(ref committing), done);
                var prepared = await PrepareChunkAsync(chunk, ids, centreId, actor, run, ct);
                if (committing is not null)
                    done = await FinishAsync(Take(ref committing), done);
                prepared.Saving = prepared.Session.SaveChangesAsync(ct);
                committing = prepared;
            }
            if (committing is not null)
                done = await FinishAsync(Take(ref committing), done);
        }
        finally
        {
            if (committing is not null)
            {
                // A failure while the next chunk was read: the save in flight still ends before its session goes.
                await (committing.Saving ?? Task.CompletedTask).ContinueWith(_ => { }, TaskScheduler.Default);
                await committing.Session.DisposeAsync();
            }
        }

        async Task<int> FinishAsync(Prepared p, int doneBefore)
        {
            try
            {
                await p.Saving!;
            }
            finally
            {
                await p.Session.DisposeAsync();
            }
            foreach (var o in p.Outcomes) o();
            var doneNow = doneBefore + p.Ids.Count;
            if (progress is not null)
                await progress(new IngestProgress(doneNow, records.Count, run.FramesAdded, run.Rejected.Count));
            return doneNow;
        }

        return new IngestSummary
        {
            ExaminationsAdded = run.AddedIds.Count, AddedExaminationIds = run.AddedIds, ExaminationsUpdated = run.Updated,
            ExaminationsUnchanged = run.Unchanged, FramesAdded = run.FramesAdded, FramesAlreadyPresent = run.FramesPresent,
            Rejected = run.Rejected, Notes = run.Notes, Elapsed = watch.Elapsed,
        };
    }

    private sealed class Run(IEnumerable<Rejection> rejected)
    {
        public List<Rejection> Rejected { get; } = [.. rejected];
        public List<string> Notes { get; } = [];
        public List<Guid> AddedIds { get; } = [];
        public int Updated, Unchanged, FramesAdded, FramesPresent;
    }

    private static Prepared Take(ref Prepared? slot)
    {
        var p = slot!;
        slot = null;
        return p;
    }

    /// <summary>A chunk's events, in their session, ready to save; what to count once they are saved.</summary>
    private sealed class Prepared(IDocumentSession session, HashSet<Guid> ids, List<Action> outcomes)
    {
        public IDocumentSession Session { get; } = session;
        public HashSet<Guid> Ids { get; } = ids;
        public List<Action> Outcomes { get; } = outcomes;
        public Task? Saving { get; set; }
    }

    private sealed record CheckedFrame(SourceFile File, string Sha, long Length, FrameCheck Check);

    private sealed record Pending(SourceRecord Record, Guid ExamId, string Report, string? Pathology, ExamMetadata? Meta, List<Task<CheckedFrame>> Frames);

    private async Task<Prepared> PrepareChunkAsync(
        List<(SourceRecord Record, Guid ExamId)> chunk, HashSet<Guid> ids, string centreId, string actor, Run run, CancellationToken ct)
    {
        var session = store.LightweightSession();
        try
        {
            return await PrepareChunkAsync(session, chunk, ids, centreId, actor, run, ct);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task<Prepared> PrepareChunkAsync(IDocumentSession session,
        List<(SourceRecord Record, Guid ExamId)> chunk, HashSet<Guid> ids, string centreId, string actor, Run run, CancellationToken ct)
    {
        var existing = (await session.LoadManyAsync<ExaminationView>(ct, chunk.Select(c => c.ExamId).ToArray())).ToDictionary(e => e.Id);
        using var slots = new SemaphoreSlim(Math.Max(1, limits.Parallelism));

        // Read every frame of the chunk in order (zip entries cannot be read in parallel) while workers check and store them.
        var pending = new List<Pending>();
        try
        {
            foreach (var (record, examId) in chunk)
            {
                var text = ReadTexts(record, run.Rejected);
                if (text is null) continue;
                var budget = record.Frames.Sum(f => f.Length) + (record.Report?.Length ?? 0) + (record.Pathology?.Length ?? 0) + (record.ExamJson?.Length ?? 0);
                if (budget > limits.MaxExaminationBytes)
                {
                    run.Rejected.Add(new Rejection(record.DisplayPath,
                        $"examination not ingested: it unpacks to {budget:N0} bytes, over the {limits.MaxExaminationBytes:N0}-byte budget per examination"));
                    continue;
                }
                HashSet<Guid> known = existing.GetValueOrDefault(examId)?.ImageIds.ToHashSet() ?? [];
                var frames = new List<Task<CheckedFrame>>(record.Frames.Count);
                foreach (var file in record.Frames)
                {
                    await slots.WaitAsync(ct);
                    byte[] bytes;
                    try
                    {
                        bytes = file.Length > limits.MaxFrameBytes ? [] : file.ReadBounded(limits.MaxFrameBytes);
                    }
                    catch (Exception e) when (e is InvalidDataException or IOException)
                    {
                        slots.Release();
                        frames.Add(Task.FromResult(new CheckedFrame(file, "", 0, FrameCheck.Reject($"could not be read: {e.Message}"))));
                        continue;
                    }
                    frames.Add(Task.Run(() =>
                    {
                        try { return CheckAndStore(file, bytes, examId, known); }
                        finally { slots.Release(); }
                    }, ct));
                }
                pending.Add(new Pending(record, examId, text.Value.Report, text.Value.Pathology, text.Value.Meta, frames));
            }
        }
        finally
        {
            // Never leave a worker running past this chunk (a cancelled or failed read still waits for them).
            await Task.WhenAll(pending.SelectMany(p => p.Frames)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var now = clock.GetUtcNow();
        var outcomes = new List<Action>();
        foreach (var p in pending)
        {
            var frames = p.Frames.Select(t => t.Result).ToList();
            foreach (var f in frames.Where(f => !f.Check.Accepted))
                run.Rejected.Add(new Rejection(f.File.DisplayPath, f.Check.Rejection!));
            var good = frames.Where(f => f.Check.Accepted).DistinctBy(f => f.Sha).ToList();
            var view = existing.GetValueOrDefault(p.ExamId);
            var fresh = good.Where(f => f.Check != FrameCheck.Known).ToList();
            if (view is not null && fresh.Count == 0)
            {
                run.Unchanged++;
                run.FramesPresent += good.Count;
                continue;
            }
            if (view is not null && view.ReportText != p.Report)
                run.Notes.Add($"{p.Record.DisplayPath}: the report differs from the one already in the ledger; the ledger's is kept");

            var ordinal = view?.FrameCount ?? 0;
            var imageIds = new List<Guid>();
            foreach (var f in fresh)
            {
                var imageId = StableIds.Image(p.ExamId, f.Sha);
                imageIds.Add(imageId);
                session.Events.StartStream<ImageView>(imageId, new ImageIngested(
                    imageId, p.ExamId, centreId, f.Sha, f.Length, f.Check.Width, f.Check.Height, f.Check.Format!,
                    f.File.Name, ordinal++, actor, now));
            }
            var attached = new FramesAttached(p.ExamId, imageIds, actor, now);
            if (view is null)
            {
                var ingested = new ExaminationIngested(p.ExamId, centreId, p.Record.SourceKey,
                    p.Meta?.PatientId ?? p.Record.PatientId ?? "anon-" + StableIds.From("patient", centreId, p.Record.SourceKey).ToString("N")[..12],
                    p.Meta?.Date ?? RecordText.ParseDate(p.Record.Date).Date, p.Report, p.Pathology,
                    p.Meta?.Extra ?? new Dictionary<string, string>(), actor, now);
                session.Events.StartStream<ExaminationView>(p.ExamId, imageIds.Count > 0 ? [ingested, attached] : [ingested]);
                outcomes.Add(() => run.AddedIds.Add(p.ExamId));
            }
            else
            {
                session.Events.Append(p.ExamId, attached);
                outcomes.Add(() => run.Updated++);
            }
            var (added, present) = (fresh.Count, good.Count - fresh.Count);
            outcomes.Add(() => { run.FramesAdded += added; run.FramesPresent += present; });
        }
        // The frames' blobs are already stored: a blob without an event is harmless (content-addressed), an event without its blob is not.
        return new Prepared(session, ids, outcomes);
    }

    private CheckedFrame CheckAndStore(SourceFile file, byte[] bytes, Guid examId, HashSet<Guid> known)
    {
        if (file.Length > limits.MaxFrameBytes || bytes.LongLength > limits.MaxFrameBytes)
            return new CheckedFrame(file, "", 0, FrameCheck.Reject($"file is over the {limits.MaxFrameBytes:N0}-byte limit"));
        var sha = LocalFileStore.Hash(bytes);
        // Frames already in the ledger are recognised by their hash and not decoded again.
        if (known.Contains(StableIds.Image(examId, sha)))
            return new CheckedFrame(file, sha, bytes.LongLength, FrameCheck.Known);
        var check = _inspector.Inspect(bytes, file.Name);
        if (!check.Accepted)
            return new CheckedFrame(file, "", 0, check);
        files.PutHashed(bytes, sha);
        return new CheckedFrame(file, sha, bytes.LongLength, check);
    }

    private (string Report, string? Pathology, ExamMetadata? Meta)? ReadTexts(SourceRecord record, List<Rejection> rejected)
    {
        string? error;
        string? report = null, pathology = null;
        ExamMetadata? meta = null;
        try
        {
            error = TryReadTexts(record, out report, out pathology, out meta);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            error = e.Message;
        }
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
}
