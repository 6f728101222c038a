using System.Text.Json;
using EndoKED.Pipeline.Infrastructure;

namespace EndoKED.Pipeline.Features.DemoSeeding;

/// <summary>How far the demo's first start got: each step is resumed by the next start until it is bootstrapped.</summary>
public static class DemoStages
{
    /// <summary>Generating and ingesting the synthetic records.</summary>
    public const string Seeding = "seeding";

    /// <summary>Records in the ledger; the chain (frame scorer, first pipeline run) not started yet.</summary>
    public const string Seeded = "seeded";

    /// <summary>The first pipeline run was started: nothing more to do on later starts.</summary>
    public const string Bootstrapped = "bootstrapped";
}

/// <summary>
/// <c>demo-state.json</c> beside the file store: the stage the demo reached. A file, not an event: it belongs to this
/// deployment's data folder (like the demo's source records), not to the clinical ledger.
/// </summary>
public sealed record DemoState(string Stage, DateTimeOffset At, string? Note = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathFor(EndoKedOptions options) => Path.GetFullPath(Path.Combine(options.DataRoot, "..", "demo-state.json"));

    public static DemoState? Read(EndoKedOptions options)
    {
        var path = PathFor(options);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<DemoState>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null; // a state half-written by a kill: the ledger decides (see DemoSeeder)
        }
    }

    public void Write(EndoKedOptions options)
    {
        var path = PathFor(options);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
