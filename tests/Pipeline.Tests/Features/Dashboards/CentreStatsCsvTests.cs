using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Dashboards.Exporting;

namespace EndoKED.Pipeline.Tests.Features.Dashboards;

public class CentreStatsCsvTests
{
    private static CentreStats Centre(string id, params WeekFigures[] weeks) =>
        new(id, WeekFigures.Sum(weeks), weeks, null, [new DriftFlag("prevalence", weeks[^1].Week, 1, 0.2, 0.1, 0.3, 4)], []);

    [Fact]
    public void One_row_per_centre_and_week_with_every_metric_rejection_code_and_drift()
    {
        var w1 = new WeekFigures { Week = "2026-W10", WeekStart = new(2026, 3, 2), Examinations = 2, LabelsPresent = 1, LabelsAbsent = 3,
            Rejections = new Dictionary<string, int> { ["TooSmall"] = 2 } };
        var w2 = w1 with { Week = "2026-W11", WeekStart = new(2026, 3, 9), Rejections = new Dictionary<string, int>() };
        var csv = CentreStatsCsv.Write(new CentreStatsResult(DateTimeOffset.UnixEpoch, [Centre("a", w1, w2), Centre("=b,c", w1)]));

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(["centre", "week", "weekStart", "examinations"], header[..4]);
        Assert.Contains("meanMaskQuality", header);
        Assert.Equal(["rejected:TooSmall", "drift"], header[^2..]);
        Assert.Equal(4, lines.Length);
        var row = lines[1].Split(',');
        Assert.Equal("0.25", row[Array.IndexOf(header, "prevalence")]);
        Assert.Equal("", row[Array.IndexOf(header, "meanMaskQuality")]);
        Assert.Equal(("2", ""), (row[^2], row[^1]));
        Assert.EndsWith(",0,prevalence", lines[2]);
        Assert.StartsWith("\"'=b,c\",2026-W10,2026-03-02,2,", lines[3]);
    }
}
