using Bunit;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Portal.Features.Distilling.RegisteringModels;
using EndoKED.Shared;
using EndoKED.Shared.Events;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>The registry as a lead reads it: no promote button, test rows of their centres only, each model's own measures.</summary>
public sealed class ModelsPageForLeadsTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    /// <summary>Generous: the machine's cores are often busy with builds, and a page load is a few ledger queries.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_lead_sees_each_model_with_their_centres_rows_and_its_own_measures_and_no_promote_button()
    {
        var (student, biopsy) = (Guid.NewGuid(), Guid.NewGuid());
        var at = DateTimeOffset.UtcNow;
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream<ModelView>(student, new ModelRegistered(student, "student-unet-v1+lead", "onnx-1", Guid.NewGuid(), Guid.NewGuid(),
                "manifest-1", 7, new TrainingConfiguration(64, 2, 8, 3, 1e-3, 4, 17), "code-1",
                [new("centre-a", 3, 0.7, 0.6, 5), new("centre-b", 2, 0.9, 0.8, 2)], "trainer", at));
            session.Events.StartStream<ModelView>(biopsy, new BiopsyModelRegistered(biopsy, "biopsy-head-v1+lead", "onnx-2", Guid.NewGuid(), Guid.NewGuid(),
                "manifest-2", 8, new BiopsyConfiguration(4, 32, 6, 1e-3, 16, 7, ["adenoma"], []), "code-1", 0.37,
                [new("centre-a", 5, 20, 3, 2, 0.81, 0.667, 0.5), new("centre-b", 4, 16, 2, 2, 0.99, 1, 1)], "biopsy-trainer", at.AddSeconds(1)));
            await session.SaveChangesAsync();
        }
        await using var ctx = DistillingPages.NewContext(ledger, new LiveNotifier(), Role.Lead, "centre-a");

        var page = ctx.Render<ModelsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=model]").Count), Wait);
        Assert.Empty(page.FindAll("[data-testid=promote]"));
        Assert.All(page.FindAll("[data-testid=centre-metric]"), r => Assert.Equal("centre-a", r.GetAttribute("data-centre")));
        Assert.Equal(2, page.FindAll("[data-testid=centre-metric]").Count);
        var tables = page.FindAll("[data-testid=centre-metrics]").ToDictionary(t => t.GetAttribute("data-kind")!, t => t);
        Assert.Contains("Dice", tables["student"].TextContent);
        Assert.Contains("Specificity", tables["biopsy"].TextContent);
        Assert.DoesNotContain("Dice", tables["biopsy"].TextContent);
        Assert.Equal("0.810", tables["biopsy"].QuerySelector("[data-testid=metric-auc]")!.TextContent);
        Assert.DoesNotContain("0.990", page.Markup);
        Assert.Contains("top 4 frames", page.Markup);
    }
}
