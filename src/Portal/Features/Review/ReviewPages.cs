using EndoKED.Portal.Features.Review.Presence;

namespace EndoKED.Portal.Features.Review;

public static class ReviewPages
{
    /// <summary>The review pages' services: who has an item open (process-wide) and each reader's pass (per circuit).</summary>
    public static IServiceCollection AddReviewPages(this IServiceCollection services) => services
        .AddSingleton<PresenceTracker>()
        .AddScoped<ReviewSession>();
}
