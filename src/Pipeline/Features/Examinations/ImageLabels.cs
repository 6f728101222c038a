using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Examinations;

/// <summary>One MIL head's probability for a frame (the latest per model version).</summary>
public sealed record ImageScore(string Model, string ModelVersion, double Probability, DateTimeOffset At);

/// <summary>The latest localisation: the kept box, or why none was kept, and by which rule and model.</summary>
public sealed record ImageLocalisation(FrameBox? Box, string? Rejection, string? RejectionReason, string Rule, string Actor, DateTimeOffset At,
    CamSeed? Seed = null);

/// <summary>A proposed mask with its provenance (the latest per provenance and box).</summary>
public sealed record ImageMaskProposal(
    string Refiner, string RefinerVersion, string Provenance, FrameBox Box, MaskRle Rle, double Quality, string? Note, DateTimeOffset At);
