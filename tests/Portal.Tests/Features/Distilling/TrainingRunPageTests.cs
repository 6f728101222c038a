using Bunit;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Portal.Features.Distilling.TrainingStudents;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>The run page on a real ledger: the chart grows with each epoch notification, then the metrics and the model show.</summary>
public sealed class TrainingRunPageTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    /// <summary>Generous: the machine's cores are often busy with builds, and a page load is a few ledger queries.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly LiveNotifier _notifier = new();

    private async Task AppendAsync(Guid run, params object[] events)
    {
        await using var session = ledger.Store.LightweightSession();
        session.Events.Append(run, events);
        await session.SaveChangesAsync();
        await _notifier.PublishAsync([new LiveNotification(LiveKinds.TrainingRun, run, "", events[^1].GetType().Name, 0, At)]);
    }

    private static TrainingEpochCompleted Epoch(Guid run, int e) => new(run, e, 5, 1.0 / e, 0.2 * e, 3, "trainer", At.AddMinutes(e));

    [Fact]
    public async Task The_chart_grows_with_each_epoch_without_a_reload_and_a_finished_run_shows_its_metrics_and_model_lineage()
    {
        var run = Guid.NewGuid();
        var configuration = new TrainingConfiguration(64, 5, 8, 3, 1e-3, 4, 17);
        await AppendAsync(run, new TrainingRunRequested(run, Guid.NewGuid(), "abcdef0123456789", configuration, "code-1", 42, "admin", At),
            new TrainingRunStarted(run, 1, 6, 2, 2, "trainer", At), Epoch(run, 1), Epoch(run, 2));
        await using var ctx = DistillingPages.NewContext(ledger, _notifier);

        var page = ctx.Render<TrainingRunPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=dice-point]").Count), Wait);
        Assert.Equal("running", page.Find("[data-testid=training-status]").TextContent);
        Assert.Contains("epoch 2 of 5", page.Find("[data-testid=chart-epochs]").TextContent);
        Assert.NotEmpty(page.FindAll("[data-testid=cancel-training]"));

        await AppendAsync(run, Epoch(run, 3));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=dice-point]").Count), Wait);
        Assert.Equal(3, page.Find("[data-testid=loss-line]").GetAttribute("points")!.Split(' ').Length);

        var model = Guid.NewGuid();
        CentreMetrics[] metrics = [new("centre-a", 2, 0.81, 0.7, 4.5), new("centre-b", 1, 0.6, 0.5, null)];
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<ModelView>(model, new ModelRegistered(model, "student-x", "onnxsha", run, Guid.NewGuid(), "abcdef0123456789", 42,
                configuration, "code-1", metrics, "trainer", At));
            await session.SaveChangesAsync();
        }
        await AppendAsync(run, new TrainingRunCompleted(run, model, "student-x", "onnxsha", 1e-5, metrics, "trainer", At));

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=training-status]").TextContent), Wait);
        Assert.Empty(page.FindAll("[data-testid=cancel-training]"));
        Assert.Equal(["centre-a", "centre-b"], page.FindAll("[data-testid=centre-metric]").Select(r => r.GetAttribute("data-centre")));
        Assert.Contains("0.810", page.Find("[data-testid=centre-metric][data-centre=centre-a]").TextContent);
        Assert.Contains("—", page.Find("[data-testid=centre-metric][data-centre=centre-b]").TextContent);
        Assert.Equal("abcdef0123456789", page.Find("[data-testid=lineage-split-hash]").TextContent);
        Assert.Equal("42", page.Find("[data-testid=lineage-ledger]").TextContent);
        Assert.Equal("never promoted", page.Find("[data-testid=lineage-rounds]").TextContent);
    }

    private static readonly BiopsyConfiguration Biopsy = new(4, 32, 4, 1e-3, 16, 7, ["adenoma"], ["cancer"]);

    private static BiopsyEpochCompleted AucEpoch(Guid run, int e) => new(run, e, 4, 0.7 / e, 0.6 + (0.1 * e), 2, "biopsy-trainer", At.AddMinutes(e));

    [Fact]
    public async Task A_biopsy_runs_chart_grows_with_validation_auc_and_its_table_shows_auc_sensitivity_and_specificity_per_centre()
    {
        var run = Guid.NewGuid();
        await AppendAsync(run, new BiopsyRunRequested(run, Guid.NewGuid(), "fedcba9876543210", Biopsy, "code-1", 43, "admin", At),
            new TrainingRunStarted(run, 1, 40, 12, 12, "biopsy-trainer", At), AucEpoch(run, 1), AucEpoch(run, 2));
        await using var ctx = DistillingPages.NewContext(ledger, _notifier);

        var page = ctx.Render<TrainingRunPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=auc-point]").Count), Wait);
        Assert.Empty(page.FindAll("[data-testid=dice-point]"));
        Assert.Contains("validation AUC", page.Find("[data-testid=score-legend]").TextContent);
        Assert.Contains("epoch 2 of 4", page.Find("[data-testid=chart-epochs]").TextContent);
        Assert.Equal("epoch 2: AUC 0.800, loss 0.350", page.FindAll("[data-testid=auc-point] title")[1].TextContent);
        Assert.Equal("biopsy", page.Find("[data-testid=run-kind]").TextContent);

        await AppendAsync(run, AucEpoch(run, 3));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=auc-point]").Count), Wait);

        BiopsyCentreMetrics[] metrics = [new("centre-a", 5, 20, 3, 2, 0.875, 0.667, 1), new("centre-b", 2, 8, 2, 0, null, 0.5, null)];
        await AppendAsync(run, new BiopsyRunCompleted(run, Guid.NewGuid(), "biopsy-head-x", "onnxsha", 1e-6, 0.42, metrics, "biopsy-trainer", At));

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=training-status]").TextContent), Wait);
        var headers = page.FindAll("[data-testid=centre-metrics] th").Select(h => h.TextContent).ToList();
        Assert.Contains("AUC", headers);
        Assert.Contains("Sensitivity", headers);
        Assert.Contains("Specificity", headers);
        Assert.DoesNotContain(headers, h => h.Contains("Dice") || h.Contains("IoU") || h.Contains("HD95"));
        var a = page.Find("[data-testid=centre-metric][data-centre=centre-a]");
        Assert.Equal(("0.875", "0.667", "1.000"), (a.QuerySelector("[data-testid=metric-auc]")!.TextContent,
            a.QuerySelector("[data-testid=metric-sensitivity]")!.TextContent, a.QuerySelector("[data-testid=metric-specificity]")!.TextContent));
        Assert.Equal("—", page.Find("[data-testid=centre-metric][data-centre=centre-b] [data-testid=metric-auc]").TextContent);
        Assert.Contains("0.420", page.Find("[data-testid=biopsy-threshold]").TextContent);
    }

    [Fact]
    public async Task A_lead_reads_a_running_run_without_the_cancel_button_and_sees_only_their_centres_test_rows()
    {
        var run = Guid.NewGuid();
        await AppendAsync(run, new TrainingRunRequested(run, Guid.NewGuid(), "0123456789abcdef", new TrainingConfiguration(64, 3, 8, 3, 1e-3, 4, 17),
            "code-1", 44, "admin", At), new TrainingRunStarted(run, 1, 6, 2, 2, "trainer", At), Epoch(run, 1));
        await using var ctx = DistillingPages.NewContext(ledger, _notifier, EndoKED.Shared.Role.Lead, "centre-b");

        var page = ctx.Render<TrainingRunPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=dice-point]")), Wait);
        Assert.Empty(page.FindAll("[data-testid=cancel-training]"));

        CentreMetrics[] metrics = [new("centre-a", 2, 0.81, 0.7, 4.5), new("centre-b", 1, 0.6, 0.5, null)];
        await AppendAsync(run, new TrainingRunCompleted(run, Guid.NewGuid(), "student-y", "onnxsha", 1e-5, metrics, "trainer", At));

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=training-status]").TextContent), Wait);
        Assert.Equal(["centre-b"], page.FindAll("[data-testid=centre-metric]").Select(r => r.GetAttribute("data-centre")));
        Assert.DoesNotContain("0.810", page.Markup);
    }

    [Fact]
    public async Task An_unknown_run_says_so()
    {
        await using var ctx = DistillingPages.NewContext(ledger, _notifier);
        var page = ctx.Render<TrainingRunPage>(p => p.Add(x => x.Id, Guid.NewGuid()));
        page.WaitForAssertion(() => Assert.Contains("No such run", page.Markup), Wait);
    }
}
