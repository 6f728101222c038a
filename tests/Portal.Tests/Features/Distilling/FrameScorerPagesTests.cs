using Bunit;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Portal.Features.Distilling.RegisteringModels;
using EndoKED.Portal.Features.Distilling.TrainingStudents;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>
/// A frame scorer (MIL head) on the run page and in the registry, on a real ledger built by appending events: its chart of
/// loss and validation AUC, the label rule's counts per centre, the validation per centre; promotion to frame scorer and
/// the header that says which scorer is in force (or that a configured file overrides it).
/// </summary>
public sealed class FrameScorerPagesTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    /// <summary>Generous: the machine's cores are often busy with builds, and a page load is a few ledger queries.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly MilConfiguration Mil = new(3, 1e-3, 4, 17, 0.5, 0.8, 0.25, false);
    private static readonly MilLabelCount[] Counts =
        [new("centre-a", 4, 6, 8, 2, 7, 3, new Dictionary<string, int> { ["machine label below 0.8"] = 2, ["no frames"] = 1 }),
         new("centre-b", 2, 2, 4, 0, 3, 1, new Dictionary<string, int>())];
    private static readonly MilCentreAuc[] Validation = [new("centre-a", 3, 1, 0.875), new("centre-b", 1, 0, null)];
    private readonly LiveNotifier _notifier = new();

    private async Task AppendAsync(Guid stream, bool start, params object[] events)
    {
        await using (var session = ledger.Store.LightweightSession())
        {
            if (start && events[0] is MilModelRegistered) session.Events.StartStream<ModelView>(stream, events);
            else if (start) session.Events.StartStream<TrainingRunView>(stream, events);
            else session.Events.Append(stream, events);
            await session.SaveChangesAsync();
        }
        var kind = events[0] is MilModelRegistered ? LiveKinds.Model : LiveKinds.TrainingRun;
        await _notifier.PublishAsync([new LiveNotification(kind, stream, "", events[^1].GetType().Name, 0, At)]);
    }

    private static MilEpochCompleted Epoch(Guid run, int e) =>
        new(run, e, 3, 0.9 / e, 0.6 + (0.1 * e), [new("centre-a", 3, 1, 0.6 + (0.1 * e))], 2, "mil-trainer", At.AddMinutes(e));

    private static MilModelRegistered Registered(Guid model, Guid run, string version) => new(model, version, "onnx-" + version, "resnet18-imagenet-v1",
        0.5, run, null, "bags-sha", 12, Mil, "final labels, or machine labels from 0.8", "patients drawn per centre (seed 17, 25 % to validation)",
        Counts, Validation, "code-1", "mil-trainer", At);

    [Fact]
    public async Task A_frame_scorer_run_draws_loss_and_auc_then_shows_its_label_counts_validation_and_onnx_check()
    {
        var run = Guid.NewGuid();
        await AppendAsync(run, true, new MilRunRequested(run, null, null, "bags-sha", Mil, "final labels, or machine labels from 0.8",
            "patients drawn per centre (seed 17, 25 % to validation)", Counts, "code-1", 12, "admin", At), Epoch(run, 1), Epoch(run, 2));
        await using var ctx = DistillingPages.NewContext(ledger, _notifier);

        var page = ctx.Render<TrainingRunPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=auc-point]").Count), Wait);
        Assert.Contains("epoch 2 of 3", page.Find("[data-testid=chart-epochs]").TextContent);
        Assert.Equal("frame scorer", page.Find("[data-testid=run-kind]").TextContent);
        Assert.Contains("machine labels from 0.8", page.Find("[data-testid=mil-label-rule]").TextContent);
        Assert.Contains("patients drawn", page.Find("[data-testid=mil-grouping]").TextContent);
        var a = page.Find("[data-testid=mil-label-counts] [data-centre=centre-a]");
        Assert.Contains("4 / 6", a.TextContent);
        Assert.Equal("machine label below 0.8: 2 · no frames: 1", a.QuerySelector("[data-testid=mil-excluded]")!.TextContent);
        Assert.Empty(page.FindAll("[data-testid=mil-validation]"));

        await AppendAsync(run, false, Epoch(run, 3), new MilRunCompleted(run, Guid.NewGuid(), "mil-head-x", "onnx", 2.5e-7, 0.5, Validation, "mil-trainer", At));

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=training-status]").TextContent), Wait);
        Assert.Equal("0.875", page.Find("[data-testid=mil-validation] [data-centre=centre-a] [data-testid=mil-auc]").TextContent);
        Assert.Contains("one class only", page.Find("[data-testid=mil-validation] [data-centre=centre-b]").TextContent);
        Assert.Contains("2.5E-7", page.Find("[data-testid=mil-onnx-check]").TextContent);
        Assert.Contains("0.5", page.Find("[data-testid=mil-threshold]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=centre-metrics]"));
    }

    [Fact]
    public async Task Promoting_a_MIL_head_makes_it_the_frame_scorer_named_in_the_header_with_its_promotion_history()
    {
        var (model, run) = (Guid.NewGuid(), Guid.NewGuid());
        await AppendAsync(model, true, Registered(model, run, "mil-head-promote"));
        await using var ctx = DistillingPages.NewContext(ledger, _notifier);

        var page = ctx.Render<ModelsPage>();
        var card = $"[data-testid=model][data-model='{model}']";
        page.WaitForAssertion(() => Assert.NotNull(page.Find(card)), Wait);
        Assert.Contains("No frame scorer is promoted yet", page.Find("[data-testid=current-scorer]").TextContent);
        Assert.Contains("/training", page.Find("[data-testid=current-scorer]").InnerHtml);
        Assert.Equal("frame scorer", page.Find($"{card} [data-testid=model-kind]").TextContent);
        Assert.Contains("machine labels from 0.8", page.Find($"{card} [data-testid=lineage-label-rule]").TextContent);
        Assert.Equal("resnet18-imagenet-v1", page.Find($"{card} [data-testid=lineage-features]").TextContent);
        Assert.Equal("0.875", page.Find($"{card} [data-testid=mil-validation] [data-centre=centre-a] [data-testid=mil-auc]").TextContent);
        Assert.Contains("never promoted", page.Find($"{card} [data-testid=lineage-scorer]").TextContent);
        Assert.Contains("Promote to frame scorer", page.Find($"{card} [data-testid=promote]").TextContent);

        await page.InvokeAsync(() => page.Find($"{card} [data-testid=promote]").ClickAsync(new()));

        page.WaitForAssertion(() => Assert.Equal("true", page.Find(card).GetAttribute("data-current")), Wait);
        Assert.Contains("mil-head-promote", page.Find("[data-testid=current-scorer]").TextContent);
        Assert.Equal("frame scorer", page.Find($"{card} [data-testid=model-role]").TextContent);
        Assert.Contains("promoted by admin at", page.Find($"{card} [data-testid=scorer-promotion]").TextContent);
        Assert.True(page.Find($"{card} [data-testid=promote]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=scorer-override]"));
    }

    [Fact]
    public async Task A_configured_frame_scorer_file_is_named_as_overriding_promoted_models()
    {
        await using var ctx = DistillingPages.NewContext(ledger, _notifier, new FrameLabelOptions { MilModelPath = "/models/site-mil.onnx" });

        var page = ctx.Render<ModelsPage>();

        page.WaitForAssertion(() => Assert.Contains("site-mil.onnx", page.Find("[data-testid=scorer-override]").TextContent), Wait);
        Assert.Contains("overrides promoted models", page.Find("[data-testid=current-scorer]").TextContent);
    }
}
