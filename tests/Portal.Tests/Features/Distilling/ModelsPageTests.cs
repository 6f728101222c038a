using Bunit;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Portal.Features.Distilling.RegisteringModels;
using EndoKED.Shared.Events;

namespace EndoKED.Portal.Tests.Features.Distilling;

public sealed class ModelsPageTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    /// <summary>Generous: the machine's cores are often busy with builds, and a page load is a few ledger queries.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Promoting_a_model_makes_it_the_mask_proposer_of_round_one_and_its_button_is_then_disabled()
    {
        var id = Guid.NewGuid();
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<ModelView>(id, new ModelRegistered(id, "student-unet-v1-b8-l3-s64+abc", "onnx-sha", Guid.NewGuid(), Guid.NewGuid(),
                "manifest-sha", 7, new TrainingConfiguration(64, 2, 8, 3, 1e-3, 4, 17), "code-1", [new("centre-a", 3, 0.7, 0.6, 5)], "trainer", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await using var ctx = DistillingPages.NewContext(ledger, new LiveNotifier());

        var page = ctx.Render<ModelsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=model]")), Wait);
        Assert.Contains("configured refiner", page.Find("[data-testid=current-proposer]").TextContent);
        Assert.Contains("manifest-sha", page.Find("[data-testid=model-lineage]").TextContent);
        Assert.Equal("never promoted", page.Find("[data-testid=lineage-rounds]").TextContent);

        await page.Find("[data-testid=promote]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=model]").GetAttribute("data-current")), Wait);
        Assert.Contains("round 1", page.Find("[data-testid=current-proposer]").TextContent);
        Assert.Contains("round 1 · proposes masks now", page.Find("[data-testid=lineage-rounds]").TextContent);
        Assert.True(page.Find("[data-testid=promote]").HasAttribute("disabled"));
    }
}
