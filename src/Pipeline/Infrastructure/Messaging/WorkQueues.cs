using Wolverine;
using Wolverine.Configuration;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;

namespace EndoKED.Pipeline.Infrastructure.Messaging;

/// <summary>
/// Where the work queues live (PostgreSQL or RabbitMQ) and which of them this process listens to. Features route their
/// messages through it, so the transport and the worker's <c>--queues</c> are decided in one place.
/// </summary>
public sealed class WorkQueues
{
    private readonly IReadOnlySet<string>? _only;

    /// <param name="listen">Whether this process runs pipeline handlers at all.</param>
    /// <param name="only">The queues to listen to; null or empty = every queue.</param>
    public WorkQueues(string transport, bool listen, IEnumerable<string>? only = null)
    {
        Transport = Normalise(transport);
        Listening = listen;
        var set = only?.Where(q => !string.IsNullOrWhiteSpace(q)).Select(q => q.Trim()).ToHashSet(StringComparer.Ordinal);
        _only = set is { Count: > 0 } ? set : null;
    }

    public static WorkQueues From(EndoKedOptions options) => new(options.Transport, options.RunPipelineHandlers, options.Queues);

    public string Transport { get; }

    public bool Listening { get; }

    /// <summary>Every queue name that a feature routed or listened to, in order.</summary>
    public List<string> Known { get; } = [];

    /// <summary>The queues this process listens to.</summary>
    public List<string> Listened { get; } = [];

    public bool Listens(string queue) => Listening && (_only is null || _only.Contains(queue));

    /// <summary>Whether this process handles every work queue a feature declared (a full worker, or a portal with handlers).</summary>
    public bool ListensToAll => Known.Count > 0 && Known.All(Listens);

    /// <summary>Every message of <paramref name="queue"/> goes to it on the configured transport.</summary>
    public void Route(WolverineOptions opts, WorkQueue queue)
    {
        var route = typeof(WorkQueues).GetMethod(nameof(Route), [typeof(WolverineOptions), typeof(string)])!;
        foreach (var message in queue.Messages) route.MakeGenericMethod(message).Invoke(this, [opts, queue.Name]);
    }

    /// <summary>Routes <paramref name="queue"/>'s messages and listens to it when this process should.</summary>
    public void RouteAndListen(WolverineOptions opts, WorkQueue queue, int maxParallel)
    {
        Route(opts, queue);
        Listen(opts, queue.Name, maxParallel);
    }

    /// <summary>Messages of type <typeparamref name="T"/> go to <paramref name="queue"/> on the configured transport.</summary>
    public void Route<T>(WolverineOptions opts, string queue)
    {
        Remember(queue);
        var publish = opts.PublishMessage<T>();
        if (Transport == Transports.RabbitMq) publish.ToRabbitQueue(queue);
        else publish.ToPostgresqlQueue(queue);
    }

    /// <summary>Listens to <paramref name="queue"/> when this process should; durable inbox, so a crash loses nothing.</summary>
    public void Listen(WolverineOptions opts, string queue, int maxParallel)
    {
        Remember(queue);
        if (!Listens(queue)) return;
        Listened.Add(queue);
        var parallel = Math.Max(1, maxParallel);
        if (Transport == Transports.RabbitMq) opts.ListenToRabbitQueue(queue).MaximumParallelMessages(parallel).UseDurableInbox();
        else opts.ListenToPostgresqlQueue(queue).MaximumParallelMessages(parallel).UseDurableInbox();
    }

    private void Remember(string queue)
    {
        if (!Known.Contains(queue, StringComparer.Ordinal)) Known.Add(queue);
    }

    public static string Normalise(string? transport) => (transport ?? "").Trim().ToLowerInvariant() switch
    {
        "" or Transports.Postgresql or "postgres" => Transports.Postgresql,
        Transports.RabbitMq or "rabbit" => Transports.RabbitMq,
        var other => throw new InvalidOperationException($"EndoKED:Transport is '{other}'; use postgresql or rabbitmq."),
    };
}
