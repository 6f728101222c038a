using System.Reflection;

namespace EndoKED.Pipeline.Infrastructure.Messaging;

/// <summary>
/// A work queue, declared once as a <c>public static readonly</c> field of the feature whose handlers take its messages:
/// its name (the worker's <c>--queues</c>), its place in the pipeline (for listings) and the messages routed to it.
/// <see cref="WorkQueueRegistry"/> finds every declaration; the feature still says how many messages it takes at once
/// (<see cref="WorkQueues.Listen"/>).
/// </summary>
public sealed record WorkQueue(string Name, int Order, string Purpose, IReadOnlyList<Type> Messages);

/// <summary>Every work queue the features declare: the one list of queues (worker usage, recovery, tests).</summary>
public static class WorkQueueRegistry
{
    public static IReadOnlyList<WorkQueue> All { get; } = typeof(WorkQueue).Assembly.GetTypes()
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.FieldType == typeof(WorkQueue) && f.IsInitOnly)
        .Select(f => (WorkQueue)f.GetValue(null)!)
        .OrderBy(q => q.Order).ThenBy(q => q.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>Every queue's name, in pipeline order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(q => q.Name)];
}
