using System.Reflection;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Models.Student.Fitting;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;

/// <summary>
/// What an admin asks for (<c>POST /api/training-runs</c>): a frozen split and optional settings (defaults apply).
/// <paramref name="Kind"/> is <c>student</c> (default) or <c>biopsy</c> (the adenoma head: <paramref name="TopK"/> frames
/// per examination, <paramref name="Hidden"/> units; Size, BaseChannels and Levels do not apply). A student's
/// <paramref name="Encoder"/> is <c>resnet18</c> (default: the packaged ImageNet ResNet-18, frozen unless
/// <paramref name="FreezeEncoder"/> is false) or <c>plain</c> (trained from scratch; <paramref name="Levels"/> applies).
/// <c>mil</c> trains the frame scorer from the examinations' labels: the split is optional (none: a patient-grouped draw
/// of <paramref name="ValidationFraction"/>), <paramref name="MinConfidence"/> is the machine label's threshold,
/// <paramref name="Threshold"/> the frame probability that counts as polyp, <paramref name="PromoteWhenDone"/> makes it the
/// frame scorer when it completes, and <paramref name="BatchSize"/> counts examinations per step.
/// </summary>
public sealed record TrainingRunRequest(
    Guid SplitId = default, int? Epochs = null, int? Size = null, int? BaseChannels = null, int? Levels = null,
    double? LearningRate = null, int? BatchSize = null, int? Seed = null, string? Kind = null, int? TopK = null, int? Hidden = null,
    string? Encoder = null, bool? FreezeEncoder = null, double? Threshold = null, double? MinConfidence = null,
    double? ValidationFraction = null, bool? PromoteWhenDone = null);

/// <summary>Record a checked request and queue its training (one transaction through the Wolverine outbox).</summary>
public sealed record StartTrainingRun(Guid RunId, Guid SplitId, string ManifestSha256, TrainingConfiguration Configuration, long LedgerPosition, string Actor);

/// <summary>The rules of a training request, pure: only a frozen split, and a configuration the student can be built with.</summary>
public static class TrainingRunRequestCheck
{
    public static string CodeVersion { get; } =
        typeof(TrainingRunRequestCheck).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static (StartTrainingRun? Command, string? Problem) Check(
        TrainingRunRequest request, SplitView? split, long ledgerPosition, string actor, Guid runId)
    {
        if (split is null) return (null, $"No split {request.SplitId}: draft one with POST /api/splits.");
        if (!split.Frozen) return (null, $"Split {split.Id} is not frozen: check its leakage report and freeze it (POST /api/splits/{split.Id}/freeze) first.");
        var network = new StudentOptions();
        var training = new StudentTrainingOptions();
        var encoder = request.Encoder ?? StudentEncoders.ResNet18; // new runs get the pretrained encoder
        var configuration = new TrainingConfiguration(
            request.Size ?? network.InputSize, request.Epochs ?? training.Epochs, request.BaseChannels ?? network.BaseChannels,
            request.Levels ?? network.Levels, request.LearningRate ?? training.LearningRate, request.BatchSize ?? training.BatchSize,
            request.Seed ?? training.Seed, encoder,
            encoder == StudentEncoders.ResNet18 ? request.FreezeEncoder ?? network.FreezeEncoder : null);
        if (configuration.Epochs is < 1 or > 1000) return (null, $"Epochs must be 1 to 1000 (got {configuration.Epochs}).");
        if (configuration.BatchSize is < 1 or > 512) return (null, $"BatchSize must be 1 to 512 (got {configuration.BatchSize}).");
        if (!(configuration.LearningRate is > 0 and < 1)) return (null, $"LearningRate must be in (0, 1) (got {configuration.LearningRate}).");
        try
        {
            Network(configuration).Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            return (null, e.Message);
        }
        return (new StartTrainingRun(runId, split.Id, split.ManifestSha256, configuration, ledgerPosition, actor), null);
    }

    public static StudentOptions Network(TrainingConfiguration c) =>
        new()
        {
            InputSize = c.InputSize, BaseChannels = c.BaseChannels, Levels = c.Levels, Seed = c.Seed,
            Encoder = c.Encoder ?? StudentEncoders.Plain, FreezeEncoder = c.FreezeEncoder ?? true,
        };

    public static StudentTrainingOptions Training(TrainingConfiguration c) =>
        new() { Epochs = c.Epochs, BatchSize = c.BatchSize, LearningRate = c.LearningRate, Seed = c.Seed };

    public static TrainingRunRequested Requested(StartTrainingRun c, DateTimeOffset at) =>
        new(c.RunId, c.SplitId, c.ManifestSha256, c.Configuration, CodeVersion, c.LedgerPosition, c.Actor, at);
}
