using EndoKED.Pipeline.Infrastructure;
using EndoKED.Shared.Events;
using Marten.Events.Aggregation;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;

// Stored as numbers in the view documents: new statuses go at the end.
public enum SelfTrainingRoundStatus { Requested, Running, Completed, Failed, Cancelled }

/// <summary>One centre's share of a round: frames judged, new masks, frames that kept their mask, by reason.</summary>
public sealed record SelfTrainingCentreCounts(string Centre, int Considered, int NewMasks, int Kept, IReadOnlyList<SelfTrainingReasonCount> KeptReasons);

/// <summary>
/// Read model of one ledger self-training round: what was asked (student, minimum quality, centres), the refiner and
/// the progress as counters (per centre, and kept frames by reason). The frames' own outcomes stay in the round's
/// events (<see cref="SelfTrainingFramesJudged"/>), so the document does not grow with the frames. A pure fold.
/// </summary>
public sealed record SelfTrainingRoundView
{
    public Guid Id { get; init; }
    public int Round { get; init; }
    public Guid? ModelId { get; init; }
    public string? ModelVersion { get; init; }
    public string? OnnxSha256 { get; init; }
    public double MinQuality { get; init; }
    public IReadOnlyList<string> Centres { get; init; } = [];
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public SelfTrainingRoundStatus Status { get; init; }
    public string? Refiner { get; init; }
    public int FramesTotal { get; init; }
    public int FramesConsidered { get; init; }
    public int NewMasks { get; init; }
    public int Kept { get; init; }
    public IReadOnlyList<SelfTrainingReasonCount> KeptReasons { get; init; } = [];
    public IReadOnlyList<SelfTrainingCentreCounts> CentreCounts { get; init; } = [];
    public double WorkSeconds { get; init; }
    public string? FailureReason { get; init; }
    /// <summary>The admin who asked to cancel the round, while the worker has not stopped it yet (and after).</summary>
    public string? CancelRequestedBy { get; init; }
    public DateTimeOffset? CancelRequestedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public long Version { get; set; }

    public bool IsOver => Status is SelfTrainingRoundStatus.Completed or SelfTrainingRoundStatus.Failed or SelfTrainingRoundStatus.Cancelled;

    /// <summary>An admin asked to cancel it and the worker has not stopped it yet: it judges no further batch.</summary>
    public bool IsStopping => CancelRequestedAt is not null && !IsOver;

    /// <summary>The provenance of the round's mask proposals.</summary>
    public string Provenance => SelfTrainingRoundProvenance.Of(Round, OnnxSha256 ?? "none");
}

/// <summary>
/// The provenance a ledger round's proposals carry: <c>round:&lt;n&gt;;student:&lt;ONNX SHA-256&gt;;box:student</c>. The
/// round number comes first so that the rounds table groups each round as its own proposer; the student and the box
/// source say which model drew the box (the refiner that drew the mask is the proposal's Refiner and RefinerVersion).
/// </summary>
public static class SelfTrainingRoundProvenance
{
    public const string Prefix = "round:";

    public static string Of(int round, string onnxSha256) => $"{Prefix}{round};student:{onnxSha256};box:student";

    /// <summary>The round number of such a provenance; null for any other.</summary>
    public static int? RoundOf(string provenance)
    {
        if (!provenance.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var end = provenance.IndexOf(';', StringComparison.Ordinal);
        return int.TryParse(provenance.AsSpan(Prefix.Length, (end < 0 ? provenance.Length : end) - Prefix.Length),
            System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>The stream id of round <paramref name="round"/>: one per number, so two requests cannot both open it.</summary>
    public static Guid StreamOf(int round) => StableIds.From("self-training-round", round.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>Pure fold of a round's stream.</summary>
public sealed partial class SelfTrainingRoundProjection : SingleStreamProjection<SelfTrainingRoundView, Guid>
{
    public static SelfTrainingRoundView Create(SelfTrainingRoundRequested e) => new()
    {
        Id = e.RoundId, Round = e.Round, ModelId = e.ModelId, ModelVersion = e.ModelVersion, OnnxSha256 = e.OnnxSha256,
        MinQuality = e.MinQuality, Centres = e.Centres, RequestedBy = e.Actor, RequestedAt = e.At, UpdatedAt = e.At,
        Status = SelfTrainingRoundStatus.Requested,
    };

    public static SelfTrainingRoundView Apply(SelfTrainingRoundStarted e, SelfTrainingRoundView v) => v with
    {
        Status = SelfTrainingRoundStatus.Running, Refiner = e.Refiner, FramesTotal = e.Frames, UpdatedAt = e.At,
    };

    public static SelfTrainingRoundView Apply(SelfTrainingFramesJudged e, SelfTrainingRoundView v)
    {
        var centres = Add(v.CentreCounts, e.Frames);
        return Totals(v, centres) with { WorkSeconds = v.WorkSeconds + e.Seconds, UpdatedAt = e.At };
    }

    public static SelfTrainingRoundView Apply(SelfTrainingRoundCompleted e, SelfTrainingRoundView v) => v with
    {
        Status = SelfTrainingRoundStatus.Completed, UpdatedAt = e.At, EndedAt = e.At,
    };

    public static SelfTrainingRoundView Apply(SelfTrainingRoundFailed e, SelfTrainingRoundView v) => v with
    {
        Status = SelfTrainingRoundStatus.Failed, FailureReason = e.Reason, UpdatedAt = e.At, EndedAt = e.At,
    };

    public static SelfTrainingRoundView Apply(SelfTrainingRoundCancelRequested e, SelfTrainingRoundView v) => v with
    {
        CancelRequestedBy = e.Actor, CancelRequestedAt = e.At, UpdatedAt = e.At,
    };

    public static SelfTrainingRoundView Apply(SelfTrainingRoundCancelled e, SelfTrainingRoundView v) => v with
    {
        Status = SelfTrainingRoundStatus.Cancelled, UpdatedAt = e.At, EndedAt = e.At,
    };

    /// <summary>The round's totals from its per-centre counters (all of them, or those a caller may see).</summary>
    public static SelfTrainingRoundView Totals(SelfTrainingRoundView v, IReadOnlyList<SelfTrainingCentreCounts> centres) => v with
    {
        CentreCounts = centres, FramesConsidered = centres.Sum(c => c.Considered), NewMasks = centres.Sum(c => c.NewMasks),
        Kept = centres.Sum(c => c.Kept), KeptReasons = Merge(centres.SelectMany(c => c.KeptReasons)),
    };

    private static IReadOnlyList<SelfTrainingCentreCounts> Add(IReadOnlyList<SelfTrainingCentreCounts> counts, IReadOnlyList<SelfTrainingFrameOutcome> frames)
    {
        var byCentre = counts.ToDictionary(c => c.Centre, StringComparer.Ordinal);
        foreach (var g in frames.GroupBy(f => f.CentreId, StringComparer.Ordinal))
        {
            var c = byCentre.GetValueOrDefault(g.Key) ?? new SelfTrainingCentreCounts(g.Key, 0, 0, 0, []);
            var kept = g.Where(f => !f.Taken).Select(f => new SelfTrainingReasonCount(f.Code ?? "", 1));
            byCentre[g.Key] = c with
            {
                Considered = c.Considered + g.Count(), NewMasks = c.NewMasks + g.Count(f => f.Taken), Kept = c.Kept + g.Count(f => !f.Taken),
                KeptReasons = Merge(c.KeptReasons.Concat(kept)),
            };
        }
        return [.. byCentre.Values.OrderBy(c => c.Centre, StringComparer.Ordinal)];
    }

    private static IReadOnlyList<SelfTrainingReasonCount> Merge(IEnumerable<SelfTrainingReasonCount> counts) =>
        [.. counts.GroupBy(r => r.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SelfTrainingReasonCount(g.Key, g.Sum(r => r.Frames)))];
}
