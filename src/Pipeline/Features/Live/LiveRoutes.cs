using System.Reflection;
using EndoKED.Shared.Events;
using EndoKED.Shared.Live;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Live;

/// <summary>
/// Every event type of the ledger (the records in Shared that implement <see cref="IHasActor"/>) and its live route,
/// read once from the <see cref="LiveAttribute"/> each event carries: the subscription includes these types and
/// nothing else, so a new event is routed by declaring its attribute.
/// </summary>
public static class LiveRoutes
{
    /// <summary>Every concrete event type in Shared.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } = typeof(IHasActor).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHasActor).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The routed event types and their routes.</summary>
    public static IReadOnlyDictionary<Type, LiveAttribute> Routed { get; } = EventTypes
        .Select(t => (Type: t, Route: t.GetCustomAttribute<LiveAttribute>()))
        .Where(x => x.Route is not null)
        .ToDictionary(x => x.Type, x => x.Route!);

    /// <summary>The notification kind of <paramref name="data"/> under <paramref name="route"/>.</summary>
    public static string KindOf(object data, LiveAttribute route) =>
        route.Kind ?? (((IReviewItemEvent)data).ItemKind == ReviewItemKind.Image ? LiveKinds.Image : LiveKinds.Examination);
}
