using Marten;

namespace EndoKED.Pipeline.Features.Examinations.Naming;

/// <summary>What a person calls a record: an examination by its source key, a frame by its examination's key and file name.</summary>
/// <param name="Href">The portal page that shows it.</param>
public sealed record ItemName(Guid Id, bool IsFrame, string Name, string Href);

/// <summary>
/// Names for a page of ids (the access log's rows, say) in two reads; an id that names neither an examination nor a frame
/// is left out. Reads names only: it is for admins' lists, not a way round the centre scope of the records themselves.
/// </summary>
public sealed class GetItemNames(IQuerySession session)
{
    public async Task<IReadOnlyDictionary<Guid, ItemName>> HandleAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        var names = new Dictionary<Guid, ItemName>();
        if (ids.Count == 0) return names;
        var wanted = ids.Distinct().ToArray();
        var frames = await session.LoadManyAsync<ImageView>(ct, wanted);
        var examIds = wanted.Concat(frames.Select(f => f.ExaminationId)).Distinct().ToArray();
        var exams = (await session.LoadManyAsync<ExaminationView>(ct, examIds)).ToDictionary(e => e.Id, e => e.SourceKey);
        foreach (var id in wanted)
            if (exams.TryGetValue(id, out var key)) names[id] = new ItemName(id, false, key, $"/examinations/{id}");
        foreach (var f in frames)
            names[f.Id] = new ItemName(f.Id, true, exams.TryGetValue(f.ExaminationId, out var key) ? $"{key} / {f.OriginalName}" : f.OriginalName, $"/frames/{f.Id}");
        return names;
    }
}
