using Bunit;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Portal.Infrastructure.Auth;
using EndoKED.Shared;
using Marten;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>
/// A bUnit context for the distilling pages on a real ledger: the pages' queries and commands over the fixture's store,
/// a signed-in admin, or a lead of some centres (through the identity-provider path, so no account row is needed) and a
/// notifier the test drives.
/// </summary>
public static class DistillingPages
{
    public static BunitContext NewContext(LedgerFixture ledger, LiveNotifier notifier) => NewContext(ledger, notifier, out _, Role.Admin);

    public static BunitContext NewContext(LedgerFixture ledger, LiveNotifier notifier, Role role, params string[] centres) =>
        NewContext(ledger, notifier, out _, role, centres);

    /// <param name="frameLabels">The deployment's frame-label options (a configured MIL head file overrides promoted scorers).</param>
    public static BunitContext NewContext(LedgerFixture ledger, LiveNotifier notifier, FrameLabelOptions frameLabels) =>
        NewContext(ledger, notifier, out _, Role.Admin, [], frameLabels);

    /// <param name="bus">Records the split drafts the page requests, for the test to hand to the worker's handler.</param>
    public static BunitContext NewContext(LedgerFixture ledger, LiveNotifier notifier, out InlineSplitBus bus) =>
        NewContext(ledger, notifier, out bus, Role.Admin);

    private static BunitContext NewContext(LedgerFixture ledger, LiveNotifier notifier, out InlineSplitBus bus, Role role, params string[] centres) =>
        NewContext(ledger, notifier, out bus, role, centres, null);

    private static BunitContext NewContext(LedgerFixture ledger, LiveNotifier notifier, out InlineSplitBus bus, Role role, string[] centres,
        FrameLabelOptions? frameLabels)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var store = (IDocumentStore)ledger.Store;
        ctx.Services.AddSingleton(InlineSplitBus.Create(store, out bus));
        ctx.Services.AddSingleton(store).AddSingleton<IFileStore>(ledger.Files).AddSingleton(TimeProvider.System).AddSingleton(notifier)
            .AddSingleton(new CallerScopes(new Accounts(store, new AccountOptions(), TimeProvider.System), new MemoryCache(new MemoryCacheOptions())))
            .AddScoped<IQuerySession>(_ => store.QuerySession())
            .AddScoped<ListCentres>().AddScoped<SplitQueries>().AddScoped<SplitCommands>().AddScoped<TrainingRunQueries>()
            .AddScoped<ModelPromotionCommands>()
            .AddScoped<EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds.SelfTrainingRoundQueries>()
            .AddScoped<EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds.SelfTrainingRoundCommands>();
        if (frameLabels is not null) ctx.Services.AddSingleton(frameLabels);
        BunitSignIn.As(ctx, role.ToString().ToLowerInvariant(), role, centres);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", true)); // last: it builds the service provider
        return ctx;
    }
}
