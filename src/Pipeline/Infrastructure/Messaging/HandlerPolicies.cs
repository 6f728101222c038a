using JasperFx.Core;
using Wolverine;
using Wolverine.ErrorHandling;

namespace EndoKED.Pipeline.Infrastructure.Messaging;

/// <summary>
/// Something a handler needs is not reachable now (an LLM server): its message is retried soon, then left in the
/// dead-letter queue. Features derive their own (ExtractorUnavailableException).
/// </summary>
public abstract class ServiceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A model a handler needs is not there yet (no frame scorer trained, no SAM configured): its message is retried slowly,
/// so an admin has minutes to train or configure one. Features derive their own (FrameModelUnavailableException).
/// </summary>
public abstract class ModelMissingException(string message) : Exception(message);

/// <summary>The error policies every Wolverine handler of the pipeline gets, in one place.</summary>
public static class HandlerPolicies
{
    public static void ApplyHandlerPolicies(this WolverineOptions opts)
    {
        // Every handler: two writers of one stream at once (two readers of one examination, two scorers of one frame, an
        // ingest beside a run): the loser retries and finds the work done. The runs' bookkeeping (RunSteps) adds its own
        // longer cooldowns on top of this.
        opts.Policies.OnException<JasperFx.ConcurrencyException>().RetryTimes(3);

        // ExtractFindings (the extract queue and the runs' extract stage): the model server is down; wait and try again
        // rather than label from half the extractors.
        opts.Policies.OnException<ServiceUnavailableException>().RetryWithCooldown(5.Seconds(), 30.Seconds(), 2.Minutes());

        // ScoreImages and SegmentImage (score and segment queues, the runs' score and segment stages): no frame scorer or
        // SAM yet; wait for one to be trained or configured rather than drop the frames.
        opts.Policies.OnException<ModelMissingException>().RetryWithCooldown(30.Seconds(), 2.Minutes(), 10.Minutes());
    }
}
