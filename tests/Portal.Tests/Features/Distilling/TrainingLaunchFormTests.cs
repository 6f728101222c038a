using Bunit;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Portal.Features.Distilling.TrainingStudents;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>The launch form without a frozen split: a student waits for one, a frame scorer (MIL, from the labels) does not.</summary>
public sealed class TrainingLaunchFormTests
{

    private static IRenderedComponent<TrainingLaunchForm> Render(BunitContext ctx, TrainingDraft draft, Action onLaunch) =>
        ctx.Render<TrainingLaunchForm>(p => p.Add(x => x.Draft, draft).Add(x => x.FrozenSplits, (IReadOnlyList<SplitView>)[])
            .Add(x => x.OnLaunch, EventCallback.Factory.Create(new object(), onLaunch)));

    [Fact]
    public async Task Without_a_frozen_split_a_student_cannot_launch_and_the_notice_says_where_to_freeze_one()
    {
        await using var ctx = MudBunit.Context();

        var form = Render(ctx, new TrainingDraft(), () => { });

        Assert.Contains("/splits", form.Find("[data-testid=no-frozen-split]").InnerHtml);
        Assert.Empty(form.FindAll("[data-testid=launch-button]"));
        Assert.NotEmpty(form.FindAll("[data-testid=training-kind]"));
    }

    [Fact]
    public async Task Without_a_frozen_split_a_frame_scorer_launches_with_its_own_settings()
    {
        await using var ctx = MudBunit.Context();
        var launched = 0;

        var form = Render(ctx, new TrainingDraft { Kind = TrainingRunKinds.Mil }, () => launched++);

        Assert.Empty(form.FindAll("[data-testid=no-frozen-split]"));
        Assert.NotEmpty(form.FindAll("[data-testid=training-min-confidence]"));
        Assert.NotEmpty(form.FindAll("[data-testid=training-validation-share]"));
        Assert.NotEmpty(form.FindAll("[data-testid=training-promote]"));
        Assert.Empty(form.FindAll("[data-testid=training-encoder]"));
        var launch = form.Find("[data-testid=launch-button]");
        Assert.False(launch.HasAttribute("disabled"));
        await form.InvokeAsync(() => form.Find("[data-testid=launch-button]").ClickAsync(new()));
        Assert.Equal(1, launched);
    }
}
