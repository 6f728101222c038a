using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;

/// <summary>What the label rule reads of one examination.</summary>
/// <param name="FinalReached">Readers reached a final label (consensus or adjudication).</param>
/// <param name="FinalLabel">That label; null when the final answer rejected the label without giving one.</param>
public sealed record MilExamination(
    Guid Id, string CentreId, string PatientId, int FrameCount, bool FinalReached, PolypLabel? FinalLabel,
    PolypLabel? ProposedLabel, double ProposedConfidence, bool NeedsReview)
{
    public string PatientKey => $"{CentreId}/{PatientId}";
}

/// <summary>One bag of a frame-scorer run: an examination, its label and where it came from, and its part.</summary>
public sealed record MilBagEntry(Guid ExaminationId, string Centre, string PatientKey, bool Positive, string Origin, SplitPart Part);

/// <summary>The bags a run trains and validates on, what the rule produced per centre, and the rule and grouping in words.</summary>
public sealed record MilBagPlan(IReadOnlyList<MilBagEntry> Bags, IReadOnlyList<MilLabelCount> Counts, string LabelRule, string Grouping)
{
    public IEnumerable<MilBagEntry> Train => Bags.Where(b => b.Part == SplitPart.Train);
    public IEnumerable<MilBagEntry> Validation => Bags.Where(b => b.Part != SplitPart.Train);
}

/// <summary>
/// The label rule and the patient grouping of a frame-scorer run, pure. An examination trains with its final label when
/// readers reached one, else with the machine-proposed label when its confidence reaches the threshold and it is not
/// waiting for review; anything else is left out with its reason. Parts are per patient: a frozen split's (its train
/// part trains; validation and test validate), else a draw of each centre's patients by a seeded hash.
/// </summary>
public static class MilBagPlanner
{
    public const string Readers = "readers";
    public const string Machine = "machine";

    public static string RuleText(double minConfidence) => string.Create(CultureInfo.InvariantCulture,
        $"final label where readers reached one; else the machine-proposed label at confidence ≥ {minConfidence:0.##} and not waiting for review");

    /// <returns>The plan, or the problem in words an admin can act on.</returns>
    public static (MilBagPlan? Plan, string? Problem) Plan(
        IEnumerable<MilExamination> examinations, MilConfiguration configuration,
        IReadOnlyDictionary<string, SplitPart>? splitParts = null, string? splitName = null)
    {
        var exams = examinations.OrderBy(e => e.Id).ToList();
        if (exams.Count == 0) return (null, "The ledger holds no examination yet: ingest records first (Admin → Ingest).");
        var excluded = new Dictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        void Exclude(string centre, string reason)
        {
            if (!excluded.TryGetValue(centre, out var reasons)) excluded[centre] = reasons = new(StringComparer.Ordinal);
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }

        var labelled = new List<(MilExamination Exam, bool Positive, string Origin)>();
        foreach (var exam in exams)
        {
            if (Label(exam, configuration.MinMachineConfidence, out var why) is not { } label) Exclude(exam.CentreId, why!);
            else if (exam.FrameCount == 0) Exclude(exam.CentreId, "no frames");
            else labelled.Add((exam, label.Positive, label.Origin));
        }

        var parts = splitParts ?? Draw(labelled.Select(l => l.Exam), configuration.Seed, configuration.ValidationFraction);
        var bags = new List<MilBagEntry>();
        foreach (var (exam, positive, origin) in labelled)
        {
            if (!parts.TryGetValue(exam.PatientKey, out var part)) Exclude(exam.CentreId, "patient not in the split");
            else bags.Add(new MilBagEntry(exam.Id, exam.CentreId, exam.PatientKey, positive, origin, part));
        }

        var grouping = splitParts is null
            ? string.Create(CultureInfo.InvariantCulture,
                $"patient-grouped draw: {configuration.ValidationFraction:P0} of each centre's patients to validation (seed {configuration.Seed})")
            : $"the frozen split {splitName}: its train part trains, its validation and test parts validate (patients as the split placed them)";
        var counts = exams.Select(e => e.CentreId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(centre =>
        {
            var mine = bags.Where(b => b.Centre == centre).ToList();
            return new MilLabelCount(centre, mine.Count(b => b.Positive), mine.Count(b => !b.Positive), mine.Count(b => b.Origin == Readers),
                mine.Count(b => b.Origin == Machine), mine.Count(b => b.Part == SplitPart.Train), mine.Count(b => b.Part != SplitPart.Train),
                excluded.TryGetValue(centre, out var r) ? new Dictionary<string, int>(r, StringComparer.Ordinal) : new Dictionary<string, int>());
        }).ToList();
        var plan = new MilBagPlan(bags, counts, RuleText(configuration.MinMachineConfidence), grouping);
        return Problem(plan, counts) is { } problem ? (null, problem) : (plan, null);
    }

    private static (bool Positive, string Origin)? Label(MilExamination exam, double minConfidence, out string? why)
    {
        why = null;
        if (exam.FinalReached)
        {
            if (exam.FinalLabel is PolypLabel.Present or PolypLabel.Absent) return (exam.FinalLabel == PolypLabel.Present, Readers);
            why = "final answer gave no label";
            return null;
        }
        switch (exam.ProposedLabel)
        {
            case null:
                why = "report not read yet";
                return null;
            case PolypLabel.Undecided:
                why = "undecided";
                return null;
        }
        if (exam.NeedsReview)
        {
            why = "waiting for review";
            return null;
        }
        if (exam.ProposedConfidence < minConfidence)
        {
            why = "confidence below the threshold";
            return null;
        }
        return (exam.ProposedLabel == PolypLabel.Present, Machine);
    }

    private static string? Problem(MilBagPlan plan, IReadOnlyList<MilLabelCount> counts)
    {
        string Left() => string.Join("; ", counts.SelectMany(c => c.Excluded).GroupBy(kv => kv.Key)
            .Select(g => $"{g.Sum(kv => kv.Value)} {g.Key}"));
        if (plan.Bags.Count == 0)
            return $"No examination has a usable label ({Left()}): run the extract stage, or review the examinations waiting for a label.";
        var train = plan.Train.ToList();
        if (train.Count == 0 || plan.Validation.Any() is false)
            return $"The {(train.Count == 0 ? "train" : "validation")} part holds no examination: " +
                   "choose a split with examinations in every part, or train without a split (a patient-grouped draw).";
        if (train.All(b => b.Positive) || train.All(b => !b.Positive))
        {
            var only = train[0].Positive ? "polyp" : "polyp-free";
            return $"The training examinations are all {only} ({train.Count}): a frame scorer needs examinations with and without polyps. " +
                   "Label more examinations (review, or a lower confidence threshold) or add records of the other kind.";
        }
        return null;
    }

    /// <summary>Each centre's patients in the order of a seeded hash; the first share (at least one when the centre has two) validates.</summary>
    public static IReadOnlyDictionary<string, SplitPart> Draw(IEnumerable<MilExamination> exams, int seed, double validationFraction)
    {
        var parts = new Dictionary<string, SplitPart>(StringComparer.Ordinal);
        foreach (var centre in exams.GroupBy(e => e.CentreId, StringComparer.Ordinal))
        {
            var patients = centre.Select(e => e.PatientKey).Distinct(StringComparer.Ordinal)
                .OrderBy(p => Rank(seed, p), StringComparer.Ordinal).ToList();
            var validation = patients.Count < 2 ? 0 : Math.Clamp((int)Math.Round(patients.Count * validationFraction), 1, patients.Count - 1);
            for (var i = 0; i < patients.Count; i++) parts[patients[i]] = i < validation ? SplitPart.Validation : SplitPart.Train;
        }
        return parts;
    }

    private static string Rank(int seed, string patientKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{patientKey}")));

    /// <summary>The canonical manifest, one line per bag in examination order: <c>examination \t centre \t patient \t polyp|clear \t origin \t part</c>.</summary>
    public static string Manifest(IEnumerable<MilBagEntry> bags)
    {
        var text = new StringBuilder("examination\tcentre\tpatient\tlabel\torigin\tpart\n");
        foreach (var b in bags.OrderBy(b => b.ExaminationId))
            text.Append(b.ExaminationId.ToString("D")).Append('\t').Append(b.Centre).Append('\t').Append(b.PatientKey).Append('\t')
                .Append(b.Positive ? "polyp" : "clear").Append('\t').Append(b.Origin).Append('\t').Append(b.Part.ToString().ToLowerInvariant()).Append('\n');
        return text.ToString();
    }

    public static IReadOnlyList<MilBagEntry> ParseManifest(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line =>
        {
            var f = line.Split('\t');
            return new MilBagEntry(Guid.Parse(f[0]), f[1], f[2], f[3] == "polyp", f[4], Enum.Parse<SplitPart>(f[5], ignoreCase: true));
        })];
}
