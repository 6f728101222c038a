using System.Text;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.FollowingSplits;

/// <summary>
/// Splits (a split spans centres): the latest first, one by id, and a split's members from its manifest. Admins read
/// every split; leads read the frozen ones (leak-free by construction, so no other centre's patient or frame is named)
/// with the per-centre counts and members cut to their centres; anyone else reads nothing.
/// </summary>
public sealed class SplitQueries(IDocumentStore store, IFileStore files)
{
    public Task<IReadOnlyList<SplitView>> LatestAsync(AccessScope caller, int take = 50, CancellationToken ct = default) =>
        QueryAsync(caller, frozenOnly: !caller.IsAdmin, take, ct);

    /// <summary>The latest frozen splits, the ones a run may train on (however many drafts came after them).</summary>
    public Task<IReadOnlyList<SplitView>> FrozenAsync(AccessScope caller, int take = 200, CancellationToken ct = default) =>
        QueryAsync(caller, frozenOnly: true, take, ct);

    private async Task<IReadOnlyList<SplitView>> QueryAsync(AccessScope caller, bool frozenOnly, int take, CancellationToken ct)
    {
        if (!caller.IsLeadOrAdmin) return [];
        await using var session = store.QuerySession();
        IQueryable<SplitView> query = session.Query<SplitView>();
        if (frozenOnly) query = query.Where(x => x.Frozen);
        var splits = await query.OrderByDescending(x => x.DraftedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return [.. splits.Select(s => Scoped(s, caller))];
    }

    public async Task<SplitView?> GetAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsLeadOrAdmin) return null;
        await using var session = store.QuerySession();
        return await session.LoadAsync<SplitView>(id, ct) is { } split && (caller.IsAdmin || split.Frozen) ? Scoped(split, caller) : null;
    }

    /// <summary>The members of a split the caller may read, limited to the centres granted to them.</summary>
    public async Task<IReadOnlyList<SplitAssignment>> MembersAsync(SplitView split, AccessScope caller, CancellationToken ct = default) =>
        [.. (await ReadManifestAsync(files, split.ManifestSha256, ct)).Where(m => caller.CanSee(m.CentreId))];

    private static SplitView Scoped(SplitView split, AccessScope caller) => caller.SeesAll ? split : split with
    {
        CentreCounts = split.CentreCounts.Where(kv => caller.CanSee(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
    };

    /// <summary>Parses a manifest written by <see cref="SplitManifest.Text"/>, after checking its bytes against the hash.</summary>
    public static async Task<IReadOnlyList<SplitAssignment>> ReadManifestAsync(IFileStore files, string sha256, CancellationToken ct = default)
    {
        var bytes = await files.ReadVerifiedAsync(sha256, "Split manifest", ct);
        return [.. Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var f = line.Split('\t');
            return new SplitAssignment(f[0], Enum.Parse<SplitPart>(f[1], ignoreCase: true), f[2], f[3], f[4] == "polyp", 0);
        })];
    }
}
