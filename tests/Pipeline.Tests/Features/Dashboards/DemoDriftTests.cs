using EndoKED.Pipeline.Features.Dashboards;
using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Dashboards.Tallying;
using EndoKED.Pipeline.Tests.Features.Demo;

namespace EndoKED.Pipeline.Tests.Features.Dashboards;

/// <summary>
/// The default demo as the dashboards count it by weeks of examination: each report's label (its truth, which the
/// report states) in the ISO week of the examination's date.
/// </summary>
public class DemoDriftTests(DefaultDemoFixture demo) : IClassFixture<DefaultDemoFixture>
{
    private Dictionary<string, List<(DateOnly Date, bool Present)>> Centres() =>
        demo.Examinations().GroupBy(e => e.Centre).ToDictionary(g => g.Key, g => g
            .Select(e => (DateOnly.Parse(e.Truth.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture), e.Truth.GetProperty("polyp_present").GetBoolean()))
            .ToList());

    [Fact]
    public void Every_centre_of_the_demo_spans_at_least_nine_months_of_examinations()
    {
        foreach (var (centre, exams) in Centres())
        {
            var days = exams.Max(e => e.Date).DayNumber - exams.Min(e => e.Date).DayNumber;
            Assert.True(days >= 274, $"{centre}: {days} days");
        }
    }

    [Fact]
    public void Only_the_drifting_centre_is_flagged_and_on_the_prevalence_of_its_last_week()
    {
        var flagged = new Dictionary<string, IReadOnlyList<DriftFlag>>();
        foreach (var (centre, exams) in Centres())
        {
            var weeks = exams.GroupBy(e => CentreWeek.WeekOf(e.Date)).Select(g => new WeekFigures
            {
                Week = g.Key,
                WeekStart = CentreWeek.StartOf(g.Key),
                LabelsPresent = g.Count(e => e.Present),
                LabelsAbsent = g.Count(e => !e.Present),
            }).ToList();
            flagged[centre] = DriftDetector.Detect(weeks, new DateOnly(2030, 1, 1), new DashboardOptions());
        }

        Assert.Empty(flagged["centre-a"]);
        Assert.Empty(flagged["centre-b"]);
        var flag = Assert.Single(flagged["centre-c"]);
        Assert.Equal(("prevalence", 1.0), (flag.Metric, flag.Value));
        Assert.True(flag.HistoryWeeks >= 4, $"{flag.HistoryWeeks} earlier weeks");
        Assert.InRange(flag.Mean, 0.4, 0.6);
    }
}
