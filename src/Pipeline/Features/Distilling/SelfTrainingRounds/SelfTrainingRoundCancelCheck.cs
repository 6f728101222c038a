using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;

/// <summary>
/// The rule of an admin's cancel, pure: a requested or running round may be cancelled once; a round that is over
/// (completed, failed, cancelled) or already being cancelled is refused, saying its status.
/// </summary>
public static class SelfTrainingRoundCancelCheck
{
    public static (SelfTrainingRoundCancelRequested? Cancel, SelfTrainingRoundRefusal? Refusal) Decide(
        SelfTrainingRoundView round, string actor, DateTimeOffset now)
    {
        var status = round.Status.ToString().ToLowerInvariant();
        if (round.IsOver)
            return (null, new("status", $"Round {round.Round} is already {status}: there is nothing to cancel."));
        if (round.IsStopping)
            return (null, new("status", $"Round {round.Round} is {status} and already being cancelled (asked by {round.CancelRequestedBy}): " +
                "its worker stops it before its next batch."));
        return (new SelfTrainingRoundCancelRequested(round.Id, actor, now), null);
    }
}
