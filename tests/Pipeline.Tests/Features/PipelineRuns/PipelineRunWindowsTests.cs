using EndoKED.Pipeline.Features.PipelineRuns.Advancing;
using EndoKED.Pipeline.Features.PipelineRuns.Following;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Tests.Features.PipelineRuns;

/// <summary>Batches of one run finish out of order on several workers; the run's progress must still add up.</summary>
public sealed class PipelineRunWindowsTests
{
    private static readonly Guid Run = Guid.NewGuid();
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static PipelineRunView Fold(params object[] events) =>
        events.Aggregate(PipelineRunProjection.Create(new PipelineRunRequested(Run, ["c"], ["extract"], "rules", false, "admin", At)),
            PipelineRunFold.Fold);

    private static PipelineBatchQueued Queued(int start, int count, bool last = false) => new(Run, "extract", start, count, last, "pipeline", At);

    private static PipelineBatchProcessed Processed(int start, int count, int failed = 0) =>
        new(Run, "extract", start + count, count - failed, failed, [.. Enumerable.Range(0, failed).Select(_ => new PipelineItemFailure(Guid.NewGuid(), "x"))], 1, "pipeline", At);

    private static StageProgress Stage(PipelineRunView run) => run.ProgressOf("extract")!;

    [Fact]
    public void A_batch_that_finishes_before_an_earlier_one_waits_ahead_and_the_position_covers_only_the_finished_prefix()
    {
        var started = new PipelineStageStarted(Run, "extract", 40, "pipeline", At);

        var run = Fold(started, Queued(0, 16), Queued(16, 16), Queued(32, 8, last: true), Processed(16, 16));

        Assert.Equal(0, Stage(run).Position);
        Assert.Equal([new BatchWindow(16, 16)], Stage(run).Ahead);
        Assert.Equal(24, Stage(run).InFlight);
        Assert.False(PipelineRunWindows.IsFinished(Stage(run)));

        run = Fold(started, Queued(0, 16), Queued(16, 16), Queued(32, 8, last: true), Processed(16, 16), Processed(0, 16, failed: 2), Processed(32, 8));

        Assert.Equal(40, Stage(run).Position);
        Assert.Empty(Stage(run).Ahead);
        Assert.Equal((38, 2), (Stage(run).Done, Stage(run).Failed));
        Assert.True(PipelineRunWindows.IsFinished(Stage(run)));
    }

    [Fact]
    public void No_more_batches_are_queued_than_the_run_may_have_in_flight()
    {
        var run = Fold(new PipelineStageStarted(Run, "extract", 100, "pipeline", At), Queued(0, 10), Queued(10, 10), Queued(20, 10));

        Assert.Equal(1, PipelineRunWindows.FreeBatches(Stage(run), 10, 4));
        Assert.Equal(0, PipelineRunWindows.FreeBatches(Stage(run), 10, 3));
        Assert.Equal(30, PipelineRunWindows.NextStart(Stage(run)));
    }

    [Fact]
    public void A_resumed_run_queues_again_what_was_in_flight_but_not_a_window_that_finished()
    {
        var run = Fold(new PipelineStageStarted(Run, "extract", 30, "pipeline", At), Queued(0, 10), Queued(10, 10), Queued(20, 10, last: true),
            Processed(10, 10), new PipelineRunCancelled(Run, "admin", At), new PipelineRunResumed(Run, 1, "admin", At));

        Assert.Equal(PipelineRunStatus.Running, run.Status);
        Assert.Equal(0, Stage(run).Queued);
        Assert.False(Stage(run).ScopeEnded);
        Assert.Equal(0, PipelineRunWindows.NextStart(Stage(run)));

        run = PipelineRunFold.Fold(run, Queued(0, 10));

        Assert.Equal(20, PipelineRunWindows.NextStart(Stage(run)));
    }

    [Fact]
    public void The_batches_of_a_run_recorded_one_after_another_before_batches_ran_in_parallel_still_add_up()
    {
        var run = Fold(new PipelineStageStarted(Run, "extract", 20, "pipeline", At), Processed(0, 16), Processed(16, 4),
            new PipelineStageCompleted(Run, "extract", "pipeline", At));

        Assert.Equal((20, 20, true), (Stage(run).Position, Stage(run).Done, Stage(run).Completed));
    }
}
