using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.PipelineRuns.Controlling;
using EndoKED.Pipeline.Features.PipelineRuns.Stages;
using EndoKED.Pipeline.Infrastructure.Access;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.PipelineRuns.Launching;

/// <summary>What the portal and the API call: admin only; the work itself happens in queued handlers.</summary>
public sealed class PipelineRunCommands(
    IMessageBus bus, IEnumerable<IPipelineStage> stages, ExaminationExtraction extraction, IDocumentStore store)
{
    public IReadOnlyList<IPipelineStage> Stages { get; } = [.. stages.OrderBy(s => s.Order)];

    public bool HasLlm => extraction.Supports("llm");

    /// <summary>Starts a run; returns its id, or the problem (<paramref name="caller"/> not an admin: forbidden).</summary>
    public async Task<(Guid? Id, string? Problem, bool Forbidden)> StartAsync(PipelineRunRequest request, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return (null, "Only admins start pipeline runs.", true);
        IReadOnlyList<string> known;
        await using (var session = store.QuerySession())
            known = await session.Query<CentreSummary>().Select(c => c.Id).ToListAsync(ct);
        var (command, problem) = PipelineRunRequestCheck.Check(request, known, Stages, extraction, caller.Actor, Guid.CreateVersion7());
        if (command is null) return (null, problem, false);
        await bus.InvokeAsync(command, ct);
        return (command.RunId, null, false);
    }

    public Task<ControlResult> CancelAsync(Guid runId, AccessScope caller, CancellationToken ct = default) =>
        ControlAsync(new CancelPipelineRun(runId, caller.Actor), caller, ct);

    public Task<ControlResult> ResumeAsync(Guid runId, AccessScope caller, CancellationToken ct = default) =>
        ControlAsync(new ResumePipelineRun(runId, caller.Actor), caller, ct);

    private async Task<ControlResult> ControlAsync(object command, AccessScope caller, CancellationToken ct)
    {
        if (!caller.IsAdmin) return new ControlResult(false, null);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await bus.InvokeAsync<ControlResult>(command, ct);
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 5)
            {
                // A batch was being recorded at that moment: read the run again and decide again.
            }
        }
    }
}
