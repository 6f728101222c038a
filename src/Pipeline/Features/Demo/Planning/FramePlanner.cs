namespace EndoKED.Pipeline.Features.Demo.Planning;

/// <summary>
/// Decides which polyps each frame of an examination shows: about half the frames of a positive examination,
/// every polyp at least once, a neighbour in the same segment sometimes in view too; none in a negative one.
/// </summary>
internal static class FramePlanner
{
    public static IReadOnlyList<IReadOnlyList<int>> Assign(DemoRandom random, IReadOnlyList<PlannedPolyp> polyps, int frameCount)
    {
        var frames = Enumerable.Range(0, frameCount).Select(_ => (IReadOnlyList<int>)[]).ToList();
        if (polyps.Count == 0) return frames;

        var wanted = (int)Math.Round(frameCount * random.NextFloat(0.4f, 0.6f));
        var polypFrames = Math.Clamp(wanted, Math.Min(polyps.Count, frameCount), Math.Max(polyps.Count, frameCount - 1));
        var slots = Enumerable.Range(0, frameCount).ToList();
        random.Shuffle(slots);
        for (var k = 0; k < polypFrames; k++)
        {
            var focus = k < polyps.Count ? polyps[k] : random.Pick(polyps);
            var inView = new List<int> { focus.Id };
            inView.AddRange(polyps.Where(p => p.Id != focus.Id && p.Segment == focus.Segment && random.Chance(0.35)).Select(p => p.Id));
            inView.Sort();
            frames[slots[k]] = inView;
        }

        return frames;
    }
}
