namespace EndoKED.Bench.ScaleOut.LoadTesting;

/// <summary>
/// A product binary the bench starts as a child process (the portal, the pipeline's worker): the path in an environment
/// variable (./endoked sets them), else the newest build of it under src/, preferring this build's configuration.
/// </summary>
internal static class BuildOutputs
{
    public static string? Find(string environmentVariable, string project, string dll)
    {
        if (Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } given && File.Exists(given)) return given;
        // .../bench/EndoKED.Bench/bin/<Configuration>/net10.0/linux-x64/ → .../src/<project>/bin/<Configuration>/net10.0/linux-x64/
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent?.Parent?.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EndoKED.sln"))) root = root.Parent;
        if (root is null) return null;
        var bin = Path.Combine(root.FullName, "src", project, "bin");
        var candidates = Directory.Exists(bin) ? Directory.GetFiles(bin, dll, SearchOption.AllDirectories) : [];
        return candidates.OrderByDescending(c => c.Contains($"{Path.DirectorySeparatorChar}{configuration}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ThenByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
    }
}
