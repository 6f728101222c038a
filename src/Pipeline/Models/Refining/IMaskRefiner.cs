using EndoKED.Pipeline.Models.Frames;

namespace EndoKED.Pipeline.Models.Refining;

/// <summary>
/// Turns a box prompt on a frame into a pixel mask: a box-promptable SAM served through ONNX, or the embedded
/// classical refiner when no SAM is configured. Implementations are stateless per call and safe to share between threads.
/// </summary>
public interface IMaskRefiner
{
    /// <summary>Short stable name written into each proposal's provenance (for example <c>embedded</c> or <c>sam</c>).</summary>
    string Name { get; }

    /// <summary>Version of the algorithm or model, so every mask can be traced to what produced it.</summary>
    string Version { get; }

    /// <summary>What each proposal records as its provenance (and its idempotence key): <c>name:version</c> unless the refiner says otherwise.</summary>
    string Provenance => $"{Name}:{Version}";

    /// <summary>
    /// Proposes the polyp mask inside <paramref name="box"/>. The mask has the frame's size. A box partly outside the
    /// frame is clipped to it; a box with no pixel inside the frame gives an empty mask, quality 0 and a note saying so.
    /// </summary>
    MaskProposal Refine(FrameImage image, Box box, CancellationToken ct);

    /// <summary>
    /// As <see cref="Refine(FrameImage, Box, CancellationToken)"/>, with a rough mask of the polyp at the frame's size (a
    /// student's prediction) as a hint. A refiner that cannot use a hint ignores it.
    /// </summary>
    MaskProposal Refine(FrameImage image, Box box, Masks.BinaryMask hint, CancellationToken ct) => Refine(image, box, ct);
}
