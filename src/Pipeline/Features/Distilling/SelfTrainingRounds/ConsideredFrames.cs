using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.Localising;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;

/// <summary>A frame a round considers: a machine mask is its current proposal and its frame label says polyp.</summary>
/// <param name="EarlierBox">The box of the frame's current proposal: the student's box must agree with it.</param>
public sealed record RoundFrame(Guid ImageId, Guid ExaminationId, string CentreId, string Sha256, FrameBox EarlierBox);

/// <summary>Which frames a round judges.</summary>
public static class ConsideredFrames
{
    /// <summary>
    /// The frames of the centres (all when none) whose latest proposal is a machine mask (not an import) and whose
    /// localisation was not refused for a low probability (the frame label says polyp). Read a page at a time.
    /// </summary>
    public static async Task<List<RoundFrame>> ReadAsync(IQuerySession session, IReadOnlyList<string> centres, CancellationToken ct)
    {
        var found = new List<RoundFrame>();
        var names = centres.ToArray();
        var after = Guid.Empty;
        while (true)
        {
            var query = session.Query<ImageView>().Where(x => x.Id.CompareTo(after) > 0 && x.Masks.Any());
            if (names.Length > 0) query = query.Where(x => x.CentreId.IsOneOf(names));
            var page = await query.OrderBy(x => x.Id).Take(500).ToListAsync(ct);
            if (page.Count == 0) return found;
            after = page[^1].Id;
            foreach (var image in page)
                if (Considered(image) is { } frame) found.Add(frame);
        }
    }

    public static RoundFrame? Considered(ImageView image)
    {
        if (image.Localisation is not { } localised || localised.Rejection == nameof(BoxRejection.BelowProbabilityThreshold)) return null;
        var current = image.Masks.MaxBy(m => m.At);
        if (current is null || current.Refiner.StartsWith("import:", StringComparison.Ordinal)) return null;
        return new RoundFrame(image.Id, image.ExaminationId, image.CentreId, image.Sha256, current.Box);
    }

}
