using EndoKED.Pipeline.Features.FrameLabels.ScoringImages;
using EndoKED.Shared.Events;
using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.PipelineRuns.Controlling;
using EndoKED.Pipeline.Infrastructure.Stages;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.PipelineRuns.Launching;

/// <summary>What the portal and the API call: admin only; the work itself happens in queued handlers.</summary>
public sealed class PipelineRunCommands(
    IMessageBus bus, IEnumerable<IPipelineStage> stages, ExaminationExtraction extraction, IDocumentStore store, FrameScoring scoring)
{
    public IReadOnlyList<IPipelineStage> Stages { get; } = [.. stages.OrderBy(s => s.Order)];

    public bool HasLlm => extraction.Supports("llm");

    /// <summary>Starts a run; returns its id, or the problem (<paramref name="caller"/> not an admin: forbidden).</summary>
    public async Task<(Guid? Id, string? Problem, bool Forbidden)> StartAsync(PipelineRunRequest request, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return (null, "Only admins start pipeline runs.", true);
        IReadOnlyList<string> known;
        IReadOnlyDictionary<string, string> unavailable;
        FrameScorerChoice? scorer;
        await using (var session = store.QuerySession())
        {
            known = await session.Query<CentreSummary>().Select(c => c.Id).ToListAsync(ct);
            unavailable = await UnavailableAsync(session, ct);
            scorer = await scoring.ChoiceAsync(session, ct);
        }
        var (command, problem) = PipelineRunRequestCheck.Check(request, known, Stages, unavailable, scorer, extraction, caller.Actor, Guid.CreateVersion7());
        if (command is null) return (null, problem, false);
        await bus.InvokeAsync(command, ct);
        return (command.RunId, null, false);
    }

    /// <summary>Why each stage that cannot run now cannot, in words an admin can act on (stages that can are absent).</summary>
    public async Task<IReadOnlyDictionary<string, string>> UnavailableAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await UnavailableAsync(session, ct);
    }

    /// <summary>The frame scorer a run started now would use, or null when there is none.</summary>
    public async Task<FrameScorerChoice?> FrameScorerAsync(CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return await scoring.ChoiceAsync(session, ct);
    }

    private async Task<IReadOnlyDictionary<string, string>> UnavailableAsync(IQuerySession session, CancellationToken ct)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in Stages)
            if (await stage.UnavailableAsync(session, ct) is { } reason) reasons[stage.Name] = reason;
        return reasons;
    }

    public Task<ControlResult> CancelAsync(Guid runId, AccessScope caller, CancellationToken ct = default) =>
        ControlAsync(new CancelPipelineRun(runId, caller.Actor), caller, ct);

    public Task<ControlResult> ResumeAsync(Guid runId, AccessScope caller, CancellationToken ct = default) =>
        ControlAsync(new ResumePipelineRun(runId, caller.Actor), caller, ct);

    /// <summary>A batch may be recorded at the same moment: then the run is read again and the command decided again.</summary>
    private Task<ControlResult> ControlAsync(object command, AccessScope caller, CancellationToken ct) =>
        caller.IsAdmin
            ? ConcurrencyRetry.RunAsync(() => bus.InvokeAsync<ControlResult>(command, ct))
            : Task.FromResult(new ControlResult(false, null));
}
