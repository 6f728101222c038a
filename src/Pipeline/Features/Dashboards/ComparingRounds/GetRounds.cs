using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;

namespace EndoKED.Pipeline.Features.Dashboards.ComparingRounds;

/// <summary>
/// One row of the rounds table: a centre's masks from one proposer in one self-training round. Round 0 is the teacher
/// (SAM or the embedded refiner); with <see cref="Source"/> <c>promotion</c>, round n is the student promoted n-th (it
/// proposes in the segment stage); with <c>self-training</c>, round n is the ledger's n-th self-training round (a
/// student's boxes refined by the configured refiner, <c>POST /api/self-training/rounds</c>). The two are numbered apart.
/// Rates are null without a denominator.
/// </summary>
public sealed record RoundFigures(
    int Round, string CentreId, string Proposer, string Refiner, string RefinerVersion, Guid? ModelId, string? ModelVersion,
    int MasksProposed, double? MeanQuality, int VotesCast, double? CorrectionVoteRate, int ItemsFinalised, double? CorrectionRate,
    string Source = RoundSources.Promotion);

/// <summary>Where a round of the rounds table comes from.</summary>
public static class RoundSources
{
    /// <summary>The configured refiner (round 0) or a student promoted to propose masks in the segment stage.</summary>
    public const string Promotion = "promotion";

    /// <summary>A ledger self-training round: a student's boxes refined into masks that passed the gate.</summary>
    public const string SelfTraining = "self-training";
}

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
        var rounds = await session.Query<SelfTrainingRoundView>().ToListAsync(ct);
        var byProvenance = rounds.GroupBy(r => r.Provenance, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. stats.Where(s => scope.CanSee(s.CentreId))
            .Select(s => SelfTrainingRoundProvenance.RoundOf(s.Proposer) is { } n
                ? Figures(s, byProvenance.GetValueOrDefault(s.Proposer), n)
                : Figures(s, promoted.GetValueOrDefault(s.Proposer)))
            .OrderBy(r => r.Round).ThenBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.CentreId, StringComparer.Ordinal).ThenBy(r => r.Proposer, StringComparer.Ordinal)];
    }

    /// <summary>A student that was promoted counts in the round of its first promotion; any other proposer is round 0.</summary>
    public static RoundFigures Figures(ProposerStats s, PromotedModel? model) => new(
        model?.Round ?? 0, s.CentreId, s.Proposer, s.Refiner, s.RefinerVersion, model?.ModelId, model?.ModelVersion,
        s.MasksProposed, Ratio(s.MaskQualitySum, s.MasksProposed), s.VotesCast, Ratio(s.CorrectionVotes, s.VotesCast),
        s.ItemsFinalised, Ratio(s.FinalCorrections, s.ItemsFinalised));

    /// <summary>A ledger self-training round's proposals: the round's number and student (from its provenance when the round is unknown).</summary>
    public static RoundFigures Figures(ProposerStats s, SelfTrainingRoundView? round, int number) => Figures(s, null) with
    {
        Round = number, ModelId = round?.ModelId, ModelVersion = round?.ModelVersion, Source = RoundSources.SelfTraining,
    };

    private static double? Ratio(double part, int whole) => whole == 0 ? null : part / whole;
}
