using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Distilling;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest;
using EndoKED.Pipeline.Features.PipelineRuns;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Infrastructure.Files;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace EndoKED.Pipeline.Infrastructure.Ledger;

/// <summary>The event store: Marten on PostgreSQL, the only store of record.</summary>
public static class LedgerSetup
{
    /// <summary>Registers Marten (with every feature's projections) and the file store.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEndoKedLedger(
        this IServiceCollection services, EndoKedOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException(
                "No PostgreSQL connection string: set EndoKED:ConnectionString (./endoked sets it for you).");

        services.TryAddSingleton(options);
        services.TryAddSingleton<IFileStore>(_ => new LocalFileStore(options.DataRoot));
        services.TryAddSingleton(TimeProvider.System);

        return services.AddMarten(store => store.ConfigureEndoKed(options)).UseLightweightSessions();
    }

    public static void ConfigureEndoKed(this StoreOptions store, EndoKedOptions options)
    {
        store.Connection(WithStatementCache(options.ConnectionString));
        store.DatabaseSchemaName = options.Schema;
        store.AutoCreateSchemaObjects = AutoCreate.All;
        store.Events.StreamIdentity = StreamIdentity.AsGuid;
        store.Events.MetadataConfig.HeadersEnabled = true;
        // Rich appends know each event's version before writing, so every inline view carries its stream's true version
        // even after an append without an expected version (quick appends left such views at version 0, and the next
        // writer that appends "at view.Version + n" then failed).
        store.Events.AppendMode = EventAppendMode.Rich;
        // Several portals (DaemonMode HotCold) elect the daemon's node with an advisory lock: one lock per deployment
        // (schema), so two deployments sharing a database do not wait for each other; the survivors poll every 2 s.
        store.Projections.DaemonLockId = DaemonLockId(options.Schema);
        store.Projections.LeadershipPollingTime = 2000;
        store.AddExaminations();
        store.AddIngest();
        store.AddCentres();
        store.AddAccounts();
        store.AddPipelineRuns();
        store.AddReview();
        Features.Dashboards.DashboardsServices.AddDashboards(store);
        store.AddDistilling();
    }

    /// <summary>
    /// The ledger's connection string with Npgsql's automatic preparation on: a statement used twice on a connection is
    /// prepared on the server, and the next ones skip parsing and planning. Marten sends the same few statements over and
    /// over (an ingest sends three per frame: the stream, the event and the frame's view), so without it PostgreSQL spent
    /// most of its time on the text (<c>bench ingest</c>: the commits of 2,000 frames took about half as long with it).
    /// A connection string that sets either keyword keeps its own values.
    /// </summary>
    public static string WithStatementCache(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal))
            .Any(k => k.Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase) || k.Equals("AutoPrepareMinUsages", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxAutoPrepare = MaxPreparedStatements;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    /// <summary>Statements kept prepared per connection (the least used is replaced when a new one needs the room).</summary>
    public const int MaxPreparedStatements = 250;

    /// <summary>A stable advisory lock id per schema (string.GetHashCode differs between processes).</summary>
    public static int DaemonLockId(string schema)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("endoked-daemon:" + schema));
        return BitConverter.ToInt32(hash, 0) & 0x7fffffff;
    }
}
