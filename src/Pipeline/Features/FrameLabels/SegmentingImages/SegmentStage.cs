using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure.Stages;
using Marten;

namespace EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;

/// <summary>Turns every kept box into a mask (SAM when configured, else the embedded refiner).</summary>
public sealed class SegmentStage : IPipelineStage
{
    public string Name => "segment";

    public string NothingToDo => "no kept box to refine: run score first (or every box was refused: see the frames' reasons).";

    public string Description => "Segment each kept box into a pixel mask with a quality score and its provenance.";

    public int Order => 30;

    public IReadOnlyList<Type> UnavailableFailures { get; } = [typeof(FrameModelUnavailableException)];

    private static IQueryable<ImageView> Scope(IQuerySession session, IReadOnlyList<string> centres) =>
        session.Query<ImageView>().Where(x => centres.Contains(x.CentreId) && x.Localisation != null && x.Localisation.Box != null);

    public Task<int> CountAsync(IQuerySession session, IReadOnlyList<string> centres, CancellationToken ct) =>
        Scope(session, centres).CountAsync(ct);

    public async Task<IReadOnlyList<Guid>> PageAsync(IQuerySession session, IReadOnlyList<string> centres, int skip, int take, CancellationToken ct) =>
        await Scope(session, centres).OrderBy(x => x.Id).Skip(skip).Take(take).Select(x => x.Id).ToListAsync(ct);

    public object MessageFor(Guid itemId, PipelineRunContext run) =>
        new SegmentImage(itemId, run.Actor, null, run.Force, ConfiguredRefinerOnly: run.Proposer == RunProposers.Refiner);
}
