using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Tests;
using EndoKED.Pipeline.Tests.Infrastructure;
using EndoKED.Shared.Events;
using EndoKED.Shared.Masks;
using EndoKED.Shared.Records;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.Review;

/// <summary>Runs alone: beside the other browser classes on two loaded cores its two circuits lost clicks (see the report).</summary>
[CollectionDefinition(nameof(ReviewingByKeyboardTests), DisableParallelization = true)]
public sealed class ReviewingByKeyboardCollection;

[Collection(nameof(ReviewingByKeyboardTests))]
public class ReviewingByKeyboardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Centre = "centre-rev";

    // The portal answers in-page navigation slowly when the whole end-to-end suite shares two cores.
    private static readonly PageWaitForURLOptions Slow = new() { Timeout = 90_000 };

    [Fact]
    public async Task A_clinician_accepts_a_label_and_corrects_a_mask_by_keyboard_while_a_colleague_sees_the_consensus_live()
    {
        var (examId, imageId, proposed) = await SeedAsync();

        // A colleague already accepted the label and keeps the item open: they see votes (they voted), and presence.
        await using (var scope = fixture.Portal.Services.CreateAsyncScope())
        {
            var accept = new VoteContent(ReviewVerdict.Accept, null, null, ReviewReason.Agree, null);
            var done = await scope.ServiceProvider.GetRequiredService<CastVoteHandler>()
                .HandleAsync(new CastVote(ReviewItemKind.Examination, examId, accept), null, AccessScope.ForCentres("e2e-colleague", Centre));
            Assert.Null(done.Refusal);
        }

        var colleague = await fixture.SignedInPageAsync("e2e-colleague", Shared.Role.Clinician, Centre);
        await colleague.GotoAsync($"/review/examination/{examId}");
        await Assertions.Expect(colleague.GetByTestId("other-votes")).ToContainTextAsync("0 vote(s)");
        await Assertions.Expect(colleague.GetByTestId("final-label")).ToHaveCountAsync(0);

        // The reader opens the queue: the examination is there, with why.
        var reader = await fixture.SignedInPageAsync("e2e-reader-k", Shared.Role.Clinician, Centre);
        await reader.GotoAsync("/review");
        await Assertions.Expect(reader.GetByTestId("queue-row")).ToHaveCountAsync(1);
        await Assertions.Expect(reader.GetByTestId("queue-reason").Filter(new() { HasText = "low confidence 0.40" })).ToHaveCountAsync(1);
        await Assertions.Expect(reader.GetByTestId("queue-updated")).ToContainTextAsync("1 item(s)");
        await Assertions.Expect(reader.GetByTestId("start-reviewing")).ToBeEnabledAsync();
        await reader.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "review-queue.png"), FullPage = true });

        await reader.GetByTestId("start-reviewing").ClickAsync();
        await reader.WaitForURLAsync($"**/review/examination/{examId}", Slow);
        await Assertions.Expect(reader.GetByTestId("report-text")).ToContainTextAsync("polyp");
        await Assertions.Expect(reader.GetByTestId("blinded")).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByTestId("presence")).ToContainTextAsync("e2e-colleague");
        await Assertions.Expect(colleague.GetByTestId("presence")).ToContainTextAsync("e2e-reader-k");
        await reader.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "review-item.png"), FullPage = true });

        await Assertions.Expect(reader.GetByTestId("review-item")).ToBeFocusedAsync();
        // A = accept: two agreeing readers make the label final, and the colleague's page shows it without reload.
        await reader.Keyboard.PressAsync("a");
        await reader.WaitForURLAsync("**/review?tab=labels", Slow);
        await Assertions.Expect(colleague.GetByTestId("final-label")).ToContainTextAsync("consensus");
        await Assertions.Expect(colleague.GetByTestId("other-votes")).ToContainTextAsync("1 vote(s)");
        await Assertions.Expect(colleague.GetByTestId("review-stage")).ToContainTextAsync("Final");
        await colleague.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "live-update.png"), FullPage = true });

        // Time travel: the label as it was before the second vote.
        await colleague.Locator("[data-testid=history-row][data-version='4']").ClickAsync();
        await Assertions.Expect(colleague.GetByTestId("time-travel")).ToContainTextAsync("As of version 4: stage Voting, label present, 1 standing vote(s)");

        // The masks tab: E opens the editor, the mouse paints, Ctrl+S keeps the mask, Enter sends the correction.
        await reader.GotoAsync("/review?tab=masks");
        await Assertions.Expect(reader.GetByTestId("queue-reason").Filter(new() { HasText = "low mask quality 0.42" })).ToHaveCountAsync(1);
        await reader.GetByTestId("start-reviewing").ClickAsync();
        await reader.WaitForURLAsync($"**/review/image/{imageId}", Slow);
        await Assertions.Expect(reader.GetByTestId("overlay-caption")).ToContainTextAsync("Proposed mask");
        await Assertions.Expect(reader.GetByTestId("review-item")).ToBeFocusedAsync();
        await reader.Keyboard.PressAsync("e");
        var canvas = reader.GetByTestId("mask-canvas");
        await canvas.WaitForAsync();
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("The canvas has no box.");
        await reader.Keyboard.PressAsync("]");
        await reader.Mouse.MoveAsync(box.X + 40, box.Y + 40);
        await reader.Mouse.DownAsync();
        await reader.Mouse.MoveAsync(box.X + 110, box.Y + 60, new() { Steps = 12 });
        await reader.Mouse.MoveAsync(box.X + 120, box.Y + 100, new() { Steps = 8 });
        await reader.Mouse.UpAsync();
        await Assertions.Expect(reader.GetByTestId("undo")).ToBeEnabledAsync();
        await reader.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "mask-editor.png"), FullPage = true });
        await reader.Keyboard.PressAsync("Control+s");
        await Assertions.Expect(reader.GetByTestId("overlay-caption")).ToContainTextAsync("Your corrected mask");
        await Assertions.Expect(reader.GetByTestId("review-item")).ToBeFocusedAsync(); // focus returns from the editor
        await reader.Keyboard.PressAsync("Enter");
        await reader.WaitForURLAsync("**/review?tab=masks", Slow);

        // Having voted, the reader compares the proposed mask with their correction: added pixels green.
        await reader.GotoAsync($"/review/image/{imageId}");
        await reader.GetByTestId("diff-pick").First.ClickAsync();
        await reader.GetByTestId("diff-pick").Last.ClickAsync();
        await Assertions.Expect(reader.GetByTestId("overlay-caption")).ToContainTextAsync("Mask diff v2 → v3");
        await reader.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "mask-diff.png"), FullPage = true });

        await using var session = fixture.Portal.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var vote = Assert.Single((await session.Events.FetchStreamAsync(imageId)).Select(e => e.Data).OfType<VoteCast>());
        Assert.Equal(("e2e-reader-k", ReviewVerdict.Correct, ReviewReason.WrongBoundary), (vote.Reader, vote.Verdict, vote.Reason));
        var corrected = MaskRleCodec.Decode(vote.MaskRle!);
        Assert.True(corrected.Count(p => p != 0) > proposed + 500, "the painted stroke adds to the proposed mask");
        Assert.Equal(1, corrected[(45 * 320) + 45]); // where the stroke began, outside the proposal
    }

    private async Task<(Guid Exam, Guid Image, int ProposedArea)> SeedAsync()
    {
        var root = TestPaths.NewTempDir("e2e-review");
        TestFrames.ExamFolder(root, "exam-review", "Findings: a 6 mm sessile polyp in the rectum, removed.", """{"patientId":"P-R1","date":"2026-05-05"}""",
            ("f1.jpg", TestFrames.Jpeg(320, 240, seed: 7)));
        var examId = Assert.Single((await fixture.Portal.IngestAsync(root, Centre)).AddedExaminationIds);
        var store = fixture.Portal.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var image = await session.Query<ImageView>().SingleAsync(i => i.ExaminationId == examId);
        var mask = new byte[320 * 240];
        for (var y = 120; y < 200; y++)
            for (var x = 150; x < 250; x++) mask[(y * 320) + x] = 1;
        var now = DateTimeOffset.UtcNow;
        session.Events.Append(examId, new ExaminationLabelProposed(examId, PolypLabel.Present, 0.4, "test", ["size"], ["rules/1"], true, "rules/1", now));
        session.Events.Append(image.Id, new MaskProposed(image.Id, examId, Centre, "sam", "test", "sam:test", new FrameBox(150, 120, 250, 200),
            MaskRleCodec.Encode(mask, 320, 240), 0.42, null, "sam:test", now));
        await session.SaveChangesAsync();
        return (examId, image.Id, 100 * 80);
    }
}
