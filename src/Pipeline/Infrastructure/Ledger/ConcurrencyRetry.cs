namespace EndoKED.Pipeline.Infrastructure.Ledger;

/// <summary>
/// Re-runs a read-decide-append step when another writer appended to the same stream in between: an expected-version
/// conflict, or two appends without one that claimed the same next version or both started the stream. The step reads
/// the stream again and decides again. The last conflict is reported, never swallowed.
/// </summary>
public static class ConcurrencyRetry
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> step, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (Exception e) when (attempt < attempts && IsConflict(e))
            {
                // Someone else appended first: decide again on what is there now.
            }
        }
    }

    /// <summary>Another writer won a race on the same stream (nothing of this step was written).</summary>
    public static bool IsConflict(Exception e) =>
        e is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException or Marten.Exceptions.ExistingStreamIdCollisionException
        || e.InnerException is Npgsql.PostgresException { SqlState: "23505" };
}
