namespace EndoKED.Pipeline.Features.Demo.Rendering;

/// <summary>A polyp to place in a frame: its identity, its look, and its real size that sets its size in pixels.</summary>
public sealed record PolypToPlace(int Id, PolypAppearance Appearance, int SizeMm);

/// <summary>
/// Chooses a plausible view at random (seeded): where the lumen is, how the folds run, and where each requested
/// polyp sits: on the wall, inside the field, apart from the lumen and from each other.
/// </summary>
public sealed class SceneSampler(int width, int height)
{
    private const int PlacementTries = 300;

    public FrameScene Sample(ulong seed, FieldShape field, Rgb mucosa, IReadOnlyList<PolypToPlace> polyps)
    {
        ArgumentNullException.ThrowIfNull(polyps);
        var random = new DemoRandom(DemoRandom.Mix(seed));
        var scale = height / 288f;
        var lumen = new LumenView(
            (width / 2f) + (random.NextFloat(-0.32f, 0.32f) * height),
            (height / 2f) + (random.NextFloat(-0.28f, 0.28f) * height),
            random.NextFloat(14f, 32f) * scale);
        var jitter = random.NextFloat(0.96f, 1.04f);
        var scene = new FrameScene(
            width, height, random.NextULong(), field,
            mucosa.Scale(jitter, random.NextFloat(0.94f, 1.06f), random.NextFloat(0.94f, 1.06f)),
            lumen, random.NextFloat(2.2f, 3.6f), random.NextFloat(0.88f, 1.06f), []);

        var fieldMask = new FieldMask(scene);
        var placed = new List<PolypView>();
        foreach (var polyp in polyps)
        {
            var pixelsPerMm = random.NextFloat(2.6f, 4.2f) * scale;
            var radius = Math.Clamp(polyp.SizeMm * pixelsPerMm, 12f * scale, 75f * scale);
            placed.Add(Place(random, fieldMask, lumen, placed, polyp, radius));
        }

        return scene with { Polyps = placed };
    }

    private static PolypView Place(DemoRandom random, FieldMask fieldMask, LumenView lumen, List<PolypView> placed, PolypToPlace polyp, float radius)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Shrink the lesion (a farther view) when the frame has no room for it at this size.
            if (attempt > 0 && attempt % PlacementTries == 0) radius *= 0.85f;
            var x = random.NextFloat(0f, fieldMask.Width);
            var y = random.NextFloat(0f, fieldMask.Height);
            var reach = radius * (1f + polyp.Appearance.Irregularity);
            if (fieldMask.Inside(x, y) < reach + 4f) continue;
            if (Distance(x, y, lumen.X, lumen.Y) < (lumen.Radius * 1.8f) + reach) continue;
            if (placed.Any(p => Distance(x, y, p.X, p.Y) < 1.4f * (reach + p.RadiusPx))) continue;
            return new PolypView(polyp.Id, polyp.Appearance, x, y, radius, random.NextFloat(0f, MathF.PI));
        }
    }

    private static float Distance(float x0, float y0, float x1, float y1) => MathF.Sqrt(((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0)));
}
