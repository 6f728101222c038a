using System.Text.Json;
using EndoKED.Pipeline.Features.Dashboards;
using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Dashboards.Exporting;
using EndoKED.Pipeline.Features.Review.Agreement;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared;
using EndoKED.Shared.Records;
using Microsoft.Extensions.Time.Testing;
using static EndoKED.Pipeline.Tests.Features.Dashboards.DashboardEvents;

namespace EndoKED.Pipeline.Tests.Features.Dashboards;

/// <summary>A Lead's centres beside the network: the other centres as median and quartiles, never by name.</summary>
public class NetworkBandTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task A_lead_gets_the_other_centres_median_and_quartiles_and_none_of_their_names()
    {
        // Frame-positive rates: own centre 100 %; the others 0 %, 50 %, 25 % and 75 % (median 37.5 %, quartiles 18.75–56.25 %).
        await ExamAsync(ledger.Store, "net-own", Week10, PolypLabel.Present, 0.9, 0.9);
        await ExamAsync(ledger.Store, "net-w", Week10, PolypLabel.Absent, 0.1, 0.1, 0.1, 0.1);
        await ExamAsync(ledger.Store, "net-x", Week10, PolypLabel.Present, 0.9, 0.9, 0.1, 0.1);
        await ExamAsync(ledger.Store, "net-y", Week10, PolypLabel.Present, 0.9, 0.1, 0.1, 0.1);
        await ExamAsync(ledger.Store, "net-z", Week10, PolypLabel.Present, 0.9, 0.9, 0.9, 0.1);
        using (var daemon = await ledger.Store.BuildProjectionDaemonAsync())
            await daemon.CatchUpAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        await using var session = ledger.Store.QuerySession();
        var query = new GetCentreStats(session, new GetAgreement(session), new DashboardOptions(), new FakeTimeProvider(Week10.AddDays(20)));

        var lead = await query.HandleAsync(AccessScope.ForCentres("lead", Role.Lead, ["net-own"]));
        var admin = await query.HandleAsync(AccessScope.All("admin"));

        Assert.Equal(["net-own"], lead!.Centres.Select(c => c.CentreId));
        var band = lead.Network!;
        Assert.Equal((4, false), (band.Centres, band.Suppressed));
        var rate = band.Total("framePositiveRate")!;
        Assert.Equal((4, 0.375, 0.1875, 0.5625), (rate.Centres, rate.Median, rate.Q1, rate.Q3));
        Assert.Equal(4, Assert.Single(band.Weeks).Figures.Single(f => f.Name == "framePositiveRate").Centres);
        var json = JsonSerializer.Serialize(lead);
        var csv = CentreStatsCsv.Write(lead);
        foreach (var other in new[] { "net-w", "net-x", "net-y", "net-z" })
        {
            Assert.DoesNotContain(other, json, StringComparison.Ordinal);
            Assert.DoesNotContain(other, csv, StringComparison.Ordinal);
        }
        Assert.Contains(csv.Split("\r\n"), l => l.StartsWith("network median,total,,", StringComparison.Ordinal));
        // An admin sees every centre by name, and needs no band.
        Assert.Equal(5, admin!.Centres.Count);
        Assert.Null(admin.Network);
    }

    [Fact]
    public void Fewer_than_three_other_centres_give_no_figure_at_all()
    {
        var w = new WeekFigures { Week = "2026-W10", WeekStart = new(2026, 3, 2), FramesScored = 4, FramesPositive = 1 };
        var two = NetworkBand.Of([([w], w, null), ([w], w, null)]);
        Assert.Equal((2, true), (two.Centres, two.Suppressed));
        Assert.Empty(two.Totals);
        Assert.Empty(two.Weeks);
        Assert.False(NetworkBand.Of([([w], w, null), ([w], w, null), ([w], w, null)]).Suppressed);
    }

    [Fact]
    public void Review_progress_is_filled_whenever_votes_exist()
    {
        // Votes on items whose proposals counted in no week (or nothing final yet): 0 %, not "nothing to say".
        Assert.Equal(0, new WeekFigures { VotesCast = 11 }.ReviewProgress);
        // Every proposed label opens an item in the queue, not only those flagged for review.
        Assert.Equal(0.4, new WeekFigures { LabelsAbsent = 8, MasksProposed = 2, ItemsFinalised = 4, VotesCast = 9 }.ReviewProgress);
        Assert.Equal(1, new WeekFigures { MasksProposed = 1, ItemsFinalised = 3, VotesCast = 6 }.ReviewProgress);
        Assert.Null(new WeekFigures().ReviewProgress);
    }
}
