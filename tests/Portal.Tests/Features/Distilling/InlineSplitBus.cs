using System.Collections.Concurrent;
using System.Reflection;
using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using Marten;
using Wolverine;

namespace EndoKED.Portal.Tests.Features.Distilling;

/// <summary>
/// The message bus as the split commands use it, without Wolverine: a draft request is recorded as its inline handler
/// records it, and the queued <see cref="DraftSplit"/> waits in <see cref="Queued"/> for the test to play the worker.
/// Any other use of the bus fails the test.
/// </summary>
public class InlineSplitBus : DispatchProxy
{
    public IDocumentStore Store { get; private set; } = null!;
    public ConcurrentQueue<DraftSplit> Queued { get; } = new();

    public static IMessageBus Create(IDocumentStore store, out InlineSplitBus bus)
    {
        var proxy = DispatchProxy.Create<IMessageBus, InlineSplitBus>();
        bus = (InlineSplitBus)(object)proxy;
        bus.Store = store;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.Name == nameof(IMessageBus.InvokeAsync) && args?[0] is RequestSplitDraft command
            ? RequestAsync(command)
            : throw new NotSupportedException($"The test bus only records split draft requests, not {targetMethod?.Name}({args?.FirstOrDefault()}).");

    private async Task<SplitResult> RequestAsync(RequestSplitDraft command)
    {
        await using var session = Store.LightweightSession();
        var (result, draft) = await SplitDraftRequests.RecordAsync(session, command, DateTimeOffset.UtcNow);
        await session.SaveChangesAsync();
        if (draft is not null) Queued.Enqueue(draft);
        return result;
    }
}
