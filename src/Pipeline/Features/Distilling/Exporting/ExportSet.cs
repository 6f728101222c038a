using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.Labelling;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.Exporting;

/// <summary>One labelled frame to export: its label, its frame's metadata, its split part (null without a split) and file name stem.</summary>
public sealed record ExportFrame(LabelledFrame Label, ImageView Image, string? Part)
{
    public string Stem => Image.Id.ToString("N");

    public string Extension => Path.GetExtension(Image.OriginalName) is { Length: > 1 } e ? e.ToLowerInvariant() : ".png";
}

/// <summary>What an export holds: the frames (ordered by id), the examinations of the centres in scope, and the split used.</summary>
public sealed record ExportSet(IReadOnlyList<ExportFrame> Frames, IReadOnlyList<ExaminationView> Examinations, SplitView? Split)
{
    /// <summary>Reads labelled frames from the ledger, narrowed to a split's members (with their parts), to centres and to machine masks of enough quality.</summary>
    public static async Task<ExportSet> ReadAsync(IDocumentStore store, IFileStore files, Guid? splitId, IReadOnlyCollection<string>? centres,
        double minMachineQuality, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        var (labelled, images) = await LabelledFrames.ReadWithImagesAsync(session, ct);
        SplitView? split = null;
        Dictionary<string, string>? parts = null;
        if (splitId is { } id)
        {
            split = await session.LoadAsync<SplitView>(id, ct) ?? throw new ArgumentException($"No split {id}.");
            if (split.Status is SplitStatus.Drafting or SplitStatus.Failed)
                throw new ArgumentException($"Split {id} is {split.Status.ToString().ToLowerInvariant()}, not drafted: export it once a worker has drafted it.");
            parts = (await SplitQueries.ReadManifestAsync(files, split.ManifestSha256, ct))
                .ToDictionary(m => m.ImageId, m => m.Part.ToString().ToLowerInvariant(), StringComparer.Ordinal);
        }
        bool InScope(string centre) => centres is not { Count: > 0 } || centres.Contains(centre);
        var kept = labelled.Where(f => InScope(f.CentreId) && (parts is null || parts.ContainsKey(f.Key))
            && (f.Origin != EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting.LabelOrigin.Machine || f.Quality >= minMachineQuality)).ToList();
        var frames = kept.Select(f => new ExportFrame(f, images[f.ImageId], parts?[f.Key])).OrderBy(f => f.Stem, StringComparer.Ordinal).ToList();
        IQueryable<ExaminationView> examQuery = session.Query<ExaminationView>();
        if (centres is { Count: > 0 })
        {
            var wanted = centres.ToArray();
            examQuery = examQuery.Where(e => wanted.Contains(e.CentreId));
        }
        var exams = (await examQuery.ToListAsync(ct)).OrderBy(e => e.CentreId, StringComparer.Ordinal).ThenBy(e => e.SourceKey, StringComparer.Ordinal).ToList();
        return new ExportSet(frames, exams, split);
    }
}
