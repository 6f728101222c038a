using Bunit;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Portal.Features.Distilling.TrainingStudents;
using EndoKED.Shared;
using EndoKED.Shared.Events;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>The runs list on a real ledger: each run's kind and its best validation figure; the launch form is for admins.</summary>
public sealed class TrainingPageTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    /// <summary>Generous: the machine's cores are often busy with builds, and a page load is a few ledger queries.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly Guid _student = Guid.NewGuid(), _biopsy = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        await using var session = ledger.Store.LightweightSession();
        session.Events.StartStream<TrainingRunView>(_student,
            new TrainingRunRequested(_student, Guid.NewGuid(), "aaaaaaaa11111111", new TrainingConfiguration(64, 5, 8, 3, 1e-3, 4, 17), "code-1", 1, "admin", At),
            new TrainingEpochCompleted(_student, 1, 5, 0.9, 0.41, 3, "trainer", At), new TrainingEpochCompleted(_student, 2, 5, 0.7, 0.52, 3, "trainer", At));
        session.Events.StartStream<TrainingRunView>(_biopsy,
            new BiopsyRunRequested(_biopsy, Guid.NewGuid(), "bbbbbbbb22222222", new BiopsyConfiguration(4, 32, 6, 1e-3, 16, 7, ["adenoma"], []), "code-1", 2, "admin", At.AddMinutes(1)),
            new BiopsyEpochCompleted(_biopsy, 1, 6, 0.6, 0.874, 2, "biopsy-trainer", At), new BiopsyEpochCompleted(_biopsy, 2, 6, 0.5, null, 2, "biopsy-trainer", At));
        await session.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The row of one run (each test appends its own two runs to the class's ledger).</summary>
    private static AngleSharp.Dom.IElement? Row(IRenderedComponent<TrainingPage> page, Guid run) =>
        page.FindAll("[data-testid=training-runs] tbody tr").FirstOrDefault(r => r.QuerySelector($"a[href='/training/{run}']") is not null);

    [Fact]
    public async Task A_lead_reads_the_runs_with_their_kind_and_best_validation_figure_but_gets_no_launch_form()
    {
        await using var ctx = DistillingPages.NewContext(ledger, new LiveNotifier(), Role.Lead, "centre-a");

        var page = ctx.Render<TrainingPage>();
        page.WaitForAssertion(() => Assert.NotNull(Row(page, _biopsy)), Wait);
        var (student, biopsy) = (Row(page, _student)!, Row(page, _biopsy)!);
        Assert.Equal(("student", "biopsy"), (student.QuerySelector("[data-testid=run-kind]")!.TextContent, biopsy.QuerySelector("[data-testid=run-kind]")!.TextContent));
        Assert.Equal("Dice 0.520", student.QuerySelector("[data-testid=run-best]")!.TextContent);
        Assert.Equal("AUC 0.874", biopsy.QuerySelector("[data-testid=run-best]")!.TextContent);
        Assert.Contains("2 / 6", biopsy.TextContent);
        Assert.Contains("top 4 frames", biopsy.TextContent);
        Assert.Empty(page.FindAll("[data-testid=launch-training]"));
    }

    [Fact]
    public async Task An_admin_gets_the_launch_form_above_the_runs()
    {
        await using var ctx = DistillingPages.NewContext(ledger, new LiveNotifier());

        var page = ctx.Render<TrainingPage>();
        page.WaitForAssertion(() => Assert.NotNull(Row(page, _student)), Wait);
        Assert.NotEmpty(page.FindAll("[data-testid=launch-training]"));
    }
}
