namespace EndoKED.TestSupport;

/// <summary>
/// Waits for something to come true: asks again until it does or the time is up, then fails saying what was awaited.
/// To show that something did not arrive, wait here for a signal sent after it, never for a fixed time.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    public static Task That(Func<bool> condition, string what, TimeSpan? within = null, TimeSpan? every = null) =>
        Returns(() => Task.FromResult(condition()), done => done, what, within, every);

    public static Task That(Func<Task<bool>> condition, string what, TimeSpan? within = null, TimeSpan? every = null) =>
        Returns(condition, done => done, what, within, every);

    /// <summary>Reads until <paramref name="done"/> holds for what was read, and returns that; the last read is in the failure.</summary>
    public static async Task<T> Returns<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? within = null, TimeSpan? every = null)
    {
        var timeout = within ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s: {what}" + (value is bool ? "." : $" (last: {value})."));
            await Task.Delay(every ?? DefaultInterval);
        }
    }
}
