using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.PipelineRuns.Advancing;
using EndoKED.Pipeline.Infrastructure.Stages;
using EndoKED.Shared.Events;
using Marten;
using Wolverine;

namespace EndoKED.Pipeline.Features.PipelineRuns.Launching;

/// <summary>What an admin asks for (portal form or <c>POST /api/pipeline-runs</c>).</summary>
public sealed record PipelineRunRequest(
    IReadOnlyList<string>? Centres, IReadOnlyList<string>? Stages, string? Extractor = null, bool Force = false, string? Proposer = null);

/// <summary>Start a run that was checked by <see cref="PipelineRunRequestCheck"/>.</summary>
public sealed record StartPipelineRun(
    Guid RunId, IReadOnlyList<string> Centres, IReadOnlyList<string> Stages, string Extractor, bool Force, string Actor,
    string Proposer = RunProposers.Current, FrameScorerChoice? FrameScorer = null);

/// <summary>Checks a request against the stages and extractors this deployment has, and says what to change.</summary>
public static class PipelineRunRequestCheck
{
    public static readonly string[] Extractors = ["rules", "llm", "both"];

    /// <param name="unavailable">Why each stage that cannot run now cannot (stages missing from it can).</param>
    /// <param name="frameScorer">The frame scorer in force now, which a run with a score stage pins.</param>
    /// <returns>The command, or the problem in words.</returns>
    public static (StartPipelineRun? Command, string? Problem) Check(
        PipelineRunRequest request, IReadOnlyCollection<string> knownCentres, IReadOnlyList<IPipelineStage> stages,
        IReadOnlyDictionary<string, string> unavailable, FrameScorerChoice? frameScorer,
        ExaminationExtraction extraction, string actor, Guid runId)
    {
        var centres = (request.Centres ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).ToList();
        if (centres.Count == 0) return (null, "Choose at least one centre.");
        var unknown = centres.Where(c => !knownCentres.Contains(c)).ToList();
        if (unknown.Count > 0) return (null, $"No records for centre(s) {string.Join(", ", unknown)}; known: {string.Join(", ", knownCentres)}.");

        var names = (request.Stages ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return (null, $"Choose at least one stage: {string.Join(", ", stages.Select(s => s.Name))}.");
        var missing = names.Where(n => stages.All(s => s.Name != n)).ToList();
        if (missing.Count > 0) return (null, $"Unknown stage(s) {string.Join(", ", missing)}; this deployment has {string.Join(", ", stages.Select(s => s.Name))}.");

        if (stages.FirstOrDefault(s => names.Contains(s.Name) && unavailable.ContainsKey(s.Name)) is { } blocked)
            return (null, $"The '{blocked.Name}' stage cannot run here: {unavailable[blocked.Name]}");

        var extractor = request.Extractor ?? (extraction.Supports("both") ? "both" : "rules");
        if (!Extractors.Contains(extractor)) return (null, $"Extractor must be rules, llm or both, not '{extractor}'.");
        if (names.Contains("extract") && !extraction.Supports(extractor))
            return (null, $"This deployment has no LLM, so '{extractor}' cannot run: choose 'rules', or configure Ollama " +
                          "(ENDOKED_OLLAMA_URL and ENDOKED_OLLAMA_MODEL) and restart.");

        var proposer = string.IsNullOrWhiteSpace(request.Proposer) ? RunProposers.Current : request.Proposer;
        if (!RunProposers.All.Contains(proposer))
            return (null, $"Proposer must be '{RunProposers.Current}' (the promoted student, else the configured refiner) or '{RunProposers.Refiner}' (the configured refiner), not '{proposer}'.");

        // Stages always run in pipeline order, whatever order they were ticked in.
        var ordered = stages.Where(s => names.Contains(s.Name)).OrderBy(s => s.Order).Select(s => s.Name).ToList();
        return (new StartPipelineRun(runId, centres, ordered, extractor, request.Force, actor, proposer,
            ordered.Contains("score") ? frameScorer : null), null);
    }
}

public static class StartPipelineRunHandler
{
    /// <summary>Records the request and queues the first step, in one transaction (Marten outbox).</summary>
    public static async Task Handle(StartPipelineRun command, IDocumentSession session, IMessageContext context, TimeProvider clock)
    {
        session.Events.StartStream(command.RunId, new PipelineRunRequested(
            command.RunId, command.Centres, command.Stages, command.Extractor, command.Force, command.Actor, clock.GetUtcNow(), command.Proposer, command.FrameScorer));
        await context.PublishAsync(new AdvancePipelineRun(command.RunId, 0));
    }
}
