using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.CrossChecking;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Shared.Records;
using static EndoKED.Pipeline.Tests.Features.Review.CrossChecking.CrossCheckLedger;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.CrossChecking;

/// <summary>The report-versus-frames queue on a real ledger: events appended as the pipeline would, the daemon caught up.</summary>
public class CrossCheckQueueTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private Task<ReviewQueuePage> CrossCheckAsync(string centre, string reader = "reader", ReviewOptions? options = null) =>
        QueueAsync(ledger.Store, ReviewItemKind.Examination, QueueName.CrossCheck, centre, Clinician(reader, centre), options);

    [Fact]
    public async Task Both_directions_of_disagreement_enter_the_queue_and_consistent_or_unsettled_examinations_do_not()
    {
        const string centre = "cc-directions";
        var polypNoFrame = await ExamAsync(ledger.Store, centre, PolypLabel.Present, 0.1, 0.3);
        var noPolypButFrame = await ExamAsync(ledger.Store, centre, PolypLabel.Absent, 0.05, 0.85);
        await ExamAsync(ledger.Store, centre, PolypLabel.Present, 0.1, 0.7);         // a frame backs the report
        await ExamAsync(ledger.Store, centre, PolypLabel.Absent, 0.1, 0.6);          // no frame scores high
        await ExamAsync(ledger.Store, centre, PolypLabel.Present, 0.1, null);        // not every frame scored yet
        await ExamAsync(ledger.Store, centre, PolypLabel.Undecided, 0.05, 0.9);      // no report label to contradict
        await ExamAsync(ledger.Store, centre, PolypLabel.Present);                   // no frames

        var page = await CrossCheckAsync(centre);

        Assert.Equal(2, page.Total);
        var byId = page.Items.ToDictionary(i => i.Id);
        Assert.Equal(new[] { polypNoFrame, noPolypButFrame }.Order(), byId.Keys.Order());
        var low = byId[polypNoFrame].CrossCheck!;
        Assert.Equal((CrossCheckDirection.PolypInReportNotInFrames, 0.3, 2, 2), (low.Direction, low.MaxProbability, low.FramesScored, low.Frames));
        var high = byId[noPolypButFrame].CrossCheck!;
        Assert.Equal((CrossCheckDirection.PolypInFramesNotInReport, 0.85), (high.Direction, high.MaxProbability));
        Assert.All(page.Items, i => Assert.Equal(ReviewItemKind.Examination, i.Kind));
    }

    [Fact]
    public async Task The_largest_discrepancy_comes_first_and_pages_on_the_server()
    {
        const string centre = "cc-order";
        var mild = await ExamAsync(ledger.Store, centre, PolypLabel.Present, 0.45);       // 0.55
        var strongest = await ExamAsync(ledger.Store, centre, PolypLabel.Absent, 0.99);   // 0.99
        var strong = await ExamAsync(ledger.Store, centre, PolypLabel.Present, 0.05);     // 0.95
        var middle = await ExamAsync(ledger.Store, centre, PolypLabel.Absent, 0.2, 0.82); // 0.82

        Assert.Equal([strongest, strong, middle, mild], (await CrossCheckAsync(centre)).Items.Select(i => i.Id));
        Assert.Equal([99.0, 95.0, 82.0, 55.0], (await CrossCheckAsync(centre)).Items.Select(i => i.Priority));

        var second = await QueueAsync(ledger.Store, ReviewItemKind.Examination, QueueName.CrossCheck, centre, Clinician("reader", centre), page: 2, size: 3);
        Assert.Equal((4L, mild), (second.Total, Assert.Single(second.Items).Id));
    }

    [Fact]
    public async Task The_thresholds_come_from_the_options_when_the_queue_is_read()
    {
        const string centre = "cc-options";
        var exam = await ExamAsync(ledger.Store, centre, PolypLabel.Present, 0.3);
        Assert.Contains(exam, (await CrossCheckAsync(centre)).Items.Select(i => i.Id));
        var strict = new ReviewOptions { CrossCheckPolypBelow = 0.2 };
        Assert.Empty((await CrossCheckAsync(centre, options: strict)).Items);
    }

    [Fact]
    public async Task A_new_frame_score_opens_or_closes_the_discrepancy()
    {
        const string centre = "cc-rescore";
        var exam = await ExamAsync(ledger.Store, centre, PolypLabel.Present, 0.1, null);
        Assert.Empty((await CrossCheckAsync(centre)).Items);

        var frames = await FramesAsync(exam);
        await AppendScoreAsync(frames[1], exam, centre, 0.2);
        Assert.Equal(exam, Assert.Single((await CrossCheckAsync(centre)).Items).Id);

        // The frame is scored again by a later model and now backs the report.
        await AppendScoreAsync(frames[1], exam, centre, 0.9);
        Assert.Empty((await CrossCheckAsync(centre)).Items);
    }

    [Fact]
    public async Task Voting_on_the_examination_label_resolves_the_item_once_the_label_is_final()
    {
        const string centre = "cc-voting";
        var exam = await ExamAsync(ledger.Store, centre, PolypLabel.Absent, 0.95);
        Assert.Single((await CrossCheckAsync(centre, "ann")).Items);

        await VoteAsync(ledger.Store, ReviewItemKind.Examination, exam, Clinician("ann", centre), Correct(ReviewValues.LabelValue(PolypLabel.Present)));
        Assert.Empty((await CrossCheckAsync(centre, "ann")).Items);     // ann voted: gone for her
        Assert.Single((await CrossCheckAsync(centre, "bob")).Items);    // still open for bob

        await VoteAsync(ledger.Store, ReviewItemKind.Examination, exam, Clinician("bob", centre), Correct(ReviewValues.LabelValue(PolypLabel.Present)));
        Assert.Empty((await CrossCheckAsync(centre, "bob")).Items);
        Assert.Empty((await CrossCheckAsync(centre, "cid")).Items);     // final label: resolved for everyone
        await using var session = ledger.Store.QuerySession();
        var item = await session.LoadAsync<CrossCheckItem>(exam);
        Assert.Equal((ReviewStage.Final, PolypLabel.Present), (item!.Stage, item.Label));
    }

    [Fact]
    public async Task The_top_frames_come_highest_probability_first_and_only_for_a_caller_of_the_centre()
    {
        const string centre = "cc-frames";
        var exam = await ExamAsync(ledger.Store, centre, PolypLabel.Absent, 0.2, 0.9, null, 0.5);
        await using var session = ledger.Store.QuerySession();
        var frames = await new GetTopFrames(session, new ReviewOptions { CrossCheckTopFrames = 2 }).HandleAsync(exam, Clinician("ann", centre));
        Assert.Equal([0.9, 0.5], frames.Select(f => f.Probability!.Value));
        Assert.Empty(await new GetTopFrames(session, Options).HandleAsync(exam, Clinician("eve", "elsewhere")));
    }

    private async Task<IReadOnlyList<Guid>> FramesAsync(Guid exam)
    {
        await using var session = ledger.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(exam)).Select(e => e.Data).OfType<EndoKED.Shared.Events.FramesAttached>().Single().ImageIds;
    }

    private async Task AppendScoreAsync(Guid image, Guid exam, string centre, double p)
    {
        await using var session = ledger.Store.LightweightSession();
        session.Events.Append(image, Scored(image, exam, centre, p));
        await session.SaveChangesAsync();
    }
}
