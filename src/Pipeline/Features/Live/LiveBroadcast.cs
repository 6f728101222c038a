using EndoKED.Shared.Live;

namespace EndoKED.Pipeline.Features.Live;

/// <summary>Where the live subscription sends what it saw: this process's notifier, or every portal's.</summary>
public interface ILiveBroadcast
{
    Task PublishAsync(IReadOnlyList<LiveNotification> notifications, CancellationToken ct);
}

/// <summary>One portal: straight to its own notifier.</summary>
public sealed class InProcessLiveBroadcast(LiveNotifier notifier) : ILiveBroadcast
{
    public Task PublishAsync(IReadOnlyList<LiveNotification> notifications, CancellationToken ct) => notifier.PublishAsync(notifications);
}
