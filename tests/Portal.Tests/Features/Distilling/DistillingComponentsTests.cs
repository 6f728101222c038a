using Bunit;
using EndoKED.Pipeline.Features.Dashboards.ComparingRounds;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;
using EndoKED.Portal.Features.Dashboards;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Portal.Features.Distilling.DraftingSplits;
using EndoKED.Portal.Features.Distilling.RegisteringModels;
using EndoKED.Portal.Features.Distilling.TrainingStudents;
using EndoKED.Shared.Events;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.Distilling;

public class DistillingComponentsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);


    private static EpochPoint Point(int epoch, double loss, double dice) => new(epoch, loss, dice, 1, At);

    [Fact]
    public void The_chart_spans_the_planned_epochs_puts_the_highest_loss_at_the_top_and_dice_on_a_zero_to_one_axis()
    {
        var g = ChartGeometry.Of([Point(2, 0.5, 0.5), Point(1, 1.0, 0.0), Point(3, 0.25, 1.0)], epochs: 5);

        Assert.Equal(["44,10", "185.5,103", "327,149.5"], g.LossPoints.Split(' '));
        Assert.Equal([ChartGeometry.Bottom, (ChartGeometry.Top + ChartGeometry.Bottom) / 2.0, ChartGeometry.Top], g.Markers.Select(m => m.ScoreY!.Value));
        Assert.Equal(1.0, g.MaxLoss);
        Assert.Equal([1, 2, 3, 4, 5], g.Ticks.Select(t => t.Epoch));
        Assert.Equal(ChartGeometry.Right, g.Ticks[^1].X);
    }

    [Fact]
    public void A_chart_without_epochs_draws_empty_lines_and_a_not_finite_loss_stays_on_the_axis()
    {
        Assert.Equal("", ChartGeometry.Of([], 3).LossPoints);
        var g = ChartGeometry.Of([Point(1, double.NaN, 0.5), Point(2, 2, 0.6)], 2);
        Assert.Equal(ChartGeometry.Bottom, g.Markers[0].LossY);
    }

    [Fact]
    public async Task The_epoch_chart_draws_a_point_per_epoch_with_its_figures_and_says_how_far_the_run_is()
    {
        await using var ctx = MudBunit.Context();
        var chart = ctx.Render<EpochChart>(p => p.Add(x => x.Points, [Point(1, 0.9, 0.31), Point(2, 0.6, 0.55)]).Add(x => x.Epochs, 10));

        Assert.Equal(2, chart.FindAll("[data-testid=dice-point]").Count);
        Assert.Equal("epoch 2: Dice 0.550, loss 0.600", chart.FindAll("[data-testid=dice-point] title")[1].TextContent);
        Assert.Contains("epoch 2 of 10", chart.Find("[data-testid=chart-epochs]").TextContent);
        Assert.Contains("2 of 10 epochs", chart.Find("[data-testid=epoch-chart]").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task A_biopsy_chart_draws_validation_auc_and_leaves_out_an_epoch_without_one()
    {
        await using var ctx = MudBunit.Context();
        EpochPoint[] points = [new(1, 0.7, 0, 1, At, 0.61), new(2, 0.6, 0, 1, At, null), new(3, 0.5, 0, 1, At, 0.74)];
        var chart = ctx.Render<EpochChart>(p => p.Add(x => x.Points, points).Add(x => x.Epochs, 6).Add(x => x.Measure, EpochMeasure.Auc));

        Assert.Equal(2, chart.FindAll("[data-testid=auc-point]").Count);
        Assert.Empty(chart.FindAll("[data-testid=dice-point]"));
        Assert.Equal(2, chart.Find("[data-testid=auc-line]").GetAttribute("points")!.Split(' ').Length);
        Assert.Equal(3, chart.Find("[data-testid=loss-line]").GetAttribute("points")!.Split(' ').Length);
        Assert.Equal("epoch 3: AUC 0.740, loss 0.500", chart.FindAll("[data-testid=auc-point] title")[1].TextContent);
        Assert.Contains("validation AUC", chart.Find("[data-testid=score-legend]").TextContent);
        Assert.Contains("validation AUC", chart.Find("[data-testid=epoch-chart]").GetAttribute("aria-label"));
    }

    [Fact]
    public void A_runs_headline_is_its_best_validation_figure_named_by_its_kind()
    {
        var student = new TrainingRunView { Epochs = [Point(1, 0.9, 0.4), Point(2, 0.8, 0.55), Point(3, 0.7, 0.5)] };
        var biopsy = new TrainingRunView { Kind = TrainingRunKinds.Biopsy, Epochs = [new(1, 0.7, 0, 1, At, null)] };

        Assert.Equal("Dice 0.550", TrainingSettings.Best(student));
        Assert.Equal("—", TrainingSettings.Best(biopsy));
        Assert.Equal("AUC 0.900", TrainingSettings.Best(biopsy with { Epochs = [.. biopsy.Epochs, new(2, 0.6, 0, 1, At, 0.9)] }));
    }

    [Fact]
    public void Split_counts_are_per_centre_and_label_across_the_three_parts()
    {
        var rows = SplitCounts.Of([
            new SplitAssignment("a", SplitPart.Train, "c2", "p", true, 0), new SplitAssignment("b", SplitPart.Test, "c1", "q", false, 1),
            new SplitAssignment("c", SplitPart.Validation, "c2", "r", true, 2), new SplitAssignment("d", SplitPart.Train, "c1", "s", true, 3)]);
        Assert.Equal([new("c1", "polyp", 1, 0, 0), new("c1", "clear", 0, 0, 1), new SplitCountRow("c2", "polyp", 1, 1, 0)], rows);
    }

    [Fact]
    public async Task A_split_whose_frames_all_went_to_training_says_what_a_student_will_lack_and_what_to_change()
    {
        await using var ctx = MudBunit.Context();
        var split = new SplitView
        {
            Id = Guid.NewGuid(), Name = "one-group", Status = SplitStatus.Drafted, ManifestSha256 = "m", Train = 114, DraftedBy = "admin", DraftedAt = At,
            Leakage = new SplitLeakageSummary([], []),
        };
        var details = ctx.Render<SplitDetails>(p => p.Add(x => x.Split, split).Add(x => x.Counts, []).Add(x => x.CanFreeze, true));

        var warning = details.Find("[data-testid=empty-parts]").TextContent;
        Assert.Contains("No validation and no test frame", warning);
        Assert.Contains("no validation Dice and no test scores", warning);

        var dealt = ctx.Render<SplitDetails>(p => p.Add(x => x.Split, split with { Train = 80, Validation = 17, Test = 17 }).Add(x => x.Counts, []).Add(x => x.CanFreeze, true));
        Assert.Empty(dealt.FindAll("[data-testid=empty-parts]"));
        var noTest = ctx.Render<SplitDetails>(p => p.Add(x => x.Split, split with { Train = 97, Validation = 17 }).Add(x => x.Counts, []).Add(x => x.CanFreeze, true));
        Assert.Contains("No test frame", noTest.Find("[data-testid=empty-parts]").TextContent);
    }

    [Fact]
    public async Task A_leaking_split_names_what_crosses_the_parts_and_cannot_be_frozen()
    {
        await using var ctx = MudBunit.Context();
        var split = new SplitView
        {
            Id = Guid.NewGuid(), Name = "leaky", Status = SplitStatus.Drafted, ManifestSha256 = "m", Train = 3, DraftedBy = "admin", DraftedAt = At,
            Leakage = new SplitLeakageSummary(["pat-7"], [new ImagePair("i1", "i9")]),
        };
        var details = ctx.Render<SplitDetails>(p => p.Add(x => x.Split, split).Add(x => x.Counts, []).Add(x => x.CanFreeze, true));

        Assert.Equal(("1", "1"), (details.Find("[data-testid=leaking-patients]").TextContent, details.Find("[data-testid=leaking-pairs]").TextContent));
        Assert.Contains("pat-7", details.Find("[data-testid=leaking-patient]").TextContent);
        Assert.Contains("i1 ≈ i9", details.Find("[data-testid=leaking-pair]").TextContent);
        Assert.True(details.Find("[data-testid=freeze-split]").HasAttribute("disabled"));
        Assert.Empty(details.FindAll("[data-testid=manifest-hash]"));
    }

    [Fact]
    public async Task The_rounds_table_names_the_student_by_model_and_leaves_an_undefined_rate_blank()
    {
        await using var ctx = MudBunit.Context();
        RoundFigures[] rows =
        [
            new(0, "centre-a", "embedded:1", "embedded", "1", null, null, 10, 0.61, 4, 0.5, 4, 0.25),
            new(1, "centre-a", "student:abc", "student", "id/v", Guid.NewGuid(), "student-unet-v1+abc", 8, 0.8, 0, null, 0, null),
            new(0, "centre-a", "embedded:1;box:cam-seeds", "embedded", "1", null, null, 3, 0.55, 0, null, 0, null),
        ];
        var table = ctx.Render<RoundsTable>(p => p.Add(x => x.Rows, rows));

        var cells = table.FindAll("[data-testid=round-row]");
        Assert.Equal(["0", "1", "0"], cells.Select(r => r.GetAttribute("data-round")));
        Assert.DoesNotContain("seeded", cells[0].TextContent);
        Assert.Contains("embedded 1, seeded from the CAM", cells[2].TextContent); // not a second row named like the first
        Assert.Contains("25.0 %", cells[0].QuerySelector("[data-testid=round-correction-rate]")!.TextContent);
        Assert.Contains("student student-unet-v1+abc", cells[1].TextContent);
        Assert.Equal("—", cells[1].QuerySelector("[data-testid=round-correction-rate]")!.TextContent);
    }

    [Fact]
    public async Task A_models_lineage_names_its_encoder_and_gives_levels_only_to_the_plain_u_net()
    {
        await using var ctx = MudBunit.Context();
        string Config(TrainingConfiguration c) =>
            ctx.Render<ModelLineage>(p => p.Add(x => x.Model, new ModelView { Configuration = c })).Find("[data-testid=lineage-config]").TextContent;

        var resnet = Config(new TrainingConfiguration(256, 20, 16, 4, 1e-3, 8, 17, "resnet18", true));
        Assert.StartsWith("ResNet-18 frozen · 256 px · base 16 · 20 epochs", resnet);
        Assert.DoesNotContain("levels", resnet);
        Assert.StartsWith("ResNet-18 fine-tuned", Config(new TrainingConfiguration(256, 20, 16, 4, 1e-3, 8, 17, "resnet18", false)));
        // Recorded before the encoder could be chosen: a plain U-Net.
        Assert.StartsWith("plain U-Net · 64 px · base 8 · 3 levels", Config(new TrainingConfiguration(64, 2, 8, 3, 1e-3, 4, 17)));
    }
}
