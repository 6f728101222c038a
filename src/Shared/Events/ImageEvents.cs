using EndoKED.Shared.Live;
namespace EndoKED.Shared.Events;

/// <summary>
/// A frame entered the ledger. Its bytes live in the content-addressed file store under <paramref name="Sha256"/>;
/// the event never holds a path.
/// </summary>
/// <param name="ImageId">The stream id (derived from the examination and the content hash).</param>
/// <param name="ExaminationId">The examination it belongs to.</param>
/// <param name="CentreId">The examination's centre, repeated so that image queries can be scoped without a join.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="SizeBytes">File size.</param>
/// <param name="Width">Pixel width, read from the decoded frame.</param>
/// <param name="Height">Pixel height.</param>
/// <param name="Format">jpeg, png, bmp or tiff, from the content (not the file name).</param>
/// <param name="OriginalName">The file name at the source, for people (not used as a path).</param>
/// <param name="Ordinal">Position within the examination.</param>
/// <param name="Actor">Who ingested it.</param>
/// <param name="At">When.</param>
[Live(LiveKinds.Image, LiveCentre.OfEvent)]
public sealed record ImageIngested(
    Guid ImageId,
    Guid ExaminationId,
    string CentreId,
    string Sha256,
    long SizeBytes,
    int Width,
    int Height,
    string Format,
    string OriginalName,
    int Ordinal,
    string Actor,
    DateTimeOffset At) : IHasActor, ICentreEvent;
