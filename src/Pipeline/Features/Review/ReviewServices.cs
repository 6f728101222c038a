using EndoKED.Pipeline.Features.Review.Adjudicating;
using EndoKED.Pipeline.Features.Review.Agreement;
using EndoKED.Pipeline.Features.Review.Claiming;
using EndoKED.Pipeline.Features.Review.CrossChecking;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Pipeline.Features.Review.Voting;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Review;

public static class ReviewServices
{
    /// <summary>
    /// The review write model (live), the queue and agreement projections (inline), the cross-check and the per-model
    /// review tally (async: they fold several streams into one document), and the claim leases.
    /// </summary>
    public static StoreOptions AddReview(this StoreOptions store)
    {
        store.Events.AddEventType<Shared.Events.VoteWithdrawn>();
        store.Projections.Add<ReviewStateProjection>(ProjectionLifecycle.Live);
        store.Projections.Add<ReviewQueueProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<ItemAgreementProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<CrossCheckProjection>(ProjectionLifecycle.Async);
        store.Projections.Add<ModelReviewTallyProjection>(ProjectionLifecycle.Async);
        store.Schema.For<ReviewQueueItem>().Index(x => x.CentreId).Index(x => x.Priority);
        store.Schema.For<CrossCheckItem>().Index(x => x.CentreId).Index(x => x.Discrepancy);
        // Agreement asks for reviewed items only: a few percent of all items, so without the second index every read
        // scans every examination and image document.
        store.Schema.For<ItemAgreement>().Index(x => x.CentreId).Index(x => x.Reviewed);
        store.Schema.For<ReviewClaim>().UseOptimisticConcurrency(true).Index(x => x.ExpiresAt);
        return store;
    }

    public static IServiceCollection AddReview(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new ReviewOptions();
        configuration.GetSection(ReviewOptions.Section).Bind(options);
        return services
            .AddSingleton(options)
            .AddScoped<CastVoteHandler>()
            .AddScoped<History.GetItemHistory>()
            .AddScoped<History.GetCurrentMask>()
            .AddScoped<WithdrawVoteHandler>()
            .AddScoped<AdjudicateHandler>()
            .AddScoped<ClaimItem>()
            .AddScoped<GetReviewQueue>()
            .AddScoped<GetQueueExaminations>()
            .AddScoped<GetReviewItem>()
            .AddScoped<GetTopFrames>()
            .AddScoped<GetLabelAt>()
            .AddScoped<GetMaskDiff>()
            .AddScoped<GetAgreement>();
    }
}
