using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure.Stages;
using Marten;

namespace EndoKED.Pipeline.Features.FrameLabels.ScoringImages;

/// <summary>Scores every frame of each examination (MIL probability, CAM box or the reason it was refused).</summary>
public sealed class ScoreStage(FrameScoring scoring) : IPipelineStage
{
    public Task<string?> UnavailableAsync(IQuerySession session, CancellationToken ct) => scoring.UnavailableAsync(session, ct);

    public string NothingToDo => "no examination with frames in these centres: ingest records with frames first.";

    public string Name => "score";

    public string Description => "Score the frames: polyp probability, and a box from the class activation map or the reason it was refused.";

    public int Order => 20;

    public IReadOnlyList<Type> UnavailableFailures { get; } = [typeof(FrameModelUnavailableException)];

    private static IQueryable<ExaminationView> Scope(IQuerySession session, IReadOnlyList<string> centres) =>
        session.Query<ExaminationView>().Where(x => centres.Contains(x.CentreId) && x.FrameCount > 0);

    public Task<int> CountAsync(IQuerySession session, IReadOnlyList<string> centres, CancellationToken ct) =>
        Scope(session, centres).CountAsync(ct);

    public async Task<IReadOnlyList<Guid>> PageAsync(IQuerySession session, IReadOnlyList<string> centres, int skip, int take, CancellationToken ct) =>
        await Scope(session, centres).OrderBy(x => x.Id).Skip(skip).Take(take).Select(x => x.Id).ToListAsync(ct);

    public object MessageFor(Guid itemId, PipelineRunContext run) => new ScoreImages(itemId, run.Actor, run.Force, run.FrameScorerId);
}
