using EndoKED.Pipeline.Cli;

namespace EndoKED.Bench.Benchmarks;

/// <summary>One benchmark: prints a table whose figures are ratios against a baseline measured in the same run.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Summary { get; }
    Task RunAsync(BenchContext context, TextWriter output, CancellationToken ct);
}

/// <summary>What benchmarks may read: the size asked for and the shared real data (when this machine has it).</summary>
public sealed record BenchContext(int Size, string? PolypsData)
{
    /// <summary>Frames per examination, for benchmarks that generate records (0: the benchmark's default).</summary>
    public int FramesPerExam { get; init; }

    /// <summary>Refinement rounds after round 0, for benchmarks that run them (0: the benchmark's default).</summary>
    public int Rounds { get; init; }
}

public sealed class BenchVerb(IReadOnlyList<IBenchmark> benchmarks) : IVerb
{
    public string Name => "bench";
    public string Summary => "run benchmarks and print their tables (ingest, ...)";
    public string Help => $"""
        Usage: ./endoked bench NAME|all [--size N] [--exams N --frames-per-exam N] [--rounds N] [--data DIR]

        Benchmarks (each prints a table; quote the ratios, absolute times on a shared machine are noisy):
        {string.Join("\n", benchmarks.Select(b => $"  {b.Name,-14} {b.Summary}"))}

        --size N    the benchmark's main size (e.g. frames for ingest; default per benchmark)
        --exams N   examinations to generate (dashboards; same as --size)
        --frames-per-exam N   frames per generated examination (dashboards; default 10)
        --rounds N  student rounds after round 0 (weak-chain; default 2)
        --data DIR  the real polyp frames (default ../shared/data/polyps beside the checkout)
        """;

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var size = args.OptionalInt("size", 0);
        var exams = args.OptionalInt("exams", 0);
        var perExam = args.OptionalInt("frames-per-exam", 0);
        var rounds = args.OptionalInt("rounds", 0);
        var data = args.Optional("data") ?? DefaultPolypsData();
        args.EnsureAllRead();
        var name = args.Positionals.FirstOrDefault() ?? throw new UsageException("Name a benchmark, or 'all'.");
        var chosen = name == "all" ? benchmarks : benchmarks.Where(b => b.Name == name).ToList();
        if (chosen.Count == 0)
            throw new UsageException($"No benchmark '{name}'. Known: {string.Join(", ", benchmarks.Select(b => b.Name))}.");

        foreach (var b in chosen)
        {
            await console.Out.WriteLineAsync($"## {b.Name}: {b.Summary}");
            await b.RunAsync(new BenchContext(exams > 0 ? exams : size, data is not null && Directory.Exists(data) ? data : null) { FramesPerExam = perExam, Rounds = rounds }, console.Out, cancellationToken);
            await console.Out.WriteLineAsync();
        }
        return 0;
    }

    private static string? DefaultPolypsData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EndoKED.sln"))) dir = dir.Parent;
        return dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "polyps"));
    }
}
