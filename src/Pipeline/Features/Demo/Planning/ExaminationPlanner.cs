namespace EndoKED.Pipeline.Features.Demo.Planning;

/// <summary>The shape of the demo cohort: how many examinations, frames and polyps, and over which dates.</summary>
internal sealed record CohortShape(int ExaminationsPerCentre, int MinFrames, int MaxFrames, double PolypExaminationShare, DateOnly FirstDate, int Days);

/// <summary>
/// Plans one centre's examinations. Counts that the demo promises (share of positive examinations, frames per
/// examination) are dealt from balanced, shuffled lists rather than drawn, so every seed keeps them.
/// </summary>
internal static class ExaminationPlanner
{
    private static readonly double[] PolypCountWeights = [0.6, 0.28, 0.12];

    public static IReadOnlyList<ExaminationPlan> PlanCentre(CentreProfile centre, int centreIndex, CohortShape shape, ulong seed)
    {
        var random = DemoRandom.For(seed, (ulong)centreIndex);
        var n = shape.ExaminationsPerCentre;
        var positive = Enumerable.Range(0, n).Select(i => i < (int)Math.Round(n * shape.PolypExaminationShare)).ToList();
        random.Shuffle(positive);
        var span = shape.MaxFrames - shape.MinFrames + 1;
        var frames = Enumerable.Range(0, n).Select(i => shape.MinFrames + (i % span)).ToList();
        random.Shuffle(frames);

        List<(string PatientId, int Day)> slots;
        if (centre.DriftsAtEnd) (positive, slots) = ClinicDays(random, centre, n, shape.Days);
        else slots = PatientSlots(random, centre, n, shape.Days);
        var accessions = Distinct(random, n, 10000, 99999);
        var plans = new List<ExaminationPlan>(n);
        for (var i = 0; i < n; i++)
        {
            var (patientId, day) = slots[i];
            var date = shape.FirstDate.AddDays(day);
            var examRandom = DemoRandom.For(seed, (ulong)centreIndex, (ulong)i + 1);
            var polyps = positive[i]
                ? Enumerable.Range(1, examRandom.PickWeighted(PolypCountWeights) + 1).Select(id => PolypPlanner.Draw(examRandom, id)).ToArray()
                : [];
            plans.Add(new ExaminationPlan(
                centre, i + 1, $"{date:yyyyMMdd}_{centre.Letter}{accessions[i]}", patientId, date, polyps,
                FramePlanner.Assign(examRandom, polyps, frames[i]), DrawContext(examRandom), examRandom.NextULong()));
        }

        return plans;
    }

    // The drifting centre holds a clinic day every few weeks with as many examinations with polyps as without, so its
    // weekly prevalence stays at 50 %, until its last clinic day, when every examination has polyps: the jump the
    // dashboards' drift flag is for. With one examination in a week here and there, as the other centres have, a weekly
    // rate swings between 0 and 100 % and no week can stand out. A few patients come back two clinic days later.
    private static (List<bool> Positive, List<(string PatientId, int Day)> Slots) ClinicDays(DemoRandom random, CentreProfile centre, int n, int days)
    {
        var weeks = Math.Max(1, days / 7);
        var perClinic = 2 * (int)Math.Ceiling(n / (2.0 * weeks));
        var clinics = (n + perClinic - 1) / perClinic;
        var gapDays = clinics <= 1 ? 0 : (weeks - 1) / (clinics - 1) * 7;
        var numbers = Distinct(random, n, 1, 10000);
        var positive = new List<bool>(n);
        var slots = new List<(string PatientId, int Day)>(n);
        for (var i = 0; i < n; i++)
        {
            var clinic = i / perClinic;
            positive.Add(clinic == clinics - 1 || i % perClinic < perClinic / 2);
            slots.Add(($"P-{centre.Letter}-{numbers[i]:D4}", clinic * gapDays));
        }

        var repeats = n >= 4 ? Math.Max(1, n / 7) : 0;
        foreach (var i in Enumerable.Range(2 * perClinic, Math.Max(0, n - 2 * perClinic)).Where(i => i % perClinic == perClinic - 1).Take(repeats))
            slots[i] = (slots[i - 2 * perClinic].PatientId, slots[i].Day);
        return (positive, slots);
    }

    // Some patients come twice (a surveillance or completion colonoscopy some weeks later), under the same pseudonym.
    private static List<(string PatientId, int Day)> PatientSlots(DemoRandom random, CentreProfile centre, int n, int days)
    {
        var repeats = n >= 4 ? Math.Max(1, n / 7) : 0;
        var numbers = Distinct(random, n - repeats, 1, 10000);
        var slots = new List<(string, int)>(n);
        for (var p = 0; p < numbers.Count; p++)
        {
            var id = $"P-{centre.Letter}-{numbers[p]:D4}";
            if (p < repeats)
            {
                var first = random.Next(0, Math.Max(1, days - 62));
                slots.Add((id, first));
                slots.Add((id, Math.Min(days - 1, first + random.Next(40, 62))));
            }
            else
            {
                // The first and the last day are always taken, so every centre spans the whole period.
                var day = random.Next(0, days);
                slots.Add((id, p == repeats ? 0 : p == repeats + 1 ? days - 1 : day));
            }
        }

        return slots.OrderBy(s => s.Item2).ThenBy(s => s.Item1, StringComparer.Ordinal).ToList();
    }

    private static ExamContext DrawContext(DemoRandom random)
    {
        var indication = (Indication)random.PickWeighted([0.2, 0.25, 0.2, 0.15, 0.12, 0.08]);
        var history = indication == Indication.Surveillance ? random.Chance(0.85) : random.Chance(0.1);
        return new ExamContext(
            BostonScore: random.PickWeighted([0.04, 0.1, 0.26, 0.34, 0.26]) + 5,
            Indication: indication,
            PriorPolypectomyYear: history ? random.Next(2017, 2024) : null,
            FamilyHistory: random.Chance(0.12),
            Haemorrhoids: random.Chance(0.3),
            Diverticula: random.Chance(0.2) ? (random.Chance(0.7) ? ColonSegment.Sigmoid : random.Pick([ColonSegment.Descending, ColonSegment.Ascending])) : null,
            TerminalIleum: random.Chance(0.4),
            LymphoidBiopsy: random.Chance(0.08));
    }

    private static List<int> Distinct(DemoRandom random, int count, int min, int max)
    {
        var set = new HashSet<int>();
        var list = new List<int>(count);
        while (list.Count < count)
        {
            var v = random.Next(min, max);
            if (set.Add(v)) list.Add(v);
        }

        return list;
    }
}
