using Marten;
using JasperFx.Events.Projections;
using EndoKED.Pipeline.Features.Examinations.Listing;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Examinations;

public static class ExaminationsServices
{
    public static IServiceCollection AddExaminations(this IServiceCollection services) => services
        .AddScoped<ListExaminations>()
        .AddScoped<GetExamination>()
        .AddScoped<Naming.GetItemNames>()
        .AddSingleton<Thumbnails.Thumbnails>();

    public static StoreOptions AddExaminations(this StoreOptions store)
    {
        store.Projections.Add<ExaminationViewProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<ImageViewProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<ExaminationView>()
            .Index(x => x.CentreId)
            .Index(x => x.Status)
            .Index(x => x.IngestedAt);
        store.Schema.For<ImageView>().Index(x => x.ExaminationId).Index(x => x.Sha256);
        return store;
    }
}
