using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Features.Review.History;

/// <summary>An item's label as it was after a given event.</summary>
/// <param name="StandingVotes">How many readers had a standing vote then; null while the caller is blinded.</param>
/// <param name="CentreId">The item's centre (for the access log).</param>
public sealed record LabelSnapshot(
    Guid Id, ReviewItemKind Kind, long Version, ReviewStage Stage, PolypLabel? ProposedLabel, MaskRle? ProposedMask,
    int? StandingVotes, ConsensusReached? Final, string CentreId = "")
{
    /// <summary>The label in force then: the final one when there was one, else the machines' proposal.</summary>
    public PolypLabel? Label => Final is { } f ? f.Label : ProposedLabel;
}

/// <summary>
/// Time travel: folds the item's stream up to a version or a moment (Marten's AggregateStreamAsync with a version or
/// timestamp) and says what the label was then. Null when the caller may not see the item or it did not exist yet.
/// </summary>
public sealed class GetLabelAt(IQuerySession session)
{
    public async Task<LabelSnapshot?> HandleAsync(
        ReviewItemKind kind, Guid id, long? version, DateTimeOffset? at, AccessScope scope, CancellationToken ct = default)
    {
        var now = await session.Events.AggregateStreamAsync<ReviewState>(id, token: ct);
        if (now is null || ReviewAccess.CanSee(now, kind, scope) is not null) return null;

        var then = await session.Events.AggregateStreamAsync<ReviewState>(id, version: version ?? 0, timestamp: at, token: ct);
        if (then is null || !then.Exists) return null;
        var seesVotes = Blinding.SeesOthers(now, scope);
        return new LabelSnapshot(id, kind, then.Version, then.Stage, then.ProposedLabel, then.ProposedMask,
            seesVotes ? then.StandingVotes.Count : null, then.Final, now.CentreId);
    }
}
