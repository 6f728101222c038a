using JasperFx.Resources;
using Wolverine;

namespace EndoKED.Pipeline.Infrastructure.Messaging;

/// <summary>
/// Which nodes may hold Wolverine's durability agent: the one agent per database that, among other things, takes over
/// the inbox of a node whose heartbeat went stale (a worker killed with messages in hand).
/// </summary>
/// <remarks>
/// A durable listener moves each message from its PostgreSQL queue into the shared inbox, owned by its node. When that
/// node dies, the leader hands its rows back to "any node", and the durability agent re-delivers them through its own
/// node's listener for the row's queue. A node that does not listen to that queue has no listener to use: it logs "no
/// listening endpoint could be resolved" and the rows stay in the inbox for ever. That is what happened when the
/// handler-less portal (or a worker with <c>--queues</c>) won the agent. So only a node that handles every queue
/// advertises the durability capability (Wolverine's <c>DurabilityAgentEnabled</c>, which the leader honours when it
/// assigns the agent); the others still send, receive and handle, but never recover. A cluster therefore needs at least
/// one such node: the portal with its handlers (the default), or one <c>endoked worker</c> without <c>--queues</c>.
/// Exactly one node recovers a database at a time (the leader assigns the agent to one node), and it claims each row
/// for itself before handling it, so a recovered message is handled once; a message whose handler had committed is
/// marked handled in the same transaction and is never recovered.
/// </remarks>
public static class MessageRecovery
{
    public static void RecoverOnlyWhereAllQueuesAreHandled(this WolverineOptions opts, WorkQueues queues)
    {
        opts.Durability.DurabilityAgentEnabled = queues.ListensToAll;
        // Wolverine builds its inbox, outbox and node tables only on nodes with the agent; the handler-less portal may
        // be the first process on a fresh database, so it sets up every resource (those tables included) itself.
        if (!queues.ListensToAll) opts.Services.AddResourceSetupOnStartup();
    }
}
