using System.Text;
using EndoKED.Pipeline.Features.Training.DraftingSplit;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.FollowingSplits;

/// <summary>Splits for admins (a split spans centres): the latest first, one by id, and a split's members from its manifest.</summary>
public sealed class SplitQueries(IDocumentStore store, IFileStore files)
{
    public async Task<IReadOnlyList<SplitView>> LatestAsync(AccessScope caller, int take = 50, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return [];
        await using var session = store.QuerySession();
        return await session.Query<SplitView>().OrderByDescending(x => x.DraftedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
    }

    public async Task<SplitView?> GetAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return null;
        await using var session = store.QuerySession();
        return await session.LoadAsync<SplitView>(id, ct);
    }

    public Task<IReadOnlyList<SplitAssignment>> MembersAsync(string manifestSha256, CancellationToken ct = default) =>
        ReadManifestAsync(files, manifestSha256, ct);

    /// <summary>Parses a manifest written by <see cref="SplitManifest.Text"/>, after checking its bytes against the hash.</summary>
    public static async Task<IReadOnlyList<SplitAssignment>> ReadManifestAsync(IFileStore files, string sha256, CancellationToken ct = default)
    {
        await using var stream = files.OpenRead(sha256) ?? throw new FileNotFoundException($"Split manifest {sha256} is not in the file store.");
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        if (LocalFileStore.Hash(buffer.ToArray()) != sha256) throw new InvalidDataException($"Split manifest {sha256} does not match its hash.");
        return [.. Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var f = line.Split('\t');
            return new SplitAssignment(f[0], Enum.Parse<SplitPart>(f[1], ignoreCase: true), f[2], f[3], f[4] == "polyp", 0);
        })];
    }
}
