using EndoKED.Pipeline.Models.Masks;

namespace EndoKED.Pipeline.Models.Refining;

/// <summary>
/// A proposed mask with its provenance.
/// </summary>
/// <param name="Mask">The mask, at the frame's size.</param>
/// <param name="Quality">The refiner's own confidence in [0, 1]; reviewers see low-quality proposals first.</param>
/// <param name="Refiner">The <see cref="IMaskRefiner.Name"/> that produced it.</param>
/// <param name="Version">The <see cref="IMaskRefiner.Version"/> that produced it.</param>
/// <param name="Note">Why the mask is empty or fell back to a simpler shape, when it did; otherwise null.</param>
public sealed record MaskProposal(BinaryMask Mask, double Quality, string Refiner, string Version, string? Note = null)
{
    /// <summary>What made the mask, as events and files record it: <c>sam:&lt;sha prefixes&gt;</c> or <c>embedded:&lt;version&gt;</c>.</summary>
    public string Provenance => $"{Refiner}:{Version}";
}
