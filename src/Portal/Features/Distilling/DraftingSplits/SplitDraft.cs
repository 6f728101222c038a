using EndoKED.Pipeline.Features.Distilling.DraftingSplits;

namespace EndoKED.Portal.Features.Distilling.DraftingSplits;

/// <summary>The draft form's state (defaults as <c>SplitRule</c>'s), turned into the API's request.</summary>
public sealed class SplitDraft
{
    public string? Name { get; set; }
    public bool Consensus { get; set; } = true;
    public bool Adjudicated { get; set; } = true;
    public bool Machine { get; set; } = true;
    public double MinMachineQuality { get; set; } = 0.5;
    public HashSet<string> Centres { get; } = new(StringComparer.Ordinal);
    public string? HoldOutCentre { get; set; }
    public double Train { get; set; } = 0.7;
    public double Validation { get; set; } = 0.15;
    public double Test { get; set; } = 0.15;
    public int Seed { get; set; } = 17;

    /// <summary>No centre ticked means every centre.</summary>
    public SplitRequest ToRequest() => new(
        null, string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(), Origins(), MinMachineQuality,
        Centres.Count > 0 ? [.. Centres.Order(StringComparer.Ordinal)] : null, Train, Validation, Test,
        string.IsNullOrWhiteSpace(HoldOutCentre) ? null : HoldOutCentre, Seed);

    private List<string> Origins() =>
        [.. new[] { (Consensus, "consensus"), (Adjudicated, "adjudicated"), (Machine, "machine") }.Where(o => o.Item1).Select(o => o.Item2)];
}
