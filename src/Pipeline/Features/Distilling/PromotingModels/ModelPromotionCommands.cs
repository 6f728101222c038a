using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.PromotingModels;

/// <summary>What a promotion did: the round it opened (null when nothing changed), why not, or forbidden / not found.</summary>
public sealed record PromotionResult(int? Round, string? Problem, bool Forbidden = false, bool NotFound = false, bool AlreadyCurrent = false);

/// <summary>
/// Admins promote a registered student to mask proposer (<c>POST /api/models/{id}/promote</c>). Two promotions at once:
/// the mask-proposer stream's expected version makes one of them decide again, so rounds never repeat.
/// </summary>
public sealed class ModelPromotionCommands(IDocumentStore store, TimeProvider clock)
{
    public async Task<PromotionResult> PromoteAsync(Guid modelId, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return new(null, "Only admins promote models.", Forbidden: true);
        return await ConcurrencyRetry.RunAsync(async () =>
        {
            await using var session = store.LightweightSession();
            var model = await session.LoadAsync<ModelView>(modelId, ct);
            var proposer = await session.LoadAsync<MaskProposerView>(MaskProposerView.StreamId, ct);
            var decision = PromotionDecider.Promote(model, proposer, caller.Actor, clock.GetUtcNow());
            if (decision.Event is not { } promoted)
                return new PromotionResult(null, decision.Problem, NotFound: decision.NotFound, AlreadyCurrent: decision.AlreadyCurrent);
            if (proposer is null) session.Events.StartStream<MaskProposerView>(MaskProposerView.StreamId, promoted);
            else session.Events.Append(MaskProposerView.StreamId, proposer.Version + 1, promoted);
            await session.SaveChangesAsync(ct);
            return new PromotionResult(promoted.Round, null);
        });
    }

    /// <summary>The current proposer and every promotion (anyone signed in may see which model proposes masks).</summary>
    public async Task<MaskProposerView> ProposerAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<MaskProposerView>(MaskProposerView.StreamId, ct) ?? new MaskProposerView { Id = MaskProposerView.StreamId };
    }
}
