using System.Net;
using System.Text.Json;
using Bunit;
using EndoKED.Portal.Client.Features.Review.CorrectingMasks;
using EndoKED.Shared.Masks;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Client.Features.Review.CorrectingMasks;

public class MaskCorrectionTests
{
    private static readonly Guid Image = Guid.Parse("0b6d3f3e-8e61-4a8e-b7f2-5d1c2a9e4f10");

    private static readonly MaskCorrectionReason[] Reasons =
        [new(2, "wrong-label"), new(5, "wrong-boundary"), new(7, "poor-image"), new(9, "other")];

    private static BunitContext NewContext(FakePortal portal)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(new MaskVotes(portal.Client()));
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Renderer.SetRendererInfo(new RendererInfo("WebAssembly", true));
        return ctx;
    }

    private static IRenderedComponent<MaskCorrection> Render(BunitContext ctx)
    {
        var mask = new byte[8 * 6];
        for (var i = 10; i < 20; i++) mask[i] = 1;
        return ctx.Render<MaskCorrection>(p => p
            .Add(x => x.ImageId, Image).Add(x => x.Width, 8).Add(x => x.Height, 6).Add(x => x.Version, 3)
            .Add(x => x.Reasons, Reasons).Add(x => x.InitialMask, MaskRleCodec.Encode(mask, 8, 6)));
    }

    private static JsonElement Body(FakePortal portal, int i) => JsonDocument.Parse(portal.Sent[i].Body).RootElement;

    [Fact]
    public async Task After_a_conflict_the_same_mask_is_sent_again_at_the_reloaded_version()
    {
        var portal = new FakePortal(
            (HttpStatusCode.Conflict, """{"detail":"The item is at version 4."}"""),
            (HttpStatusCode.OK, """{"version":4,"stage":"Voting"}"""),
            (HttpStatusCode.Accepted, """{"version":5,"stage":"Voting"}"""));
        await using var ctx = NewContext(portal);
        var island = Render(ctx);

        island.Find("[data-testid=editor-save]").Click();
        island.WaitForAssertion(() => Assert.Contains("Someone voted on this item meanwhile", island.Find("[data-testid=editor-message]").TextContent));
        island.Find("[data-testid=editor-reload]").Click();
        island.WaitForAssertion(() => Assert.Contains("version 4 now", island.Find("[data-testid=editor-message]").TextContent));
        island.Find("[data-testid=editor-save]").Click();
        island.WaitForAssertion(() => Assert.Contains("Vote recorded (correct, wrong-boundary)", island.Find("[data-testid=editor-message]").TextContent));

        Assert.Equal(3, portal.Sent.Count);
        Assert.Equal((3L, 4L), (Body(portal, 0).GetProperty("expectedVersion").GetInt64(), Body(portal, 2).GetProperty("expectedVersion").GetInt64()));
        Assert.Equal(Body(portal, 0).GetProperty("maskRle").GetRawText(), Body(portal, 2).GetProperty("maskRle").GetRawText());
        Assert.True(island.Find("[data-testid=editor-save]").HasAttribute("disabled"), "a recorded vote is not sent twice");
    }

    [Fact]
    public async Task A_digit_picks_the_reason_and_other_is_not_sent_without_words()
    {
        var portal = new FakePortal((HttpStatusCode.Accepted, """{"version":4,"stage":"Voting"}"""));
        await using var ctx = NewContext(portal);
        var island = Render(ctx);

        island.Find("[data-testid=mask-correction]").KeyDown(new KeyboardEventArgs { Key = "9" });
        Assert.Contains("other", island.Find("[data-testid=editor-reason][data-selected=true]").TextContent);
        island.Find("[data-testid=editor-save]").Click();
        Assert.Contains("needs words", island.Find("[data-testid=editor-message]").TextContent);
        Assert.Empty(portal.Sent);

        island.Find("[data-testid=mask-correction]").KeyDown(new KeyboardEventArgs { Key = "7" });
        island.Find("[data-testid=editor-save]").Click();
        island.WaitForAssertion(() => Assert.Single(portal.Sent));
        Assert.Equal("poor-image", Body(portal, 0).GetProperty("reason").GetString());
    }
}
