using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Ingesting;
using EndoKED.Pipeline.Features.Ingest.Uploading;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using EndoKED.Pipeline.Infrastructure.Messaging;
using Wolverine;

namespace EndoKED.Pipeline.Features.Ingest;

public static class IngestServices
{
    /// <summary>Uploaded archives, one at a time per listening process (each may be large).</summary>
    public static readonly WorkQueue Queue = new("ingest", 10, "ingest uploaded archives", [typeof(IngestArchive)]);

    public static void ConfigureIngest(this WolverineOptions opts, WorkQueues queues) => queues.RouteAndListen(opts, Queue, 1);

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
