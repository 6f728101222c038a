using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.Dashboards.ComparingRounds;

/// <summary>
/// One row of the rounds table: a centre's masks from one proposer in one self-training round. Round 0 is the teacher
/// (SAM or the embedded refiner); round n is the student promoted n-th. Rates are null without a denominator.
/// </summary>
public sealed record RoundFigures(
    int Round, string CentreId, string Proposer, string Refiner, string RefinerVersion, Guid? ModelId, string? ModelVersion,
    int MasksProposed, double? MeanQuality, int VotesCast, double? CorrectionVoteRate, int ItemsFinalised, double? CorrectionRate);

/// <summary>
/// The rounds table for Leads and Admins, over the centres they may see: per centre and proposer, mask quality and how
/// often readers corrected the proposals, in round order. Reads only the counters and the mask-proposer document.
/// </summary>
public sealed class GetRounds(IQuerySession session)
{
    public async Task<IReadOnlyList<RoundFigures>?> HandleAsync(AccessScope scope, CancellationToken ct = default)
    {
        if (!scope.IsLeadOrAdmin) return null;
        var stats = await session.Query<ProposerStats>().ToListAsync(ct);
        var proposer = await session.LoadAsync<MaskProposerView>(MaskProposerView.StreamId, ct);
        var promoted = (proposer?.Promotions ?? []).GroupBy(p => p.Provenance, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. stats.Where(s => scope.CanSee(s.CentreId)).Select(s => Figures(s, promoted.GetValueOrDefault(s.Proposer)))
            .OrderBy(r => r.Round).ThenBy(r => r.CentreId, StringComparer.Ordinal).ThenBy(r => r.Proposer, StringComparer.Ordinal)];
    }

    /// <summary>A student that was promoted counts in the round of its first promotion; any other proposer is round 0.</summary>
    public static RoundFigures Figures(ProposerStats s, PromotedModel? model) => new(
        model?.Round ?? 0, s.CentreId, s.Proposer, s.Refiner, s.RefinerVersion, model?.ModelId, model?.ModelVersion,
        s.MasksProposed, Ratio(s.MaskQualitySum, s.MasksProposed), s.VotesCast, Ratio(s.CorrectionVotes, s.VotesCast),
        s.ItemsFinalised, Ratio(s.FinalCorrections, s.ItemsFinalised));

    private static double? Ratio(double part, int whole) => whole == 0 ? null : part / whole;
}
