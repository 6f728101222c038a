using EndoKED.Shared.Events;
using EndoKED.Pipeline.Infrastructure.Stages;

namespace EndoKED.Pipeline.Features.PipelineRuns.Following;

public enum PipelineRunStatus { Running, Cancelled, Completed, Failed }

/// <summary>Read model of one pipeline run: what was asked, and each stage's progress, kept inline with every append.</summary>
public sealed record PipelineRunView
{
    public Guid Id { get; init; }
    public IReadOnlyList<string> Centres { get; init; } = [];
    public IReadOnlyList<string> Stages { get; init; } = [];
    public string Extractor { get; init; } = "";

    /// <summary>Who proposes the segment stage's masks (current or refiner; see <see cref="PipelineRunRequested.Proposer"/>).</summary>
    public string Proposer { get; init; } = RunProposers.Current;

    /// <summary>The frame scorer the score stage uses (null without a score stage).</summary>
    public FrameScorerChoice? FrameScorer { get; init; }
    public bool Force { get; init; }
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public PipelineRunStatus Status { get; init; }

    /// <summary>Raised by each resume: a message of an older generation finds it stale and stops.</summary>
    public int Generation { get; init; }

    public IReadOnlyList<StageProgress> Progress { get; init; } = [];
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? FailureReason { get; init; }
    public long Version { get; set; }

    /// <summary>The first stage not completed yet; null when all are.</summary>
    public string? CurrentStage => Stages.FirstOrDefault(s => Progress.FirstOrDefault(p => p.Stage == s) is not { Completed: true });

    public StageProgress? ProgressOf(string stage) => Progress.FirstOrDefault(p => p.Stage == stage);
}

/// <summary>One point of the throughput chart: items finished per second of work in one batch, at its end.</summary>
public sealed record ThroughputPoint(DateTimeOffset At, double ItemsPerSecond);

/// <summary>A window of a stage's ordered scope that one batch covers.</summary>
public sealed record BatchWindow(int Start, int Count)
{
    public int End => Start + Count;
}

/// <summary>
/// A stage's progress. Rate and ETA count working time only, so a paused run does not look slow. Batches run in
/// parallel and finish out of order: <see cref="Position"/> is the end of the finished prefix of the scope,
/// <see cref="Ahead"/> the windows finished beyond it, <see cref="Queued"/> the end of what was queued.
/// </summary>
public sealed record StageProgress(
    string Stage, int Total, int Position, int Done, int Failed, double Seconds, bool Completed,
    IReadOnlyList<PipelineItemFailure> RecentFailures, IReadOnlyList<ThroughputPoint> Throughput,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    public const int KeptFailures = 50;

    /// <summary>End of the windows queued so far (never below <see cref="Position"/>).</summary>
    public int Queued { get; init; }

    /// <summary>The last window has been queued: the stage is complete once everything queued has finished.</summary>
    public bool ScopeEnded { get; init; }

    /// <summary>Windows finished beyond <see cref="Position"/>, waiting for the ones before them.</summary>
    public IReadOnlyList<BatchWindow> Ahead { get; init; } = [];

    /// <summary>Items queued and not finished yet.</summary>
    public int InFlight => Math.Max(0, Queued - Position - Ahead.Sum(w => w.Count));

    public const int KeptPoints = 300;

    public double ItemsPerSecond => Seconds > 0 ? (Done + Failed) / Seconds : 0;

    public double Fraction => Completed ? 1 : Total == 0 ? 0 : Math.Min(1, (double)Position / Total);

    public TimeSpan? Eta => Completed ? TimeSpan.Zero
        : ItemsPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, Total - Position) / ItemsPerSecond) : null;
}
