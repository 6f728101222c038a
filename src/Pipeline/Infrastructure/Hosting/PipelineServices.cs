using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Distilling;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Extraction;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.Ingest;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Pipeline.Features.PipelineRuns;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Infrastructure.Ledger;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Marten;

namespace EndoKED.Pipeline.Infrastructure.Hosting;

/// <summary>The pipeline's table of contents: the ledger and every feature, for the portal, the workers and the command line.</summary>
public static class PipelineServices
{
    public static EndoKedOptions ReadOptions(IConfiguration configuration)
    {
        var options = new EndoKedOptions();
        configuration.GetSection(EndoKedOptions.Section).Bind(options);
        // The names ./endoked and docker use.
        if (Environment.GetEnvironmentVariable("ENDOKED_POSTGRES") is { Length: > 0 } pg) options.ConnectionString = pg;
        if (Environment.GetEnvironmentVariable("ENDOKED_DATA") is { Length: > 0 } data) options.DataRoot = Path.Combine(data, "files");
        if (string.IsNullOrWhiteSpace(options.DataRoot))
            options.DataRoot = Path.Combine(Environment.CurrentDirectory, ".endoked", "files");
        return options;
    }

    /// <param name="withMessaging">Wolverine with its PostgreSQL queues (the portal and workers); batch verbs run without it.</param>
    public static IServiceCollection AddEndoKedPipeline(
        this IServiceCollection services, EndoKedOptions options, IConfiguration configuration, bool withMessaging = false)
    {
        var marten = services.AddEndoKedLedger(options);
        if (withMessaging)
        {
            marten.IntegrateWithWolverine(w =>
            {
                w.MessageStorageSchemaName = options.Schema + "_messages";
                w.TransportSchemaName = options.Schema + "_queues";
            });
            services.AddWolverine(w =>
            {
                w.UseRuntimeCompilation();
                w.ConfigureEndoKed(options, ExtractionServices.ReadOptions(configuration), FrameLabelServices.ReadOptions(configuration));
            });
            services.AddScoped<Features.Ingest.Uploading.ArchiveUploads>();
            services.AddHostedService<Features.DemoSeeding.DemoSeeder>();
            if (options.RunPipelineHandlers)
                services.AddHostedService<Features.Extraction.ExtractingFindings.PendingExtractionSweep>();
            // The portal: live notifications and the daemon that runs them and the asynchronous projections.
            if (options.LiveNotifications) marten.AddLive(services, options).AddProjectionDaemon(options);
        }
        else
        {
            // Batch verbs run no daemon on purpose: the portal's runs the asynchronous projections, so Marten's warning
            // that they "will not be executed" (printed by every export) is not true of the system and says nothing.
            services.ConfigureMarten(store => store.Projections.AsyncMode = JasperFx.Events.Daemon.DaemonMode.ExternallyManaged);
        }
        services.AddExaminations();
        services.AddScoped<Features.Centres.ListCentres>();
        services.AddIngest(configuration);
        services.AddExtraction(configuration);
        services.AddFrameLabels(configuration);
        services.AddAccounts(configuration);
        services.AddPipelineRuns(configuration);
        services.AddReview(configuration);
        Features.Dashboards.DashboardsServices.AddDashboards(services, configuration);
        services.AddDistilling();
        Features.Distilling.SelfTraining.SelfTrainingServices.AddSelfTraining(services, configuration);
        return services;
    }
}
