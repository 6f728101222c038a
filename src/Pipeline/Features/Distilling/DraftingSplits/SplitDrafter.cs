using System.Text;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.Labelling;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits;

public static class DraftSplitHandler
{
    /// <summary>
    /// Takes the store, not a session: the draft is appended right after its request, so a second delivery appends nothing.
    /// Wolverine's execution-timeout token is not passed on: reading every frame of a large ledger takes longer.
    /// </summary>
    public static Task Handle(DraftSplit message, IDocumentStore store, IFileStore files, TimeProvider clock) =>
        new SplitDrafter(store, files, clock).RunAsync(message);
}

/// <summary>
/// Drafts a requested split: candidates from the ledger's labelled frames, each frame's dHash from its bytes in the file
/// store; the manifest goes to the file store and <see cref="SplitDrafted"/> (or <see cref="SplitDraftFailed"/> with what
/// to change) to the Split stream, right after the request, so a re-delivered message or a raced worker drafts once.
/// </summary>
public sealed class SplitDrafter(IDocumentStore store, IFileStore files, TimeProvider clock)
{
    public string Actor { get; } = $"splitter:{TrainingRunRequestCheck.CodeVersion}";

    public async Task RunAsync(DraftSplit message, CancellationToken ct = default)
    {
        SplitView? state;
        await using (var read = store.QuerySession())
            state = await read.LoadAsync<SplitView>(message.SplitId, ct);
        // Drafted or failed already (a second delivery), superseded by a newer request, or frozen: nothing to do.
        if (state is null || !SplitDecider.AwaitsDraft(state, message.RequestVersion)) return;

        object outcome;
        try
        {
            outcome = await DraftAsync(state, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new SplitDraftFailed(state.Id, $"Drafting stopped: {e.Message}", Actor, clock.GetUtcNow());
        }
        await using var write = store.LightweightSession();
        write.Events.Append(state.Id, message.RequestVersion + 1, outcome);
        try
        {
            await write.SaveChangesAsync(ct);
        }
        catch (JasperFx.ConcurrencyException)
        {
            // Another delivery of this message, or a newer request, appended first: this draft is not needed any more.
        }
    }

    private async Task<object> DraftAsync(SplitView state, CancellationToken ct)
    {
        var (rule, problem) = SplitRequest.From(state.Rule!).ToRule();
        if (rule is null) return new SplitDraftFailed(state.Id, problem!, Actor, clock.GetUtcNow());

        IReadOnlyList<LabelledFrame> frames;
        await using (var session = store.QuerySession())
            frames = await LabelledFrames.ReadAsync(session, ct);
        var candidates = new List<SplitCandidate>(frames.Count);
        foreach (var f in frames)
            candidates.Add(new SplitCandidate(f.Key, f.ExaminationId.ToString("D"), f.PatientId, f.CentreId, !IsEmpty(f.Mask),
                f.Origin, f.Quality, await StoredFrames.DHashAsync(files, f.Sha256, ct)));
        var split = SplitBuilder.Build(candidates, rule);

        var kept = split.Assignments.Select(a => a.ImageId).ToHashSet(StringComparer.Ordinal);
        var keptFrames = frames.Where(f => kept.Contains(f.Key)).ToList();
        var drafted = new SplitDrafted(state.Id, state.Name, state.Rule!, split.ContentHash,
            split.Count(SplitPart.Train), split.Count(SplitPart.Validation), split.Count(SplitPart.Test),
            Counts(keptFrames.Select(f => f.Origin.ToString().ToLowerInvariant())), Counts(keptFrames.Select(f => f.CentreId)),
            split.Excluded, new SplitLeakageSummary(split.Leakage.PatientsInSeveralParts,
                [.. split.Leakage.NearDuplicatesAcrossParts.Select(p => new ImagePair(p.A, p.B))]),
            state.RequestedBy, clock.GetUtcNow());
        var decision = SplitDecider.Draft(state, drafted, frames.Count);
        if (decision.Event is null) return new SplitDraftFailed(state.Id, decision.Problem!, Actor, clock.GetUtcNow());

        var stored = await files.PutAsync(Encoding.UTF8.GetBytes(SplitManifest.Text(split.Assignments)), ct);
        if (stored.Sha256 != split.ContentHash) throw new InvalidOperationException("The stored manifest's hash differs from the split's content hash.");
        return decision.Event;
    }

    private static bool IsEmpty(MaskRle mask) => mask.Decode().IsEmpty;

    private static Dictionary<string, int> Counts(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
}
