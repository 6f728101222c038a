using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits;

/// <summary>
/// What an admin asks for (<c>POST /api/splits</c>): the rule, every field optional (the <see cref="SplitRule"/> defaults
/// apply); <see cref="SplitId"/> redrafts an existing split that is not frozen yet.
/// </summary>
public sealed record SplitRequest(
    Guid? SplitId = null, string? Name = null, IReadOnlyList<string>? Origins = null, double? MinMachineQuality = null,
    IReadOnlyList<string>? Centres = null, double? TrainFraction = null, double? ValidationFraction = null, double? TestFraction = null,
    string? HoldOutCentre = null, int? Seed = null, int? NearDuplicateDistance = null)
{
    /// <returns>The rule, or what is wrong with the request.</returns>
    public (SplitRule? Rule, string? Problem) ToRule()
    {
        var defaults = new SplitRule();
        var origins = new List<LabelOrigin>();
        foreach (var o in Origins ?? [])
        {
            if (!Enum.TryParse<LabelOrigin>(o, ignoreCase: true, out var origin) || !Enum.IsDefined(origin))
                return (null, $"Unknown origin '{o}': use consensus, adjudicated or machine.");
            origins.Add(origin);
        }
        var rule = defaults with
        {
            Origins = origins.Count > 0 ? [.. origins.Distinct()] : defaults.Origins,
            MinMachineQuality = MinMachineQuality ?? defaults.MinMachineQuality,
            Centres = Centres is { Count: > 0 } ? [.. Centres.Distinct(StringComparer.Ordinal)] : null,
            TrainFraction = TrainFraction ?? defaults.TrainFraction,
            ValidationFraction = ValidationFraction ?? defaults.ValidationFraction,
            TestFraction = TestFraction ?? defaults.TestFraction,
            HoldOutCentre = string.IsNullOrWhiteSpace(HoldOutCentre) ? null : HoldOutCentre,
            Seed = Seed ?? defaults.Seed,
            NearDuplicateDistance = NearDuplicateDistance ?? defaults.NearDuplicateDistance,
        };
        try
        {
            rule.Validate();
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
        return (rule, null);
    }

    /// <summary>The request that gives back a recorded rule (the worker drafts from the recorded request).</summary>
    public static SplitRequest From(SplitRuleRecord r) => new(
        Origins: r.Origins, MinMachineQuality: r.MinMachineQuality, Centres: r.Centres, TrainFraction: r.TrainFraction,
        ValidationFraction: r.ValidationFraction, TestFraction: r.TestFraction, HoldOutCentre: r.HoldOutCentre, Seed: r.Seed,
        NearDuplicateDistance: r.NearDuplicateDistance);

    public static SplitRuleRecord Record(SplitRule r) => new(
        [.. r.Origins.Select(o => o.ToString().ToLowerInvariant())], r.MinMachineQuality, r.Centres, r.NearDuplicateDistance,
        r.TrainFraction, r.ValidationFraction, r.TestFraction, r.HoldOutCentre, r.Seed);
}
