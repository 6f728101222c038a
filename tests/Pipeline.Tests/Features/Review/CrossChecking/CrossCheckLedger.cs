using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.CrossChecking;

/// <summary>Examinations with frames and scores appended as the pipeline would, votes through the handler, and the daemon caught up.</summary>
public static class CrossCheckLedger
{
    /// <summary>An examination with a label and one frame per score (null: the frame is not scored yet).</summary>
    public static async Task<Guid> ExamAsync(IDocumentStore store, string centre, PolypLabel? label, params double?[] scores)
    {
        var exam = Guid.NewGuid();
        var frames = scores.Select(_ => Guid.NewGuid()).ToList();
        await using var session = store.LightweightSession();
        session.Events.StartStream(exam,
            new ExaminationIngested(exam, centre, exam.ToString(), "P", null, "report", null, new Dictionary<string, string>(), "test", T0),
            new FramesAttached(exam, frames, "test", T0));
        for (var i = 0; i < frames.Count; i++)
        {
            session.Events.StartStream(frames[i],
                new ImageIngested(frames[i], exam, centre, $"{i:x64}", 10, 40, 30, "png", $"f{i}.png", i, "test", T0));
            if (scores[i] is { } p) session.Events.Append(frames[i], Scored(frames[i], exam, centre, p));
        }

        if (label is { } l)
            session.Events.Append(exam, new ExaminationLabelProposed(exam, l, 0.9, "rules", [], ["rules/1"], false, "rules/1", T0.AddMinutes(1)));
        await session.SaveChangesAsync();
        return exam;
    }

    public static ImageScored Scored(Guid image, Guid exam, string centre, double p) =>
        new(image, exam, centre, "mil", "mil/1", p, "mil/1", T0.AddMinutes(2));

    public static async Task VoteAsync(IDocumentStore store, ReviewItemKind kind, Guid item, AccessScope reader, VoteContent content)
    {
        await using var session = store.LightweightSession();
        var result = await new CastVoteHandler(session, Options, TimeProvider.System).HandleAsync(new CastVote(kind, item, content), null, reader);
        Assert.Null(result.Refusal);
    }

    public static async Task CatchUpAsync(IDocumentStore store)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.CatchUpAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    public static async Task<ReviewQueuePage> QueueAsync(
        IDocumentStore store, ReviewItemKind kind, QueueName queue, string centre, AccessScope reader, ReviewOptions? options = null, int page = 1, int size = 25)
    {
        await CatchUpAsync(store);
        await using var session = store.QuerySession();
        var (result, refusal) = await new GetReviewQueue(session, TimeProvider.System, options ?? Options)
            .HandleAsync(new ReviewQueueQuery(kind, centre, queue, [], page, size), reader);
        Assert.Null(refusal);
        return result!;
    }
}
