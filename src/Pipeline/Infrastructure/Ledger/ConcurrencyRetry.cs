namespace EndoKED.Pipeline.Infrastructure.Ledger;

/// <summary>
/// Re-runs a read-decide-append step when another writer appended to the same stream in between (an expected-version
/// conflict): the step reads the stream again and decides again. The last conflict is reported, never swallowed.
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
            catch (JasperFx.ConcurrencyException) when (attempt < attempts)
            {
                // Someone else appended first: decide again on what is there now.
            }
        }
    }
}
