using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure.Stages;
using Marten;

namespace EndoKED.Pipeline.Features.Extraction.ExtractingFindings;

/// <summary>Reads every examination report of the run's centres (those already read by the same versions are skipped).</summary>
public sealed class ExtractStage : IPipelineStage
{
    public string Name => "extract";

    public string Description => "Read the reports: findings with evidence and a proposed polyp label per examination.";

    public int Order => 10;

    public IReadOnlyList<Type> UnavailableFailures { get; } = [typeof(ExtractorUnavailableException)];

    public string NothingToDo => "no examination in these centres yet: an admin ingests records first (Admin → Ingest).";

    private static IQueryable<ExaminationView> Scope(IQuerySession session, IReadOnlyList<string> centres) =>
        session.Query<ExaminationView>().Where(x => centres.Contains(x.CentreId));

    public Task<int> CountAsync(IQuerySession session, IReadOnlyList<string> centres, CancellationToken ct) =>
        Scope(session, centres).CountAsync(ct);

    public async Task<IReadOnlyList<Guid>> PageAsync(IQuerySession session, IReadOnlyList<string> centres, int skip, int take, CancellationToken ct) =>
        await Scope(session, centres).OrderBy(x => x.Id).Skip(skip).Take(take).Select(x => x.Id).ToListAsync(ct);

    public object MessageFor(Guid itemId, PipelineRunContext run) => new ExtractFindings(itemId, run.Actor, run.Force, run.Extractor);
}
