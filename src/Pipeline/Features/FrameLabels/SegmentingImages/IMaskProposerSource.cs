using EndoKED.Pipeline.Models.Refining;
using Marten;

namespace EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;

/// <summary>
/// The refiner the ledger says should propose masks now (a promoted student in self-training), or null when the
/// configured refiner (SAM or embedded) should. Implementations cache the loaded model: it is asked once per frame.
/// </summary>
public interface IMaskProposerSource
{
    Task<IMaskRefiner?> CurrentAsync(IQuerySession session, CancellationToken ct);
}
