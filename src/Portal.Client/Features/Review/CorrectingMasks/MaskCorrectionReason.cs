namespace EndoKED.Portal.Client.Features.Review.CorrectingMasks;

/// <summary>One reason a correction may name: the digit that picks it (as on the review page) and its API name.</summary>
public sealed record MaskCorrectionReason(int Key, string Name);
