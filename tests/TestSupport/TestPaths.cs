namespace EndoKED.TestSupport;

/// <summary>Finds the repository root and the shared data beside it (../shared/data), wherever the tests run from.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The real colonoscopy frames (../shared/data/polyps), or null when this machine lacks them.</summary>
    public static string? PolypsData
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("ENDOKED_SHARED_DATA");
            var root = fromEnv ?? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));
            var polyps = Path.Combine(root, "polyps");
            return Directory.Exists(polyps) ? polyps : null;
        }
    }

    /// <summary>Skips the calling test with a clear message when the shared data is absent.</summary>
    public static string RequirePolypsData()
    {
        var dir = PolypsData;
        Skip.If(dir is null, "../shared/data/polyps is not on this machine; this test reads the real frames in place.");
        return dir!;
    }

    /// <summary>A fresh folder under the test output, removed by nobody: tests leave their artefacts to look at.</summary>
    public static string NewTempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "endoked-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EndoKED.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("EndoKED.sln not found above " + AppContext.BaseDirectory);
    }
}
