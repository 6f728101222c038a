using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Examinations.Listing;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Access;

namespace EndoKED.Pipeline.Tests.Features.Examinations;

public class ExaminationQueriesTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        foreach (var (centre, count) in new[] { ("q-a", 7), ("q-b", 3) })
        {
            var root = TestPaths.NewTempDir(centre);
            for (var i = 0; i < count; i++)
                TestFrames.ExamFolder(root, $"exam-{i:00}", $"Report {i} of {centre}.", $$"""{"patientId":"{{centre}}-P{{i}}","date":"2026-01-{{i + 1:00}}"}""",
                    ("1.png", TestFrames.Png(seed: centre.GetHashCode(StringComparison.Ordinal) + i)));
            await ledger.Ingester().IngestAsync(FolderSource.Read(root), centre, "seed");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_list_is_paged_in_the_database_and_filtered_by_centre()
    {
        await using var session = ledger.Store.QuerySession();
        var list = new ListExaminations(session);
        var all = AccessScope.All("t");

        var page1 = await list.HandleAsync(new ExaminationListQuery("q-a", null, 1, 5), all);
        var page2 = await list.HandleAsync(new ExaminationListQuery("q-a", null, 2, 5), all);

        Assert.Equal(7, page1.Total);
        Assert.Equal(5, page1.Items.Count);
        Assert.Equal(2, page2.Items.Count);
        Assert.Empty(page1.Items.Select(i => i.Id).Intersect(page2.Items.Select(i => i.Id)));
        Assert.All(page1.Items, i => Assert.Equal("q-a", i.CentreId));
        Assert.Equal(new DateOnly(2026, 1, 7), page1.Items[0].Date); // newest first
    }

    [Fact]
    public async Task A_caller_scoped_to_one_centre_never_sees_another_centres_records()
    {
        await using var session = ledger.Store.QuerySession();
        var onlyA = AccessScope.ForCentres("clinician", "q-a");
        var bExam = StableIds.Examination("q-b", "exam-00");

        var list = await new ListExaminations(session).HandleAsync(new ExaminationListQuery("q-b"), onlyA);
        var details = await new GetExamination(session).HandleAsync(bExam, onlyA);
        var history = await new GetItemHistory(session).HandleAsync("examination", bExam, onlyA);
        var centres = await new ListCentres(session).HandleAsync(onlyA);

        Assert.Equal(0, list.Total);
        Assert.Null(details);
        Assert.Null(history);
        Assert.Equal(["q-a"], centres.Select(c => c.CentreId));
        Assert.NotNull(await new GetExamination(session).HandleAsync(bExam, AccessScope.All("admin")));
    }

    [Fact]
    public async Task History_lists_every_event_with_its_actor_oldest_first()
    {
        await using var session = ledger.Store.QuerySession();
        var history = await new GetItemHistory(session).HandleAsync("examination", StableIds.Examination("q-a", "exam-03"), AccessScope.All("t"));

        Assert.NotNull(history);
        Assert.Equal("q-a", history.Centre);
        Assert.Equal(["ExaminationIngested", "FramesAttached"], history.Entries.Select(h => h.Type));
        Assert.All(history.Entries, h => Assert.Equal("seed", h.Actor));
        Assert.Contains("Report 3 of q-a", history.Entries[0].DataJson);
    }

    [Fact]
    public async Task Centre_counts_come_from_the_projection()
    {
        await using var session = ledger.Store.QuerySession();
        var centres = await new ListCentres(session).HandleAsync(AccessScope.All("t"));
        Assert.Contains(new CentreListItem("q-a", 7, 7), centres);
        Assert.Contains(new CentreListItem("q-b", 3, 3), centres);
    }
}
