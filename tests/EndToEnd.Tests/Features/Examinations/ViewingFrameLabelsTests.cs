using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using EndoKED.Shared.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wolverine;

namespace EndoKED.EndToEnd.Tests.Features.Examinations;

public class ViewingFrameLabelsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_frame_view_shows_the_mask_overlay_the_box_the_scores_and_the_reason_a_box_was_refused()
    {
        var root = TestPaths.NewTempDir("e2e-frames");
        TestFrames.ExamFolder(root, "exam-frames", "A 9 mm polyp in the caecum.", """{"patientId":"P-FR"}""",
            ("f1.jpg", TestFrames.Jpeg(384, 288, seed: 11)), ("f2.jpg", TestFrames.Jpeg(384, 288, seed: 12)));
        var examId = Assert.Single((await fixture.Portal.IngestAsync(root, "centre-a")).AddedExaminationIds);
        var box = new FrameBox(110, 70, 260, 200);
        await using (var scope = fixture.Portal.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
            await using var session = store.LightweightSession();
            var exam = await session.LoadAsync<ExaminationView>(examId);
            var (first, second) = (exam!.ImageIds[0], exam.ImageIds[1]);
            var at = DateTimeOffset.UtcNow;
            // With the expected version (ingest left each image stream at version 1), as every writer of the ledger does.
            session.Events.Append(first, 3, new ImageScored(first, examId, "centre-a", "mil", "mil/e2e", 0.93, "mil/e2e", at),
                new ImageLocalised(first, examId, "centre-a", box, null, null, "cam-box-filter/v1", "mil/e2e", at));
            session.Events.Append(second, 3, new ImageScored(second, examId, "centre-a", "mil", "mil/e2e", 0.71, "mil/e2e", at),
                new ImageLocalised(second, examId, "centre-a", null, "border", "the box touches the frame border", "cam-box-filter/v1", "mil/e2e", at));
            await session.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new SegmentImage(first, "e2e", box));
        }

        var page = await fixture.SignedInPageAsync("e2e-frames-reader", Shared.Role.Clinician, "centre-a");
        await page.GotoAsync($"/examinations/{examId}");
        await page.GetByTestId("thumbnail").First.ClickAsync();

        var overlay = page.GetByTestId("mask-overlay");
        await overlay.WaitForAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=mask-overlay]'); return i && i.complete && i.naturalWidth === 384; }");
        await Assertions.Expect(page.GetByTestId("frame-box")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("mask-provenance").First).ToContainTextAsync("quality");
        await Assertions.Expect(page.GetByTestId("frame-facts")).ToContainTextAsync("0.930");
        await Assertions.Expect(page.GetByTestId("frame-localisation")).ToContainTextAsync("[110, 70, 260, 200]");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "frame-mask-overlay.png") });

        await page.GetByTestId("frame-view").PressAsync("m");
        await Assertions.Expect(overlay).ToHaveCountAsync(0);

        await page.Keyboard.PressAsync("Escape");
        // As a reader would: the next frame once this one's dialog has gone (a click while it closes can be lost).
        await Assertions.Expect(page.GetByTestId("frame-view")).ToHaveCountAsync(0);
        await page.GetByTestId("thumbnail").Nth(1).ClickAsync();
        await Assertions.Expect(page.GetByTestId("frame-localisation")).ToContainTextAsync("refused: the box touches the frame border", new() { Timeout = 30_000 });
        Assert.Equal(0, await page.GetByTestId("frame-box").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "frame-box-refused.png") });
    }
}
