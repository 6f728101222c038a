using EndoKED.Pipeline.Features.Vision.Masks;
using System.Text;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.Labelling;
using EndoKED.Pipeline.Features.Training.DraftingSplit;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits;

/// <summary>
/// What a split command did: the split's id and no problem when done; a problem without an id for a bad request, with the
/// id when the split's state refuses it (frozen, leaking); or forbidden / not found.
/// </summary>
public sealed record SplitResult(Guid? Id, string? Problem, bool Forbidden = false, bool NotFound = false);

/// <summary>
/// Drafts and freezes splits (admins only): candidates come from the ledger's labelled frames, each frame's dHash from
/// its bytes in the file store; the manifest goes to the file store and <see cref="SplitDrafted"/> to the Split stream.
/// </summary>
public sealed class SplitCommands(IDocumentStore store, IFileStore files, TimeProvider clock)
{
    public async Task<SplitResult> DraftAsync(SplitRequest request, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return new(null, "Only admins draft splits.", Forbidden: true);
        var (rule, problem) = request.ToRule();
        if (rule is null) return new(null, problem);

        await using var session = store.LightweightSession();
        var id = request.SplitId ?? Guid.CreateVersion7();
        var state = request.SplitId is { } existing ? await session.LoadAsync<SplitView>(existing, ct) : null;
        if (request.SplitId is not null && state is null) return new(null, null, NotFound: true);
        if (SplitDecider.RedraftProblem(state) is { } frozen) return new(state!.Id, frozen);

        var frames = await LabelledFrames.ReadAsync(session, ct);
        var candidates = new List<SplitCandidate>(frames.Count);
        foreach (var f in frames)
            candidates.Add(new SplitCandidate(f.Key, f.ExaminationId.ToString("D"), f.PatientId, f.CentreId, !IsEmpty(f.Mask),
                f.Origin, f.Quality, await StoredFrames.DHashAsync(files, f.Sha256, ct)));
        var split = SplitBuilder.Build(candidates, rule);
        var stored = await files.PutAsync(Encoding.UTF8.GetBytes(SplitManifest.Text(split.Assignments)), ct);
        if (stored.Sha256 != split.ContentHash) throw new InvalidOperationException("The stored manifest's hash differs from the split's content hash.");

        var kept = split.Assignments.Select(a => a.ImageId).ToHashSet(StringComparer.Ordinal);
        var keptFrames = frames.Where(f => kept.Contains(f.Key)).ToList();
        var drafted = new SplitDrafted(id, request.Name ?? $"split {id.ToString()[..8]}", SplitRequest.Record(rule), split.ContentHash,
            split.Count(SplitPart.Train), split.Count(SplitPart.Validation), split.Count(SplitPart.Test),
            Counts(keptFrames.Select(f => f.Origin.ToString().ToLowerInvariant())), Counts(keptFrames.Select(f => f.CentreId)),
            split.Excluded, new SplitLeakageSummary(split.Leakage.PatientsInSeveralParts,
                [.. split.Leakage.NearDuplicatesAcrossParts.Select(p => new ImagePair(p.A, p.B))]),
            caller.Actor, clock.GetUtcNow());
        var decision = SplitDecider.Draft(state, drafted);
        if (decision.Event is null) return new(null, decision.Problem);
        if (state is null) session.Events.StartStream<SplitView>(id, decision.Event);
        else session.Events.Append(id, state.Version + 1, decision.Event);
        await session.SaveChangesAsync(ct);
        return new(id, null);
    }

    public async Task<SplitResult> FreezeAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return new(null, "Only admins freeze splits.", Forbidden: true);
        await using var session = store.LightweightSession();
        var state = await session.LoadAsync<SplitView>(id, ct);
        var decision = SplitDecider.Freeze(state, caller.Actor, clock.GetUtcNow());
        if (decision.NotFound) return new(null, null, NotFound: true);
        if (decision.Event is null) return new(id, decision.Problem);
        session.Events.Append(id, state!.Version + 1, decision.Event);
        await session.SaveChangesAsync(ct);
        return new(id, null);
    }

    private static bool IsEmpty(MaskRle mask) => mask.Decode().IsEmpty;

    private static Dictionary<string, int> Counts(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
}
