using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Uploading;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EndoKED.Pipeline.Features.Ingest;

public static class IngestServices
{
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = new IngestLimits();
        configuration.GetSection(IngestLimits.Section).Bind(limits);
        return services.AddSingleton(limits).AddSingleton<RecordIngester>();
    }

    public static StoreOptions AddIngest(this StoreOptions store)
    {
        store.Schema.For<IngestJob>().Index(x => x.RequestedAt);
        return store;
    }
}
