using EndoKED.Pipeline.Features.Examinations;
using Marten;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Features.Extraction.ExtractingFindings;

/// <summary>Read one examination's report with the configured extractors and propose its polyp label.</summary>
/// <param name="ExaminationId">The examination stream.</param>
/// <param name="RequestedBy">Who asked (a user, <c>ingest</c>, or a pipeline run), for the log.</param>
/// <param name="Force">Read again even when these extractor versions already read this text.</param>
/// <param name="Mode">rules, llm or both; null runs every configured extractor.</param>
public sealed record ExtractFindings(Guid ExaminationId, string RequestedBy, bool Force = false, string? Mode = null);

/// <summary>
/// The ExtractFindings stage. Appends in the Wolverine transaction (Marten outbox), so a crash before the commit leaves
/// the message to be handled again and a crash after it finds the events already there: never lost, never doubled.
/// </summary>
public static class ExtractFindingsHandler
{
    public static async Task Handle(
        ExtractFindings message, IDocumentSession session, ExaminationExtraction extraction, ExtractionOptions options,
        TimeProvider clock, ILogger<ExtractFindings> logger, CancellationToken ct)
    {
        var exam = await session.LoadAsync<ExaminationView>(message.ExaminationId, ct);
        if (exam is null)
        {
            logger.LogWarning("ExtractFindings for {Id}: no such examination; nothing done", message.ExaminationId);
            return;
        }

        var textSha = FindingsDecider.TextHash(exam.ReportText, exam.PathologyText);
        var alreadyRead = exam.Findings.Where(f => f.TextSha256 == textSha).Select(f => f.ExtractorVersion).ToHashSet();
        if (!extraction.Supports(message.Mode))
            throw new ExtractorUnavailableException(
                $"extraction mode '{message.Mode}' needs an extractor this deployment does not run ({string.Join(", ", extraction.Names)}).");
        var versions = extraction.VersionsFor(message.Mode);
        if (!message.Force && versions.All(alreadyRead.Contains))
        {
            logger.LogDebug("ExtractFindings for {Id}: already read by {Versions}", exam.Id, string.Join(", ", versions));
            return;
        }

        var outcomes = await extraction.ExtractAsync(exam.Id, exam.ReportText, exam.PathologyText, ct, message.Mode);
        var events = FindingsDecider.Decide(exam.Id, exam.ReportText, exam.PathologyText, outcomes, options.Labelling, clock.GetUtcNow());
        // The expected version makes a second reader of the same examination fail and retry (then find the work done).
        session.Events.Append(exam.Id, exam.Version + events.Count, [.. events]);
    }
}
