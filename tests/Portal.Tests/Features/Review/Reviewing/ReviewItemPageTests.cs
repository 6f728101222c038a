using Bunit;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Portal.Features.Review;
using EndoKED.Portal.Features.Review.Presence;
using EndoKED.Portal.Features.Review.Reviewing;
using EndoKED.Portal.Infrastructure.Auth;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;
using Marten;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.Review.Reviewing;

/// <summary>The image review page on the fixture's portal: its queries run in the portal's own scopes.</summary>
public class ReviewItemPageTests(ReviewFixture fixture) : IClassFixture<ReviewFixture>
{
    private const string Centre = "centre-a";

    [Fact]
    public async Task A_mask_diff_on_show_stays_when_the_item_changes_live_until_esc_returns_to_now()
    {
        var image = fixture.ImageOf(Centre, "rev-15");
        var exam = ReviewFixture.Exam(Centre, "rev-15");
        MaskProposed Square(int size, string by) => new(image, exam, Centre, by, "1", $"{by}:1", new FrameBox(8, 8, 8 + size, 8 + size),
            BinaryMask.FromPredicate(64, 48, (x, y) => x is >= 8 && x < 8 + size && y is >= 8 && y < 8 + size).ToEventMask(), 0.4, null, $"{by}:1", DateTimeOffset.UtcNow);
        await using (var session = fixture.Portal.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(image, Square(10, "sam"), Square(20, "student"));
            await session.SaveChangesAsync();
        }

        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var portal = fixture.Portal.Services;
        var notifier = portal.GetRequiredService<LiveNotifier>();
        var store = portal.GetRequiredService<IDocumentStore>();
        // The page's queries as the portal registers them, over the fixture's ledger.
        ctx.Services.AddSingleton(store).AddSingleton(TimeProvider.System).AddSingleton<AccessLog>()
            .AddScoped<IQuerySession>(_ => store.QuerySession()).AddScoped<IDocumentSession>(_ => store.LightweightSession())
            .AddReview(new ConfigurationBuilder().Build()).AddExaminations();
        ctx.Services.AddSingleton(notifier)
            .AddSingleton(portal.GetRequiredService<PresenceTracker>()).AddSingleton(portal.GetRequiredService<CallerScopes>())
            .AddScoped<ReviewSession>();
        BunitSignIn.As(ctx, "page-reader", Role.Clinician, Centre);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/review/image/{image}");

        var page = ctx.Render<ReviewItemPage>(p => p.Add(x => x.Id, image));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=diff-pick]").Count), TimeSpan.FromSeconds(10));
        string Caption() => page.Find("[data-testid=overlay-caption]").TextContent;
        Assert.Contains("Proposed mask", Caption());

        // Time travel first, then a diff: one past view at a time, so the snapshot gives way to the diff.
        // Found and clicked in one turn of the renderer: the page also re-renders on its own (claim, presence, live).
        Task Click(string selector, int index) => page.InvokeAsync(() => page.FindAll(selector)[index].ClickAsync(new()));
        await Click("[data-testid=history-row][data-version='2']", 0);
        page.WaitForAssertion(() => Assert.Contains("Mask as of version 2", Caption()), TimeSpan.FromSeconds(10));
        Assert.NotEmpty(page.FindAll("[data-testid=time-travel]"));

        await Click("[data-testid=diff-pick]", 0);
        page.WaitForAssertion(() => Assert.Equal("true", page.FindAll("[data-testid=diff-pick]")[0].GetAttribute("data-picked")));
        await Click("[data-testid=diff-pick]", 1);
        page.WaitForAssertion(() => Assert.Contains("Mask diff v2 → v3: 300 px added", Caption()), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=time-travel]"));

        // The item changes while the diff is on show (another mask, a vote, a projection catching up): the page follows
        // the ledger (a third mask in the history), and the reader's diff stays.
        await using (var session = fixture.Portal.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(image, Square(30, "sam"));
            await session.SaveChangesAsync();
        }

        await notifier.PublishAsync([new LiveNotification("image", image, Centre, nameof(MaskProposed), 99, DateTimeOffset.UtcNow)]);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=diff-pick]").Count), TimeSpan.FromSeconds(10));
        Assert.Contains("Mask diff v2 → v3", Caption());

        await page.InvokeAsync(() => page.Find("[data-testid=review-item]").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" }));
        page.WaitForAssertion(() => Assert.Contains("Proposed mask", Caption()));
    }
}
