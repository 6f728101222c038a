using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Examinations.Listing;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Examinations;

public static class ExaminationsServices
{
    public static IServiceCollection AddExaminations(this IServiceCollection services) => services
        .AddScoped<ListExaminations>()
        .AddScoped<GetExamination>()
        .AddScoped<GetItemHistory>()
        .AddScoped<GetCurrentMask>()
        .AddSingleton<Thumbnails.Thumbnails>();
}
