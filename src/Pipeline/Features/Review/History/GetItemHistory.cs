using EndoKED.Pipeline.Features.Examinations;
using System.Text.Json;
using System.Text.Json.Serialization;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Review.History;

public sealed record HistoryEntry(long Version, DateTimeOffset Timestamp, string Type, string Actor, string DataJson);

public sealed record ItemHistory(string Centre, IReadOnlyList<HistoryEntry> Entries);

/// <summary>
/// Every event of an examination or image stream, oldest first, for callers who may see the item. Review blinding
/// applies: the others' votes of an item the caller has not voted on yet show as blinded (type, time and version only).
/// </summary>
public sealed class GetItemHistory(IQuerySession session)
{
    private const string Blinded = "{\"blinded\":true}";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false, Converters = { new JsonStringEnumConverter() } };

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
        var review = ReviewState.Fold(events.Select(e => e.Data));
        return new ItemHistory(centre, events.Select(e => Blinding.Hides(review, scope, e.Data)
            ? new HistoryEntry(e.Version, e.Timestamp, e.EventType.Name, "", Blinded)
            : new HistoryEntry(
                e.Version,
                e.Timestamp,
                e.EventType.Name,
                (e.Data as IHasActor)?.Actor ?? "",
                JsonSerializer.Serialize(e.Data, e.EventType, Json))).ToList());
    }
}
