using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;

/// <summary>
/// What an admin asks for (<c>POST /api/self-training/rounds</c>): the student whose boxes the round uses (default: the
/// latest registered student, i.e. the latest finished student training run's model), the minimum refined quality
/// (default 0.5, as <c>./endoked self-train</c>), and the centres whose frames it considers (none: every centre).
/// </summary>
public sealed record SelfTrainingRoundRequest(Guid? ModelId = null, double? MinQuality = null, IReadOnlyList<string>? Centres = null);

/// <summary>Record a checked request and queue the round (one transaction through the Wolverine outbox).</summary>
public sealed record StartSelfTrainingRound(SelfTrainingRoundRequested Requested);

/// <summary>Run (or, after a crash, go on with) a requested round: queued on the training queue, one at a time.</summary>
public sealed record RunSelfTrainingRound(Guid RoundId);

/// <summary>A refused request: the field at fault (for the problem detail) and what to change.</summary>
public sealed record SelfTrainingRoundRefusal(string Field, string Problem);

/// <summary>The rules of a round request, pure.</summary>
public static class SelfTrainingRoundRequestCheck
{
    public const double DefaultMinQuality = 0.5;
    public const int MaxCentres = 100;

    /// <param name="request">The request.</param>
    /// <param name="model">The chosen model (by id), or the latest student when none was named; null when there is none.</param>
    /// <param name="knownCentres">The centres that hold examinations.</param>
    /// <param name="latest">The latest round, if any: a round still running refuses the request.</param>
    public static (SelfTrainingRoundRequested? Requested, SelfTrainingRoundRefusal? Refusal, bool Conflict) Check(
        SelfTrainingRoundRequest request, ModelView? model, IReadOnlySet<string> knownCentres, SelfTrainingRoundView? latest,
        string actor, DateTimeOffset now)
    {
        var quality = request.MinQuality ?? DefaultMinQuality;
        if (!(quality is >= 0 and <= 1))
            return (null, new("minQuality", $"minQuality must be a number from 0 to 1 (got {quality}); 0.5 is the default."), false);
        var centres = (request.Centres ?? []).Select(c => c?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (centres.Count > MaxCentres)
            return (null, new("centres", $"centres names at most {MaxCentres} centres; leave it empty for every centre."), false);
        if (centres.FirstOrDefault(c => !knownCentres.Contains(c)) is { } unknown)
            return (null, new("centres", $"centres: no examination belongs to centre '{Shorten(unknown)}'; name centres that hold frames " +
                $"({string.Join(", ", knownCentres.Order(StringComparer.Ordinal).Take(20))}) or leave it empty for every centre."), false);
        if (request.ModelId is { } id && model is null)
            return (null, new("modelId", $"modelId: no registered model {id}; pick a student from GET /api/models, or leave it out for the latest student."), false);
        if (model is not null && model.Kind != TrainingRunKinds.Student)
            return (null, new("modelId", $"modelId: model {model.ModelVersion} is a {model.Kind} model, not a segmentation student: only a student's predictions give boxes."), false);
        if (latest is { IsStopping: true })
            return (null, new("round", $"Round {latest.Round} is being cancelled (asked by {latest.CancelRequestedBy}): its worker stops it before " +
                "its next batch; start the next one when it shows cancelled."), true);
        if (latest is { IsOver: false })
            return (null, new("round", $"Round {latest.Round} (requested by {latest.RequestedBy}) is still {latest.Status.ToString().ToLowerInvariant()}: " +
                "wait for it to end (or cancel it), then start the next one."), true);
        var round = (latest?.Round ?? 0) + 1;
        return (new SelfTrainingRoundRequested(SelfTrainingRoundProvenance.StreamOf(round), round, model?.Id, model?.ModelVersion,
            model?.OnnxSha256, quality, centres, actor, now), null, false);
    }

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
