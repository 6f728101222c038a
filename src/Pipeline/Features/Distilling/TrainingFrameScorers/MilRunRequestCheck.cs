using System.Globalization;
using System.Text;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Models.Mil;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;

/// <summary>Record a checked frame-scorer request and queue its training (one transaction through the Wolverine outbox).</summary>
public sealed record StartMilRun(Guid RunId, Guid? SplitId, string? SplitManifestSha256, string BagManifestSha256, MilConfiguration Configuration,
    MilBagPlan Plan, long LedgerPosition, string Actor);

/// <summary>
/// A frame-scorer request: settings checked against their ranges (defaults from <see cref="MilTrainingOptions"/>), the
/// label rule applied to the ledger's examinations at the ledger's current position, patients placed by a frozen split or
/// a seeded draw, and the bags' manifest stored in the file store. A request that cannot train answers what to change.
/// </summary>
public static class MilRunRequestCheck
{
    public const double DefaultMinConfidence = 0.8;
    public const double DefaultValidationFraction = 0.25;

    public static (MilConfiguration? Configuration, string? Problem) Configure(TrainingRunRequest request)
    {
        var d = new MilTrainingOptions();
        var c = new MilConfiguration(request.Epochs ?? d.Epochs, request.LearningRate ?? d.LearningRate, request.BatchSize ?? d.BagsPerStep,
            request.Seed ?? d.Seed, request.Threshold ?? 0.5, request.MinConfidence ?? DefaultMinConfidence,
            request.ValidationFraction ?? DefaultValidationFraction, request.PromoteWhenDone ?? false);
        string? problem = c switch
        {
            { Epochs: < 1 or > 1000 } => $"Epochs must be 1 to 1000 (got {c.Epochs}).",
            { BagsPerStep: < 1 or > 256 } => $"BatchSize (examinations per step) must be 1 to 256 (got {c.BagsPerStep}).",
            { LearningRate: not (> 0 and < 1) } => $"LearningRate must be in (0, 1) (got {c.LearningRate.ToString(CultureInfo.InvariantCulture)}).",
            { Threshold: not (> 0 and < 1) } => $"Threshold must be a probability in (0, 1) (got {c.Threshold.ToString(CultureInfo.InvariantCulture)}).",
            { MinMachineConfidence: not (>= 0 and <= 1) } => $"MinConfidence must be in [0, 1] (got {c.MinMachineConfidence.ToString(CultureInfo.InvariantCulture)}).",
            { ValidationFraction: not (> 0 and < 1) } => $"ValidationFraction must be in (0, 1) (got {c.ValidationFraction.ToString(CultureInfo.InvariantCulture)}).",
            _ => null,
        };
        return problem is null ? (c, null) : (null, problem);
    }

    public static async Task<(StartMilRun? Command, string? Problem)> CheckAsync(
        IDocumentStore store, IFileStore files, TrainingRunRequest request, AccessScope caller, CancellationToken ct = default)
    {
        var (configuration, problem) = Configure(request);
        if (configuration is null) return (null, problem);
        await using var session = store.QuerySession();
        var position = await store.Storage.Database.FetchHighestEventSequenceNumber(ct);

        SplitView? split = null;
        IReadOnlyDictionary<string, EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting.SplitPart>? parts = null;
        if (request.SplitId != Guid.Empty)
        {
            split = await session.LoadAsync<SplitView>(request.SplitId, ct);
            if (split is null) return (null, $"No split {request.SplitId}: choose a frozen split, or none for a patient-grouped draw.");
            if (!split.Frozen) return (null, $"Split {split.Name} is not frozen: freeze it first, or train without a split.");
            parts = (await SplitQueries.ReadManifestAsync(files, split.ManifestSha256, ct))
                .GroupBy(m => m.PatientKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Part, StringComparer.Ordinal);
        }

        var exams = await ReadExaminationsAsync(session, ct);
        var (plan, why) = MilBagPlanner.Plan(exams, configuration, parts, split?.Name);
        if (plan is null) return (null, why);
        var manifest = await files.PutAsync(Encoding.UTF8.GetBytes(MilBagPlanner.Manifest(plan.Bags)), ct);
        return (new StartMilRun(Guid.CreateVersion7(), split?.Id, split?.ManifestSha256, manifest.Sha256, configuration, plan, position, caller.Actor), null);
    }

    /// <summary>Every examination with what the rule needs: its latest final label from the review events, and the machines' label.</summary>
    private static async Task<IReadOnlyList<MilExamination>> ReadExaminationsAsync(IQuerySession session, CancellationToken ct)
    {
        var finals = (await session.Events.QueryRawEventDataOnly<ConsensusReached>().Where(e => e.ItemKind == ReviewItemKind.Examination).ToListAsync(ct))
            .GroupBy(e => e.ItemId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.At)!);
        var exams = await session.Query<ExaminationView>().ToListAsync(ct);
        return [.. exams.Select(e => new MilExamination(e.Id, e.CentreId, e.PatientId, e.FrameCount, finals.ContainsKey(e.Id),
            finals.GetValueOrDefault(e.Id)?.Label, e.ProposedLabel, e.ProposedLabelConfidence, e.NeedsReview))];
    }

    public static MilRunRequested Requested(StartMilRun c, DateTimeOffset at) =>
        new(c.RunId, c.SplitId, c.SplitManifestSha256, c.BagManifestSha256, c.Configuration, c.Plan.LabelRule, c.Plan.Grouping,
            c.Plan.Counts, TrainingRunRequestCheck.CodeVersion, c.LedgerPosition, c.Actor, at);
}

public static class StartMilRunHandler
{
    public static async Task Handle(StartMilRun command, IDocumentSession session, IMessageContext context, TimeProvider clock)
    {
        session.Events.StartStream<TrainingRunView>(command.RunId, MilRunRequestCheck.Requested(command, clock.GetUtcNow()));
        await context.PublishAsync(new TrainMil(command.RunId));
    }
}
