namespace EndoKED.Pipeline.Infrastructure.Stages;

/// <summary>Who proposes the segment stage's masks in a run (<see cref="Shared.Events.PipelineRunRequested.Proposer"/>).</summary>
public static class RunProposers
{
    /// <summary>The promoted student of self-training when there is one, else the configured refiner.</summary>
    public const string Current = "current";

    /// <summary>The configured refiner (SAM or embedded) even after a promotion.</summary>
    public const string Refiner = "refiner";

    public static readonly string[] All = [Current, Refiner];
}
