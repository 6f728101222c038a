using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;

namespace EndoKED.Pipeline.Features.Dashboards.ComparingRounds;

/// <summary>
/// Folds mask proposals, mask votes and final mask labels into their centre × proposer counters. Asynchronous, like the
/// weekly counters (the daemon is the single writer of these few hot documents). A vote or final label belongs to the
/// proposer of the frame's latest <see cref="MaskProposed"/> before it, found in the same page of events or else in the
/// frame's own stream: events never change, so a rebuild attributes every vote exactly as the first pass did.
/// </summary>
public sealed partial class ProposerStatsProjection : MultiStreamProjection<ProposerStats, string>
{
    public ProposerStatsProjection()
    {
        CustomGrouping(GroupAsync);
        Options.BatchSize = 5_000;
    }

    private static async Task GroupAsync(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var latest = new Dictionary<Guid, string>();
        var history = new Dictionary<Guid, IReadOnlyList<IEvent>>();
        foreach (var e in events.OrderBy(e => e.Sequence))
        {
            switch (e.Data)
            {
                case MaskProposed m:
                    latest[e.StreamId] = ProposerStats.Key(m.CentreId, m.Provenance);
                    grouping.AddEvent(latest[e.StreamId], e);
                    break;
                case VoteCast { ItemKind: ReviewItemKind.Image } or ConsensusReached { ItemKind: ReviewItemKind.Image }:
                    if (latest.TryGetValue(e.StreamId, out var key) || (key = await EarlierProposerAsync(session, e, history)) is not null)
                        grouping.AddEvent(key, e);
                    break;
            }
        }
    }

    /// <summary>The proposer of the frame's last proposal before <paramref name="e"/>, read from the frame's stream.</summary>
    private static async Task<string?> EarlierProposerAsync(IQuerySession session, IEvent e, Dictionary<Guid, IReadOnlyList<IEvent>> history)
    {
        if (!history.TryGetValue(e.StreamId, out var stream))
            history[e.StreamId] = stream = await session.Events.FetchStreamAsync(e.StreamId);
        return stream.Where(x => x.Sequence < e.Sequence).Select(x => x.Data).OfType<MaskProposed>().LastOrDefault() is { } m
            ? ProposerStats.Key(m.CentreId, m.Provenance)
            : null;
    }

    private static ProposerStats Named(ProposerStats s, MaskProposed e) => s.Proposer.Length > 0 ? s : s with
    {
        CentreId = e.CentreId, Proposer = e.Provenance, Refiner = e.Refiner, RefinerVersion = e.RefinerVersion,
    };

    public static ProposerStats Apply(MaskProposed e, ProposerStats s) => Named(s, e) with
    {
        MasksProposed = s.MasksProposed + 1,
        MaskQualitySum = s.MaskQualitySum + e.Quality,
    };

    public static ProposerStats Apply(VoteCast e, ProposerStats s) => s with
    {
        VotesCast = s.VotesCast + 1,
        CorrectionVotes = s.CorrectionVotes + (e.Verdict == ReviewVerdict.Accept ? 0 : 1),
    };

    public static ProposerStats Apply(ConsensusReached e, ProposerStats s) => s with
    {
        ItemsFinalised = s.ItemsFinalised + 1,
        FinalCorrections = s.FinalCorrections + (e.Outcome == ReviewVerdict.Accept ? 0 : 1),
    };
}
