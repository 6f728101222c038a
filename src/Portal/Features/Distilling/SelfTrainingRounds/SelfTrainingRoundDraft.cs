using System.Globalization;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;

namespace EndoKED.Portal.Features.Distilling.SelfTrainingRounds;

/// <summary>
/// The round form's state: the student (null: the latest registered one), the minimum refined quality and the centres
/// (none: every centre). <see cref="Problem"/> says what to change before the form may be sent.
/// </summary>
public sealed class SelfTrainingRoundDraft
{
    public Guid? ModelId { get; set; }

    public double MinQuality { get; set; } = SelfTrainingRoundRequestCheck.DefaultMinQuality;

    public IReadOnlyCollection<string> Centres { get; set; } = [];

    public string? Problem => MinQuality is >= 0 and <= 1 ? null
        : $"Minimum quality must be from 0 to 1 (it is {MinQuality.ToString("0.###", CultureInfo.InvariantCulture)}); 0.5 is the default.";

    public SelfTrainingRoundRequest? ToRequest() => Problem is null
        ? new SelfTrainingRoundRequest(ModelId, MinQuality, [.. Centres.Order(StringComparer.Ordinal)])
        : null;
}
