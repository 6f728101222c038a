using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.Review;

/// <summary>A reader's flow through a queue by keyboard: each vote lands on the case on screen, at the version seen.</summary>
[Collection(nameof(ReviewingByKeyboardTests))]
public class ReviewingInARowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly PageWaitForURLOptions Slow = new() { Timeout = 90_000 };

    [Fact]
    public async Task A_reader_votes_on_twenty_examinations_in_a_row_and_each_vote_lands_on_the_item_on_screen_while_a_colleague_votes_meanwhile()
    {
        const string centre = "centre-row";
        const string me = "e2e-reader-row", colleague = "e2e-colleague-row";
        var ids = await SeedAsync(centre, 20);
        var colleagueVotesOn = new HashSet<int> { 2, 7, 13, 18 };
        var consoleErrors = new List<string>();

        var reader = await fixture.SignedInPageAsync(me, Shared.Role.Clinician, centre);
        reader.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };
        await reader.GotoAsync("/review");
        await Assertions.Expect(reader.GetByTestId("queue-updated")).ToContainTextAsync("20 item(s)");
        await reader.GetByTestId("start-reviewing").ClickAsync();

        var item = reader.GetByTestId("review-item");
        var seen = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            // Fully loaded before any key: the page names the item it shows, and the address agrees.
            await Assertions.Expect(item).ToHaveAttributeAsync("data-phase", "loaded");
            var onScreen = Guid.Parse((await item.GetAttributeAsync("data-item-id"))!);
            Assert.EndsWith($"/review/examination/{onScreen}", reader.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(onScreen, seen);
            seen.Add(onScreen);
            await Assertions.Expect(reader.GetByTestId("queue-position")).ToHaveTextAsync($"item {i + 1} of 20");
            await Assertions.Expect(reader.GetByTestId("report-text")).ToContainTextAsync(ReportOf(ids.IndexOf(onScreen)));
            await Assertions.Expect(item).ToBeFocusedAsync();

            await reader.Keyboard.PressAsync("a");
            await Assertions.Expect(reader.GetByTestId("draft-accept")).ToBeVisibleAsync();
            if (colleagueVotesOn.Contains(i))
            {
                // A colleague votes while the reader decides: the reader's vote at the version they saw is refused.
                long version;
                await using (var scope = fixture.Portal.Services.CreateAsyncScope())
                {
                    var done = await scope.ServiceProvider.GetRequiredService<CastVoteHandler>().HandleAsync(
                        new CastVote(ReviewItemKind.Examination, onScreen, new VoteContent(ReviewVerdict.Accept, null, null, ReviewReason.Agree, null)),
                        null, AccessScope.ForCentres(colleague, centre));
                    Assert.Null(done.Refusal);
                    version = done.Version;
                }

                await reader.Keyboard.PressAsync("Enter");
                await Assertions.Expect(reader.GetByTestId("review-message")).ToContainTextAsync("This item changed: look again");
                Assert.Empty(await ReaderVotesAsync(me, onScreen));
                // The reader looks again (the page shows the item at its new version), then sends the same choice.
                await Assertions.Expect(item).ToHaveAttributeAsync("data-seen-version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            await reader.Keyboard.PressAsync("Enter");
            await Assertions.Expect(reader.GetByTestId("vote-recorded")).ToBeVisibleAsync();
            Assert.Equal(onScreen, Guid.Parse((await item.GetAttributeAsync("data-item-id"))!));

            // The ledger: exactly this vote on the item on screen, and no other item got one.
            var mine = Assert.Single(await ReaderVotesAsync(me, onScreen));
            Assert.Equal((onScreen, ReviewVerdict.Accept), (mine.ItemId, mine.Verdict));
            var all = await ReaderVotesAsync(me, [.. ids]);
            Assert.Equal(i + 1, all.Count);
            Assert.Equal(seen.OrderBy(x => x), all.Select(v => v.ItemId).OrderBy(x => x)); // no item the reader did not see got one
            await Assertions.Expect(reader.GetByTestId("history-row").Filter(new() { HasText = me })).ToHaveCountAsync(1);
            if (colleagueVotesOn.Contains(i))
            {
                await Assertions.Expect(reader.GetByTestId("other-vote")).ToContainTextAsync($"{colleague}: accept");
                await Assertions.Expect(reader.GetByTestId("consensus-state")).ToContainTextAsync("reached");
                if (i == 2) await reader.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "review-row-after-vote.png"), FullPage = true });
            }
            else
            {
                await Assertions.Expect(reader.GetByTestId("consensus-state")).ToContainTextAsync("not yet");
            }

            await reader.Keyboard.PressAsync("n");
            if (i < 19)
            {
                try
                {
                    await Assertions.Expect(item).Not.ToHaveAttributeAsync("data-item-id", onScreen.ToString(), new() { Timeout = 60_000 });
                }
                catch (PlaywrightException)
                {
                    await reader.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "review-row-failure.png"), FullPage = true });
                    var focused = await reader.EvaluateAsync<string>("() => document.activeElement?.outerHTML?.slice(0, 120) ?? 'none'");
                    throw new InvalidOperationException($"N did not open the next item after item {i} ({onScreen}); focus on {focused}");
                }
            }
        }

        await reader.WaitForURLAsync("**/review?tab=labels", Slow);
        Assert.Equal(20, seen.Distinct().Count());
        Assert.Equal(20, await AllReaderVotesAsync(me, ids));
        Assert.DoesNotContain(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Keys_pressed_as_soon_as_an_item_is_on_screen_are_not_lost_before_the_page_has_taken_the_keyboard()
    {
        // A quick reader presses A, Enter, N the moment the item shows: until the page's module has loaded (or after a
        // render replaced what had the focus) the keys land on the body, and were lost. No wait for the focus here.
        const string centre = "centre-quick";
        const string me = "e2e-reader-quick";
        var ids = await SeedAsync(centre, 3);
        var reader = await fixture.SignedInPageAsync(me, Shared.Role.Clinician, centre);
        await reader.GotoAsync("/review");
        await Assertions.Expect(reader.GetByTestId("queue-updated")).ToContainTextAsync("3 item(s)");
        await reader.GetByTestId("start-reviewing").ClickAsync();
        var item = reader.GetByTestId("review-item");
        var seen = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            await Assertions.Expect(item).ToHaveAttributeAsync("data-phase", "loaded");
            var onScreen = Guid.Parse((await item.GetAttributeAsync("data-item-id"))!);
            Assert.DoesNotContain(onScreen, seen);
            seen.Add(onScreen);
            await reader.Keyboard.PressAsync("a");
            await reader.Keyboard.PressAsync("Enter");
            await Assertions.Expect(reader.GetByTestId("vote-recorded")).ToBeVisibleAsync();
            Assert.Single(await ReaderVotesAsync(me, onScreen));
            await reader.Keyboard.PressAsync("n");
            if (i < 2) await Assertions.Expect(item).Not.ToHaveAttributeAsync("data-item-id", onScreen.ToString(), new() { Timeout = 60_000 });
        }
        // N after the last vote: back to the queue.
        await Assertions.Expect(reader).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/review\\?tab=labels$"), new() { Timeout = 60_000 });
        Assert.Equal(3, await AllReaderVotesAsync(me, ids));
    }

    [Fact]
    public async Task A_reader_undoes_their_vote_within_a_minute_and_both_the_vote_and_its_withdrawal_stay_in_the_history()
    {
        const string centre = "centre-undo";
        const string me = "e2e-reader-undo";
        var exam = Assert.Single(await SeedAsync(centre, 1));
        var reader = await fixture.SignedInPageAsync(me, Shared.Role.Clinician, centre);
        await reader.GotoAsync($"/review/examination/{exam}");
        var item = reader.GetByTestId("review-item");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-phase", "loaded");
        await Assertions.Expect(item).ToBeFocusedAsync();

        // The circuit's error bar, should it ever show, is readable: WCAG contrast of at least 4.5 for its text and link.
        var colours = await reader.EvaluateAsync<string[]>("""
            () => { const bar = document.getElementById('blazor-error-ui'), link = bar.querySelector('.reload');
                    return [getComputedStyle(bar).color, getComputedStyle(bar).backgroundColor, getComputedStyle(link).color]; }
            """);
        Assert.True(Contrast(colours[0], colours[1]) >= 4.5, $"error text {colours[0]} on {colours[1]}");
        Assert.True(Contrast(colours[2], colours[1]) >= 4.5, $"error link {colours[2]} on {colours[1]}");

        // Clicking empty space leaves the shortcuts on.
        await reader.Mouse.ClickAsync(1300, 880);
        await Assertions.Expect(item).ToBeFocusedAsync();

        await reader.Keyboard.PressAsync("r");
        await reader.Keyboard.PressAsync("3");
        await reader.Keyboard.PressAsync("Enter");
        await Assertions.Expect(reader.GetByTestId("vote-recorded")).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByTestId("your-vote")).ToContainTextAsync("reject");

        await reader.Keyboard.PressAsync("u");
        await Assertions.Expect(reader.GetByTestId("review-message")).ToContainTextAsync("Vote withdrawn");
        await Assertions.Expect(reader.GetByTestId("your-vote")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.GetByTestId("blinded")).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByTestId("history-row").Filter(new() { HasText = "VoteWithdrawn" })).ToHaveCountAsync(1);
        await Assertions.Expect(reader.GetByTestId("history-row").Filter(new() { HasText = "VoteCast" })).ToHaveCountAsync(1);

        await using (var session = fixture.Portal.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var events = (await session.Events.FetchStreamAsync(exam)).Select(e => e.Data).ToList();
            var vote = Assert.Single(events.OfType<VoteCast>());
            Assert.Equal(vote.VoteId, Assert.Single(events.OfType<VoteWithdrawn>()).VoteId);
        }

        // The item waits for the reader again: a new vote is recorded.
        await reader.Keyboard.PressAsync("a");
        await reader.Keyboard.PressAsync("Enter");
        await Assertions.Expect(reader.GetByTestId("your-vote")).ToContainTextAsync("accept");
    }

    [Fact]
    public async Task The_examination_review_shows_the_frames_highest_score_first_with_mask_and_box_and_a_frame_opens_the_frame_view()
    {
        const string centre = "centre-frames-rev";
        var root = TestPaths.NewTempDir("e2e-review-frames");
        TestFrames.ExamFolder(root, "exam-review-frames", "A 9 mm polyp in the caecum.", """{"patientId":"P-RF","date":"2026-04-04"}""",
            ("f1.jpg", TestFrames.Jpeg(384, 288, seed: 21)), ("f2.jpg", TestFrames.Jpeg(384, 288, seed: 22)));
        var examId = Assert.Single((await fixture.Portal.IngestAsync(root, centre)).AddedExaminationIds);
        var box = new FrameBox(110, 70, 260, 200);
        Guid low, high;
        await using (var scope = fixture.Portal.Services.CreateAsyncScope())
        {
            await using var session = scope.ServiceProvider.GetRequiredService<IDocumentStore>().LightweightSession();
            var exam = await session.LoadAsync<Pipeline.Features.Examinations.ExaminationView>(examId);
            (low, high) = (exam!.ImageIds[0], exam.ImageIds[1]);
            var at = DateTimeOffset.UtcNow;
            session.Events.Append(low, new ImageScored(low, examId, centre, "mil", "mil/e2e", 0.31, "mil/e2e", at),
                new ImageLocalised(low, examId, centre, null, "border", "the box touches the frame border", "cam-box-filter/v1", "mil/e2e", at));
            session.Events.Append(high, new ImageScored(high, examId, centre, "mil", "mil/e2e", 0.92, "mil/e2e", at),
                new ImageLocalised(high, examId, centre, box, null, null, "cam-box-filter/v1", "mil/e2e", at));
            session.Events.Append(examId, new ExaminationLabelProposed(examId, PolypLabel.Present, 0.4, "test", [], ["rules/1"], true, "rules/1", at));
            await session.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync(new Pipeline.Features.FrameLabels.SegmentingImages.SegmentImage(high, "e2e", box));
        }

        var reader = await fixture.SignedInPageAsync("e2e-reader-frames", Shared.Role.Clinician, centre);
        var consoleErrors = new List<string>();
        reader.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add($"{reader.Url}: {m.Text}"); };
        await reader.GotoAsync($"/review/examination/{examId}");
        var frames = reader.GetByTestId("top-frame");
        await Assertions.Expect(frames).ToHaveCountAsync(2);
        Assert.Equal(high.ToString(), await frames.Nth(0).GetAttributeAsync("data-id"));
        await Assertions.Expect(frames.Nth(0).GetByTestId("top-frame-mask")).ToBeVisibleAsync();
        await Assertions.Expect(frames.Nth(0).GetByTestId("top-frame-box")).ToBeVisibleAsync();
        await Assertions.Expect(frames.Nth(0).GetByTestId("top-frame-caption")).ToContainTextAsync("p = 0.92");
        await Assertions.Expect(frames.Nth(1).GetByTestId("top-frame-caption")).ToContainTextAsync("box refused: the box touches the frame border");
        await reader.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=top-frame] img')].every(i => i.complete && i.naturalWidth > 0)", null, new() { Timeout = 90_000 });
        await reader.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "review-examination-frames.png"), FullPage = true });

        // A frame opens the frame view in a new tab, so the review keeps its place.
        var popup = await reader.RunAndWaitForPopupAsync(() => frames.Nth(0).GetByTestId("frame-link").ClickAsync());
        popup.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add($"{popup.Url}: {m.Text}"); };
        await Assertions.Expect(popup.GetByTestId("frame-view")).ToBeVisibleAsync();
        await Assertions.Expect(popup.GetByTestId("mask-overlay")).ToBeVisibleAsync();
        await Assertions.Expect(popup.GetByTestId("frame-facts")).ToContainTextAsync("0.920");
        await popup.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=mask-overlay]'); return i && i.complete; }", null, new() { Timeout = 90_000 });
        var overlayWidth = await popup.EvaluateAsync<int>("() => document.querySelector('[data-testid=mask-overlay]').naturalWidth");
        Assert.True(overlayWidth == 384, $"the mask overlay did not load at full size ({overlayWidth} px wide): {string.Join("; ", consoleErrors)}");
        await popup.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "frame-view-page.png"), FullPage = true });
        await popup.GetByTestId("frame-view").PressAsync("m");
        await Assertions.Expect(popup.GetByTestId("mask-overlay")).ToHaveCountAsync(0);
        Assert.Equal(1, await reader.GetByTestId("review-item").CountAsync()); // the review is still there

        // The examination page's thumbnails are links to the same view.
        await reader.GotoAsync($"/examinations/{examId}");
        await Assertions.Expect(reader.GetByTestId("thumbnail-link").First).ToHaveAttributeAsync("href", $"/frames/{low}");
        await Assertions.Expect(reader.GetByTestId("thumbnail")).ToHaveCountAsync(2);

        // No page logged an error: the import map is allowed by the policy's nonce.
        Assert.Empty(consoleErrors);
    }

    /// <summary>WCAG 2 contrast ratio of two CSS <c>rgb(r, g, b)</c> colours.</summary>
    private static double Contrast(string a, string b)
    {
        static double Luminance(string css)
        {
            var parts = css[(css.IndexOf('(', StringComparison.Ordinal) + 1)..css.IndexOf(')', StringComparison.Ordinal)].Split(',');
            double Channel(int i)
            {
                var c = double.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture) / 255;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }

            return (0.2126 * Channel(0)) + (0.7152 * Channel(1)) + (0.0722 * Channel(2));
        }

        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static string ReportOf(int i) => $"Examination number {i:00}: a 5 mm polyp in the sigmoid colon, removed.";

    private async Task<List<Guid>> SeedAsync(string centre, int count)
    {
        var root = TestPaths.NewTempDir("e2e-row");
        for (var i = 0; i < count; i++)
            TestFrames.ExamFolder(root, $"exam-{centre}-{i:00}", ReportOf(i), $$"""{"patientId":"P-{{i:00}}","date":"2026-06-{{(i % 28) + 1:00}}"}""",
                ("f1.jpg", TestFrames.Jpeg(96, 72, seed: i + 1)));
        var added = (await fixture.Portal.IngestAsync(root, centre)).AddedExaminationIds.ToList();
        Assert.Equal(count, added.Count);
        var store = fixture.Portal.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        foreach (var id in added)
            session.Events.Append(id, new ExaminationLabelProposed(id, PolypLabel.Present, 0.4, "test", ["size"], ["rules/1"], true, "rules/1", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();

        // In report order, so a page's report names its index.
        var byIndex = new Guid[count];
        await using var query = store.QuerySession();
        foreach (var id in added)
        {
            var report = (await query.LoadAsync<Pipeline.Features.Examinations.ExaminationView>(id))!.ReportText;
            byIndex[int.Parse(report["Examination number ".Length..][..2], System.Globalization.CultureInfo.InvariantCulture)] = id;
        }

        return [.. byIndex];
    }

    private async Task<IReadOnlyList<VoteCast>> ReaderVotesAsync(string reader, params Guid[] ids)
    {
        await using var session = fixture.Portal.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var votes = new List<VoteCast>();
        foreach (var id in ids)
            votes.AddRange((await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<VoteCast>().Where(v => v.Reader == reader));
        return votes;
    }

    private async Task<int> AllReaderVotesAsync(string reader, IEnumerable<Guid> ids) => (await ReaderVotesAsync(reader, [.. ids])).Count;
}
