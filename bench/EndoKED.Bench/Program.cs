using EndoKED.Bench.Benchmarks;
using EndoKED.Pipeline.Cli;

namespace EndoKED.Bench;

/// <summary><c>./endoked bench ARGS</c>: the bench verb on its own, outside the product binary.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        return await EntryPoint.RunVerbAsync(new BenchVerb(BenchCatalogue.All()), args, CliConsole.System, cts.Token);
    }
}
