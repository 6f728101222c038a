using EndoKED.Pipeline.Features.Ingest.Reading;

namespace EndoKED.Pipeline.Features.Ingest.Ingesting;

/// <summary>What an ingest did. Rejections carry their reasons; nothing rejected was stored.</summary>
public sealed record IngestSummary
{
    public int ExaminationsAdded { get; init; }

    /// <summary>The streams this batch started (their reports are new to the ledger and wait to be read).</summary>
    public IReadOnlyList<Guid> AddedExaminationIds { get; init; } = [];
    public int ExaminationsUpdated { get; init; }
    public int ExaminationsUnchanged { get; init; }
    public int FramesAdded { get; init; }
    public int FramesAlreadyPresent { get; init; }
    public IReadOnlyList<Rejection> Rejected { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
    public TimeSpan Elapsed { get; init; }

    public IEnumerable<string> Lines()
    {
        yield return $"examinations: {ExaminationsAdded} added, {ExaminationsUpdated} updated, {ExaminationsUnchanged} already present";
        yield return $"frames: {FramesAdded} added, {FramesAlreadyPresent} already present, {Rejected.Count} item(s) rejected";
        foreach (var r in Rejected) yield return $"  rejected {r.Path}: {r.Reason}";
        foreach (var n in Notes) yield return $"  note: {n}";
        var rate = Elapsed.TotalSeconds > 0 ? FramesAdded / Elapsed.TotalSeconds : 0;
        yield return $"took {Elapsed.TotalSeconds:0.0} s ({rate:0.0} new frames/s)";
    }
}

public sealed record IngestProgress(int RecordsDone, int RecordsTotal, int FramesAdded, int Rejected);
