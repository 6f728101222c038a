using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Infrastructure.Access;

namespace EndoKED.Portal.Features.Examinations;

/// <summary>
/// Records a view in the access log, retrying a lost race: the log appends to one stream per user and day, and one
/// reader's browser asks for a frame and its mask overlay at once (or a page opens while its pictures load), so two
/// appends can claim the same stream version (or both start the day's stream); the loser failed with a 500 and the
/// picture stayed blank, or on a page the circuit died.
/// </summary>
public static class RecordingViews
{
    private const int Attempts = 5;

    public static async Task RecordViewAsync(this AccessLog log, AccessScope who, string kind, Guid itemId, string centreId, string? remoteAddress, string via, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await log.RecordAsync(who, kind, itemId, centreId, remoteAddress, via, ct);
                return;
            }
            catch (Exception e) when (attempt < Attempts && IsLostRace(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(15 * attempt), ct);
            }
        }
    }

    private static bool IsLostRace(Exception e) =>
        e is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException or Marten.Exceptions.ExistingStreamIdCollisionException
        || e.InnerException is Npgsql.PostgresException { SqlState: "23505" };
}
