using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Features.Review.History;

/// <summary>
/// The difference between the masks carried by two events of an image stream, named by their versions (a corrected
/// vote, an adjudication, a final label). A vote the caller is blinded to has no mask for them. The image's centre comes
/// with a diff, for the access log.
/// </summary>
public sealed class GetMaskDiff(IQuerySession session)
{
    public async Task<(MaskDifference? Diff, ReviewRefusal? Refusal, string CentreId)> HandleAsync(Guid imageId, long from, long to, AccessScope scope, CancellationToken ct = default)
    {
        var events = await session.Events.FetchStreamAsync(imageId, token: ct);
        var state = ReviewState.Fold(events.Select(e => e.Data));
        if (ReviewAccess.CanSee(state, ReviewItemKind.Image, scope) is { } hidden) return (null, hidden, "");

        MaskRle? MaskAt(long version)
        {
            var data = events.FirstOrDefault(e => e.Version == version)?.Data;
            if (data is null || Blinding.Hides(state, scope, data)) return null;
            return MaskOf(data);
        }

        var a = MaskAt(from);
        var b = MaskAt(to);
        if (a is null || b is null)
            return (null, new ReviewRefusal(RefusalKind.Invalid,
                $"Version {(a is null ? from : to)} of this image carries no mask you may see; pick versions of mask events from its history."), state.CentreId);
        return (MaskDiff.Between(a, b), null, state.CentreId);
    }

    /// <summary>The mask an event carries, if any.</summary>
    public static MaskRle? MaskOf(object data) => data switch
    {
        MaskProposed m => m.Rle,
        VoteCast v => v.MaskRle,
        Adjudicated a => a.MaskRle,
        ConsensusReached c => c.MaskRle,
        _ => null,
    };
}
