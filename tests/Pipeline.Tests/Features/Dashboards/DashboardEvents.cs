using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Dashboards;

/// <summary>Examinations and frames as the pipeline would leave them, appended straight to a ledger.</summary>
public static class DashboardEvents
{
    /// <summary>A Monday: ISO week 2026-W10.</summary>
    public static readonly DateTimeOffset Week10 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly MaskRle Mask = BinaryMask.FromPredicate(4, 4, (x, y) => x < 2 && y < 2).ToEventMask();

    /// <summary>One examination with its report read and labelled, and its frames scored (probabilities given) and localised.</summary>
    public static Task<Guid> ExamAsync(IDocumentStore store, string centre, DateTimeOffset at, PolypLabel label, params double[] frames) =>
        DatedExamAsync(store, centre, null, at, label, frames);

    /// <summary>As <see cref="ExamAsync"/>, the examination dated <paramref name="date"/> by its source and ingested at <paramref name="at"/>.</summary>
    public static async Task<Guid> DatedExamAsync(IDocumentStore store, string centre, DateOnly? date, DateTimeOffset at, PolypLabel label, params double[] frames)
    {
        var exam = Guid.NewGuid();
        await using var session = store.LightweightSession();
        var images = frames.Select(_ => Guid.NewGuid()).ToList();
        session.Events.StartStream(exam,
            new ExaminationIngested(exam, centre, exam.ToString(), "P", date, "report", null, new Dictionary<string, string>(), "test", at),
            new FramesAttached(exam, images, "test", at),
            new FindingsExtracted(exam, "rules", "rules/1", "{}", label == PolypLabel.Present, 0.9, [], "sha", "rules/1", at),
            new ExaminationLabelProposed(exam, label, 0.9, "rules", [], ["rules/1"], label == PolypLabel.Undecided, "rules/1", at));
        for (var i = 0; i < images.Count; i++)
        {
            var img = images[i];
            var positive = frames[i] >= 0.5;
            session.Events.StartStream(img,
                new ImageIngested(img, exam, centre, "sha" + i, 10, 4, 4, "png", $"f{i}.png", i, "test", at),
                new ImageScored(img, exam, centre, "mil", "mil/1", frames[i], "mil/1", at),
                positive
                    ? new ImageLocalised(img, exam, centre, new FrameBox(0, 0, 2, 2), null, null, "cam/1", "mil/1", at)
                    : new ImageLocalised(img, exam, centre, null, "BelowThreshold", "p < 0.5", "cam/1", "mil/1", at));
            if (positive)
                session.Events.Append(img, new MaskProposed(img, exam, centre, "embedded", "1", "embedded:1", new FrameBox(0, 0, 2, 2), Mask, 0.8, null, "embedded:1", at));
        }
        await session.SaveChangesAsync();
        return exam;
    }

    /// <summary>A frame with a proposed mask on which readers vote, then consensus (a correction unless <paramref name="verdict"/> is accept).</summary>
    public static async Task ReviewedImageAsync(IDocumentStore store, string centre, DateTimeOffset at, ReviewVerdict verdict, params string[] readers)
    {
        var image = Guid.NewGuid();
        await using var session = store.LightweightSession();
        session.Events.StartStream(image,
            new ImageIngested(image, Guid.NewGuid(), centre, "sha", 10, 4, 4, "png", "f.png", 0, "test", at),
            new MaskProposed(image, Guid.NewGuid(), centre, "embedded", "1", "embedded:1", new FrameBox(0, 0, 2, 2), Mask, 0.5, null, "embedded:1", at));
        foreach (var r in readers)
            session.Events.Append(image, new VoteCast(image, ReviewItemKind.Image, Guid.NewGuid(), centre, r, verdict,
                null, verdict == ReviewVerdict.Correct ? Mask : null, ReviewReason.Agree, null, null, at));
        session.Events.Append(image, new ConsensusReached(image, ReviewItemKind.Image, centre, verdict, null, null, Mask,
            ConsensusMethod.Consensus, [], [], "consensus:two-agreeing", at));
        await session.SaveChangesAsync();
    }
}
