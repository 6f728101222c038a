using Marten;

namespace EndoKED.Pipeline.Infrastructure.Stages;

/// <summary>
/// A stage a pipeline run can drive, declared by the feature that does the work and registered there
/// (<c>services.AddSingleton&lt;IPipelineStage, ...&gt;()</c>): its scope, its message (whose queue and handler the same
/// feature declares) and the failures that mean it cannot run on this deployment. The runs know stages only through
/// this contract: an ordered scope of items in the run's centres, and the stage message for one item
/// (handled inline by the run, so the item's own handler, retries and idempotence apply).
/// </summary>
public interface IPipelineStage
{
    /// <summary>The name runs use (extract, score, segment).</summary>
    string Name { get; }

    /// <summary>One line for the portal's start form.</summary>
    string Description { get; }

    /// <summary>Stages that must come earlier in the same run when both are chosen.</summary>
    int Order { get; }

    /// <summary>Why this deployment cannot run the stage now (a model missing), in words an admin can act on; null when it can.</summary>
    Task<string?> UnavailableAsync(IQuerySession session, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>
    /// Failures of an item's message that mean the stage cannot run here at all (no model, no LLM): the batch stops and
    /// the run reports the reason instead of counting every item as failed.
    /// </summary>
    IReadOnlyList<Type> UnavailableFailures { get; }

    /// <summary>What the run page says when the stage's scope is empty: why, and what to do first.</summary>
    string NothingToDo { get; }

    Task<int> CountAsync(IQuerySession session, IReadOnlyList<string> centres, CancellationToken ct);

    /// <summary>Items <paramref name="skip"/> .. <paramref name="skip"/>+<paramref name="take"/> of the scope, in a stable order.</summary>
    Task<IReadOnlyList<Guid>> PageAsync(IQuerySession session, IReadOnlyList<string> centres, int skip, int take, CancellationToken ct);

    /// <summary>The stage's own message for one item.</summary>
    object MessageFor(Guid itemId, PipelineRunContext run);
}

/// <summary>What a stage needs to know about the run that asks it.</summary>
/// <param name="Proposer">Who proposes masks in the segment stage: current or refiner.</param>
/// <param name="FrameScorerId">The registered frame scorer the run pinned (null: a configured override, or none).</param>
public sealed record PipelineRunContext(Guid RunId, string Extractor, bool Force, string Proposer = RunProposers.Current, Guid? FrameScorerId = null)
{
    public string Actor => $"run:{RunId:N}";
}
