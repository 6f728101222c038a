using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Features.ScaleOut.Working;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Pipeline.Infrastructure.Messaging;
using Microsoft.Extensions.Configuration;
using Wolverine;

namespace EndoKED.Pipeline.Tests.Infrastructure.Messaging;

/// <summary>The transport and the queues a process listens to, decided from configuration without any server.</summary>
public sealed class WorkQueuesTests
{
    private static (WolverineOptions Opts, List<Uri> Listeners, List<Uri> All) Configure(EndoKedOptions options)
    {
        var opts = new WolverineOptions();
        opts.ConfigureEndoKed(options, new ExtractionOptions(), new FrameLabelOptions());
        var all = opts.Transports.AllEndpoints().ToList();
        return (opts, [.. all.Where(e => e.IsListener).Select(e => e.Uri)], [.. all.Select(e => e.Uri)]);
    }

    private static string Name(Uri uri) => uri.ToString().TrimEnd('/').Split('/')[^1];

    private static EndoKedOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var options = PipelineServices.ReadOptions(configuration);
        options.ConnectionString = "Host=unused";
        return options;
    }

    [Fact]
    public void By_default_the_work_queues_are_postgresql_queues_and_the_process_listens_to_all_of_them()
    {
        var (_, listeners, _) = Configure(Bind());

        // PostgreSQL queue tables spell pipeline-runs as pipeline_runs.
        Assert.Equal(WorkQueueRegistry.Names.Select(q => q.Replace('-', '_')).Order(StringComparer.Ordinal),
            listeners.Where(u => u.Scheme == "postgresql").Select(u => Name(u)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(listeners, u => u.Scheme == "rabbitmq");
    }

    [Fact]
    public void Every_declared_queue_carries_messages_and_each_message_has_a_handler()
    {
        Assert.Equal(8, WorkQueueRegistry.All.Count);
        Assert.Equal(WorkQueueRegistry.Names.Count, WorkQueueRegistry.Names.Distinct(StringComparer.Ordinal).Count());
        var handled = typeof(WorkQueue).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Handler", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance))
            .Where(m => m.Name is "Handle" or "HandleAsync" or "Consume" or "ConsumeAsync" && m.GetParameters().Length > 0)
            .Select(m => m.GetParameters()[0].ParameterType)
            .ToHashSet();
        foreach (var queue in WorkQueueRegistry.All)
        {
            Assert.NotEmpty(queue.Messages);
            Assert.All(queue.Messages, m => Assert.True(handled.Contains(m), $"{m.Name} (queue {queue.Name}) has no handler"));
        }
    }

    [Fact]
    public void A_portal_without_pipeline_handlers_routes_the_work_but_listens_to_no_work_queue()
    {
        var (_, listeners, all) = Configure(Bind(("EndoKED:RunPipelineHandlers", "false")));

        Assert.DoesNotContain(listeners, u => u.Scheme == "postgresql");
        Assert.Contains(all, u => u.Scheme == "postgresql" && Name(u) == "segment");
    }

    [Fact]
    public void A_worker_given_some_queues_listens_to_those_only()
    {
        var options = WorkerHost.Configure(Bind(("EndoKED:RunPipelineHandlers", "false")), WorkerVerb.ParseQueues("score, segment"));

        var (_, listeners, _) = Configure(options);

        Assert.Equal(["score", "segment"], listeners.Where(u => u.Scheme == "postgresql").Select(u => Name(u)).Order(StringComparer.Ordinal));
        Assert.False(options.LiveNotifications);
    }

    [Fact]
    public void Only_a_process_that_handles_every_queue_may_hold_the_durability_agent_that_recovers_a_dead_nodes_inbox()
    {
        var full = Configure(WorkerHost.Configure(Bind(), []));
        var portalWithHandlers = Configure(Bind());
        var handlerLessPortal = Configure(Bind(("EndoKED:RunPipelineHandlers", "false")));
        var gpuWorker = Configure(WorkerHost.Configure(Bind(), WorkerVerb.ParseQueues("score,segment")));

        Assert.True(full.Opts.Durability.DurabilityAgentEnabled);
        Assert.True(portalWithHandlers.Opts.Durability.DurabilityAgentEnabled);
        Assert.False(handlerLessPortal.Opts.Durability.DurabilityAgentEnabled);
        Assert.False(gpuWorker.Opts.Durability.DurabilityAgentEnabled);
    }

    [Fact]
    public void An_unknown_queue_name_is_a_usage_error()
    {
        var e = Assert.Throws<EndoKED.Pipeline.Cli.UsageException>(() => WorkerVerb.ParseQueues("score,segmnet"));
        Assert.Contains("segmnet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rabbitmq_transport_puts_every_work_queue_on_rabbitmq_without_connecting()
    {
        var options = Bind(("EndoKED:Transport", "rabbitmq"), ("EndoKED:RabbitMq:Uri", "amqp://u:p@rabbit:5672"));

        var (_, listeners, all) = Configure(options);

        Assert.Equal(Transports.RabbitMq, options.Transport);
        Assert.Equal(WorkQueueRegistry.Names.Order(StringComparer.Ordinal),
            listeners.Where(u => u.Scheme == "rabbitmq").Select(u => Name(u)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(all, u => u.Scheme == "postgresql" && WorkQueueRegistry.Names.Contains(Name(u)));
    }

    [Theory]
    [InlineData("rabbitmq", "")]
    [InlineData("rabbitmq", "http://rabbit:15672")]
    [InlineData("kafka", "")]
    public void A_transport_that_cannot_work_stops_the_start_with_a_message_naming_the_setting(string transport, string uri)
    {
        var options = Bind(("EndoKED:Transport", transport), ("EndoKED:RabbitMq:Uri", uri));

        var e = Assert.Throws<InvalidOperationException>(() => Configure(options));
        Assert.Contains("EndoKED:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_timings_from_configuration_reach_wolverine()
    {
        var options = Bind(("EndoKED:Cluster:StaleNodeTimeout", "00:00:07"), ("EndoKED:Cluster:HealthCheckPolling", "00:00:02"),
            ("EndoKED:Cluster:RecoveryPolling", "00:00:03"));

        var (opts, _, _) = Configure(options);

        Assert.Equal(TimeSpan.FromSeconds(7), opts.Durability.StaleNodeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), opts.Durability.HealthCheckPollingTime);
        Assert.Equal(TimeSpan.FromSeconds(3), opts.Durability.ScheduledJobPollingTime);
        Assert.Equal(TimeSpan.FromSeconds(3), opts.Durability.OrphanedMessageSweepPollingTime);
    }
}
