using EndoKED.Pipeline.Features.Dashboards;
using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Dashboards.Tallying;
using EndoKED.Pipeline.Features.Review.Agreement;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;
using Microsoft.Extensions.Time.Testing;
using static EndoKED.Pipeline.Tests.Features.Dashboards.DashboardEvents;

namespace EndoKED.Pipeline.Tests.Features.Dashboards;

/// <summary>The weekly counters and the dashboards' query on a real ledger, with the async daemon caught up by hand.</summary>
public class CentreStatsTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private static readonly AccessScope Admin = AccessScope.All("admin");

    private async Task CatchUpAsync()
    {
        using var daemon = await ledger.Store.BuildProjectionDaemonAsync();
        await daemon.CatchUpAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    private async Task<CentreStatsResult?> StatsAsync(AccessScope scope, DateTimeOffset now, DashboardOptions? options = null, WeekBasis basis = WeekBasis.Examination)
    {
        await CatchUpAsync();
        await using var session = ledger.Store.QuerySession();
        return await new GetCentreStats(session, new GetAgreement(session), options ?? new DashboardOptions(), new FakeTimeProvider(now))
            .HandleAsync(scope, basis);
    }

    private static CentreStats Centre(CentreStatsResult? result, string centre) => Assert.Single(result!.Centres, c => c.CentreId == centre);

    [Fact]
    public async Task Counters_fall_into_the_iso_week_of_each_event_and_totals_sum_the_weeks()
    {
        await ExamAsync(ledger.Store, "count-a", Week10, PolypLabel.Present, 0.9, 0.2);
        await ExamAsync(ledger.Store, "count-a", Week10.AddDays(6), PolypLabel.Absent, 0.1);  // Sunday: still W10
        await ExamAsync(ledger.Store, "count-a", Week10.AddDays(7), PolypLabel.Undecided);    // Monday: W11
        await ReviewedImageAsync(ledger.Store, "count-a", Week10.AddDays(8), ReviewVerdict.Correct, "r1", "r2");
        await ReviewedImageAsync(ledger.Store, "count-a", Week10.AddDays(8), ReviewVerdict.Accept, "r1", "r3");

        var c = Centre(await StatsAsync(Admin, Week10.AddDays(30)), "count-a");

        Assert.Equal(["2026-W10", "2026-W11"], c.Weeks.Select(w => w.Week));
        var w10 = c.Weeks[0];
        Assert.Equal((2, 3, 2, 1, 1, 0), (w10.Examinations, w10.Frames, w10.ReportsRead, w10.LabelsPresent, w10.LabelsAbsent, w10.LabelsUndecided));
        Assert.Equal((3, 1, 1, 1), (w10.FramesScored, w10.FramesPositive, w10.BoxesKept, w10.MasksProposed));
        Assert.Equal(2, w10.Rejections["BelowThreshold"]);
        Assert.Equal(new DateOnly(2026, 3, 2), w10.WeekStart);
        var w11 = c.Weeks[1];
        Assert.Equal((1, 2, 1, 1), (w11.Examinations, w11.Frames, w11.LabelsUndecided, w11.LabelsNeedingReview));
        Assert.Equal((4, 2, 2, 1), (w11.VotesCast, w11.CorrectionVotes, w11.ItemsFinalised, w11.FinalCorrections));
        Assert.Equal(0.5, w11.CorrectionRate);

        var t = c.Totals;
        Assert.Equal((3, 5, 3, 3), (t.Examinations, t.Frames, t.ReportsRead, t.MasksProposed));
        Assert.Equal(0.5, t.Prevalence);
        Assert.Equal(1.0 / 3, t.FramePositiveRate!.Value, 10);
        Assert.Equal((0.8 + 0.5 + 0.5) / 3, t.MeanMaskQuality!.Value, 10);
        Assert.Equal([("r1", 2), ("r2", 1), ("r3", 1)], c.Readers.Select(r => (r.Reader, r.Votes)));
        Assert.NotNull(c.Agreement);
        Assert.Equal(2, c.Agreement!.ReaderImages);
    }

    [Fact]
    public async Task An_archive_ingested_in_one_afternoon_shows_the_weeks_of_its_examinations_and_the_ingest_week_remains_a_choice()
    {
        var ingest = Week10.AddDays(21);  // 2026-W13
        var exam = await DatedExamAsync(ledger.Store, "archive-a", new DateOnly(2026, 3, 3), ingest, PolypLabel.Present, 0.9, 0.1);  // W10
        await DatedExamAsync(ledger.Store, "archive-a", new DateOnly(2026, 3, 12), ingest, PolypLabel.Absent, 0.2);                  // W11
        await CatchUpAsync();
        // Readers vote two weeks after the ingest, in a later batch: the image's examination is found through its view.
        Guid image;
        await using (var query = ledger.Store.QuerySession())
            image = (await query.Query<EndoKED.Pipeline.Features.Examinations.ImageView>().Where(i => i.ExaminationId == exam && i.Ordinal == 0).SingleAsync()).Id;
        await using (var session = ledger.Store.LightweightSession())
        {
            var later = ingest.AddDays(14);  // W15
            foreach (var r in new[] { "r1", "r2" })
                session.Events.Append(image, new VoteCast(image, ReviewItemKind.Image, Guid.NewGuid(), "archive-a", r, ReviewVerdict.Accept, null, null, ReviewReason.Agree, null, null, later));
            session.Events.Append(image, new ConsensusReached(image, ReviewItemKind.Image, "archive-a", ReviewVerdict.Accept, null, null, Mask, ConsensusMethod.Consensus, [], [], "consensus:two-agreeing", later));
            await session.SaveChangesAsync();
        }

        var byExam = Centre(await StatsAsync(Admin, Week10.AddDays(60)), "archive-a");
        var byIngest = Centre(await StatsAsync(Admin, Week10.AddDays(60), basis: WeekBasis.Ingest), "archive-a");

        Assert.Equal(["2026-W10", "2026-W11"], byExam.Weeks.Select(w => w.Week));
        Assert.Equal((1, 2, 2, 1), (byExam.Weeks[0].Examinations, byExam.Weeks[0].Frames, byExam.Weeks[0].VotesCast, byExam.Weeks[0].ItemsFinalised));
        Assert.Equal((1, 1, 0), (byExam.Weeks[1].Examinations, byExam.Weeks[1].Frames, byExam.Weeks[1].VotesCast));
        Assert.Equal(["2026-W13", "2026-W15"], byIngest.Weeks.Select(w => w.Week));
        Assert.Equal((2, 3, 0), (byIngest.Weeks[0].Examinations, byIngest.Weeks[0].Frames, byIngest.Weeks[0].VotesCast));
        Assert.Equal((0, 2, 1), (byIngest.Weeks[1].Examinations, byIngest.Weeks[1].VotesCast, byIngest.Weeks[1].ItemsFinalised));
        Assert.Equal(byExam.Totals.Frames, byIngest.Totals.Frames);
        Assert.Equal(byExam.Totals.VotesCast, byIngest.Totals.VotesCast);
    }

    [Fact]
    public async Task A_report_read_in_a_later_batch_still_finds_its_centre_through_the_examination_view()
    {
        var exam = await ExamAsync(ledger.Store, "late-a", Week10, PolypLabel.Absent);
        await CatchUpAsync();
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.Append(exam,
                new FindingsExtracted(exam, "llm", "llm/1", "{}", true, 0.9, [], "sha", "llm/1", Week10.AddDays(14)),
                new ExaminationLabelProposed(exam, PolypLabel.Present, 0.9, "both", [], ["rules/1", "llm/1"], false, "both", Week10.AddDays(14)));
            await session.SaveChangesAsync();
        }

        var c = Centre(await StatsAsync(Admin, Week10.AddDays(30), basis: WeekBasis.Ingest), "late-a");
        var w12 = Assert.Single(c.Weeks, w => w.Week == "2026-W12");
        Assert.Equal((1, 1, 0), (w12.ReportsRead, w12.LabelsPresent, w12.Examinations));

        // By examination date, the later reading counts in the examination's own week.
        var byExam = Assert.Single(Centre(await StatsAsync(Admin, Week10.AddDays(30)), "late-a").Weeks);
        Assert.Equal(("2026-W10", 2, 1, 1), (byExam.Week, byExam.ReportsRead, byExam.LabelsPresent, byExam.Examinations));
    }

    [Fact]
    public async Task A_synthetic_jump_in_the_latest_complete_week_is_flagged_and_noise_is_not()
    {
        // Five weeks of about 20 % positive frames, then a week at 90 % (jump) beside a centre whose last week stays at 25 %.
        double[] history = [0.2, 0.15, 0.25, 0.2, 0.2];
        for (var w = 0; w < history.Length; w++)
        {
            await ExamAsync(ledger.Store, "drift-jump", Week10.AddDays(7 * w), PolypLabel.Present, Frames(history[w]));
            await ExamAsync(ledger.Store, "drift-noise", Week10.AddDays(7 * w), PolypLabel.Present, Frames(history[w]));
        }
        await ExamAsync(ledger.Store, "drift-jump", Week10.AddDays(35), PolypLabel.Present, Frames(0.9));
        await ExamAsync(ledger.Store, "drift-noise", Week10.AddDays(35), PolypLabel.Present, Frames(0.25));
        // An incomplete current week is never judged, however wild.
        await ExamAsync(ledger.Store, "drift-noise", Week10.AddDays(42), PolypLabel.Present, Frames(1.0));

        var result = await StatsAsync(Admin, Week10.AddDays(44));

        var flag = Assert.Single(Centre(result, "drift-jump").Drift, f => f.Metric == "framePositiveRate");
        Assert.Equal(("2026-W15", 0.9, 5), (flag.Week, flag.Value, flag.HistoryWeeks));
        Assert.Equal(0.2, flag.Mean, 10);
        Assert.DoesNotContain(Centre(result, "drift-noise").Drift, f => f.Metric == "framePositiveRate");
        // Four weeks of history are needed: judged at W13 (three earlier weeks) nothing is flagged.
        var early = await StatsAsync(Admin, Week10.AddDays(29), new DashboardOptions { DriftK = 0.1 });
        Assert.Empty(Centre(early, "drift-jump").Drift);
    }

    private static double[] Frames(double positiveFraction) =>
        [.. Enumerable.Range(0, 20).Select(i => i < positiveFraction * 20 ? 0.9 : 0.1)];

    [Fact]
    public async Task A_lead_sees_only_their_centres_and_a_clinician_is_refused()
    {
        await ExamAsync(ledger.Store, "scope-a", Week10, PolypLabel.Present, 0.9);
        await ExamAsync(ledger.Store, "scope-b", Week10, PolypLabel.Absent, 0.1);

        var lead = await StatsAsync(AccessScope.ForCentres("lead", Role.Lead, ["scope-a"]), Week10.AddDays(10));
        Assert.Equal(["scope-a"], lead!.Centres.Select(c => c.CentreId));
        Assert.Null(await StatsAsync(AccessScope.ForCentres("doc", Role.Clinician, ["scope-a"]), Week10.AddDays(10)));
        var admin = await StatsAsync(Admin, Week10.AddDays(10));
        Assert.Contains(admin!.Centres, c => c.CentreId == "scope-b");
    }

    [Fact]
    public async Task The_weekly_documents_are_keyed_by_centre_basis_and_week()
    {
        await DatedExamAsync(ledger.Store, "key-a", new DateOnly(2026, 2, 24), Week10, PolypLabel.Present);
        await CatchUpAsync();
        await using var session = ledger.Store.QuerySession();
        var doc = await session.LoadAsync<CentreWeekStats>("key-a|ingest|2026-W10");
        Assert.Equal(("key-a", WeekBasis.Ingest, "2026-W10", 1), (doc!.CentreId, doc.Basis, doc.Week, doc.Examinations));
        var byExam = await session.LoadAsync<CentreWeekStats>("key-a|exam|2026-W09");
        Assert.Equal(("key-a", WeekBasis.Examination, new DateOnly(2026, 2, 23), 1), (byExam!.CentreId, byExam.Basis, byExam.WeekStart, byExam.Examinations));
    }
}
