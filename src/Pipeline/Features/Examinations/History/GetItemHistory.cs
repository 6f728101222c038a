using System.Text.Json;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Examinations.History;

public sealed record HistoryEntry(long Version, DateTimeOffset Timestamp, string Type, string Actor, string DataJson);

public sealed record ItemHistory(string Centre, IReadOnlyList<HistoryEntry> Entries);

/// <summary>Every event of an examination or image stream, oldest first, for callers who may see the item.</summary>
public sealed class GetItemHistory(IQuerySession session)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public async Task<ItemHistory?> HandleAsync(string kind, Guid id, AccessScope scope, CancellationToken ct = default)
    {
        string? centre = kind switch
        {
            "examination" => (await session.LoadAsync<ExaminationView>(id, ct))?.CentreId,
            "image" => (await session.LoadAsync<ImageView>(id, ct))?.CentreId,
            _ => null,
        };
        if (centre is null || !scope.CanSee(centre)) return null;

        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return new ItemHistory(centre, events.Select(e => new HistoryEntry(
            e.Version,
            e.Timestamp,
            e.EventType.Name,
            (e.Data as IHasActor)?.Actor ?? "",
            JsonSerializer.Serialize(e.Data, e.EventType, Json))).ToList());
    }
}
