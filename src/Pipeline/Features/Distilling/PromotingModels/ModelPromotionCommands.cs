using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Ledger;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.PromotingModels;

/// <summary>
/// What a promotion did: the round it opened (students; null when nothing changed or for a frame scorer), the role it
/// took, why not, or forbidden / not found.
/// </summary>
public sealed record PromotionResult(int? Round, string? Problem, bool Forbidden = false, bool NotFound = false, bool AlreadyCurrent = false,
    string? Role = null);

/// <summary>
/// Admins promote a registered student to mask proposer, or a MIL head to frame scorer (<c>POST /api/models/{id}/promote</c>).
/// Two promotions at once: the role's stream expected version makes one of them decide again, so rounds never repeat.
/// </summary>
public sealed class ModelPromotionCommands(IDocumentStore store, TimeProvider clock)
{
    public async Task<PromotionResult> PromoteAsync(Guid modelId, AccessScope caller, CancellationToken ct = default) =>
        await PromoteAsync(modelId, null, caller, ct);

    /// <param name="role">proposer or scorer; null: the model's own (a student proposes, a MIL head scores).</param>
    public async Task<PromotionResult> PromoteAsync(Guid modelId, string? role, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return new(null, "Only admins promote models.", Forbidden: true);
        return await ConcurrencyRetry.RunAsync(async () =>
        {
            await using var session = store.LightweightSession();
            var model = await session.LoadAsync<ModelView>(modelId, ct);
            var proposer = await session.LoadAsync<MaskProposerView>(MaskProposerView.StreamId, ct);
            var scorer = await session.LoadAsync<FrameScorerView>(FrameScorerView.StreamId, ct);
            var decision = PromotionDecider.Promote(model, role, proposer, scorer, caller.Actor, clock.GetUtcNow());
            switch (decision.Event)
            {
                case ModelPromoted promoted:
                    Append(session, MaskProposerView.StreamId, proposer?.Version, promoted);
                    await session.SaveChangesAsync(ct);
                    return new PromotionResult(promoted.Round, null, Role: PromotionRoles.Proposer);
                case FrameScorerPromoted promoted:
                    Append(session, FrameScorerView.StreamId, scorer?.Version, promoted);
                    await session.SaveChangesAsync(ct);
                    return new PromotionResult(null, null, Role: PromotionRoles.Scorer);
                default:
                    return new PromotionResult(null, decision.Problem, NotFound: decision.NotFound, AlreadyCurrent: decision.AlreadyCurrent,
                        Role: decision.AlreadyCurrent ? role ?? PromotionRoles.Of(model!.Kind) : null);
            }
        });
    }

    /// <summary>Appends a frame-scorer promotion in the caller's session (a run that completes promotes in its own transaction).</summary>
    public static void AppendScorerPromotion(IDocumentSession session, FrameScorerView? scorer, FrameScorerPromoted promoted) =>
        Append(session, FrameScorerView.StreamId, scorer?.Version, promoted);

    private static void Append<TView>(IDocumentSession session, Guid stream, long? version, TView promoted) where TView : notnull
    {
        if (version is null)
        {
            if (stream == MaskProposerView.StreamId) session.Events.StartStream<MaskProposerView>(stream, promoted);
            else session.Events.StartStream<FrameScorerView>(stream, promoted);
        }
        else session.Events.Append(stream, version.Value + 1, promoted);
    }

    /// <summary>The current proposer and every promotion (anyone signed in may see which model proposes masks).</summary>
    public async Task<MaskProposerView> ProposerAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<MaskProposerView>(MaskProposerView.StreamId, ct) ?? new MaskProposerView { Id = MaskProposerView.StreamId };
    }

    /// <summary>The current frame scorer and every promotion.</summary>
    public async Task<FrameScorerView> ScorerAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<FrameScorerView>(FrameScorerView.StreamId, ct) ?? new FrameScorerView { Id = FrameScorerView.StreamId };
    }
}
