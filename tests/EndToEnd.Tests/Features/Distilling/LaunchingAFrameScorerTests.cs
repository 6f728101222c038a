using EndoKED.Shared;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.Distilling;

/// <summary>
/// On a deployment with no frozen split and no examination, an admin chooses the frame scorer on Training: the split notice
/// no longer blocks, its own settings show, and the launch answers what to do first (ingest); the registry says no frame
/// scorer is in force and where to get one.
/// </summary>
public class LaunchingAFrameScorerTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_chooses_the_frame_scorer_without_a_split_and_is_told_to_ingest_first()
    {
        var admin = await fixture.SignedInPageAsync("browser-scorer-admin", Role.Admin);
        await admin.GotoAsync("/training");
        await Assertions.Expect(admin.GetByTestId("no-frozen-split")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("launch-button")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.GetByTestId("no-training-run")).ToContainTextAsync("No training run yet");

        await admin.GetByTestId("training-kind").ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = "frame scorer (MIL, from the labels)" }).ClickAsync();

        await Assertions.Expect(admin.GetByTestId("no-frozen-split")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.GetByTestId("training-min-confidence")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("training-promote")).ToBeVisibleAsync();
        await admin.GetByTestId("launch-button").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("training-problem")).ToContainTextAsync("ingest records first");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "training-frame-scorer.png"), FullPage = true });

        await admin.GotoAsync("/models");
        await Assertions.Expect(admin.GetByTestId("current-scorer")).ToContainTextAsync("No frame scorer is promoted yet");
        await Assertions.Expect(admin.GetByTestId("no-model")).ToContainTextAsync("train one on Training");
    }
}
