using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Infrastructure.Ledger;
using JasperFx.Events;
using Marten;
using EndoKED.Shared.Events;
using Wolverine;

namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;

/// <summary>
/// What a round request or cancel did: the round's id and number, or the refusal (and whether it is a conflict, forbidden
/// or about an unknown round; a conflict over a round's state names that state).
/// </summary>
public sealed record SelfTrainingRoundResult(Guid? Id, int? Round, SelfTrainingRoundRefusal? Refusal, bool Forbidden = false, bool Conflict = false,
    bool NotFound = false, SelfTrainingRoundStatus? Status = null);

/// <summary>
/// Admin-only: start a round, or ask to cancel one; the round itself runs (and honours a cancel) in the queued
/// <see cref="RunSelfTrainingRound"/> handler.
/// </summary>
public sealed class SelfTrainingRoundCommands(IDocumentStore store, IMessageBus bus, TimeProvider clock)
{
    public async Task<SelfTrainingRoundResult> RequestAsync(SelfTrainingRoundRequest request, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return new(null, null, new("", "Only admins start self-training rounds."), Forbidden: true);
        SelfTrainingRoundRequested? requested;
        SelfTrainingRoundRefusal? refusal;
        bool conflict;
        await using (var session = store.QuerySession())
        {
            var model = request.ModelId is { } id
                ? await session.LoadAsync<ModelView>(id, ct)
                : await session.Query<ModelView>().Where(m => m.Kind == TrainingRunKinds.Student).OrderByDescending(m => m.RegisteredAt).FirstOrDefaultAsync(ct);
            var centres = await KnownCentresAsync(session, request.Centres ?? [], ct);
            var latest = await session.Query<SelfTrainingRoundView>().OrderByDescending(r => r.Round).FirstOrDefaultAsync(ct);
            (requested, refusal, conflict) = SelfTrainingRoundRequestCheck.Check(request, model, centres, latest, caller.Actor, clock.GetUtcNow());
        }
        if (requested is null) return new(null, null, refusal, Conflict: conflict);
        try
        {
            await bus.InvokeAsync(new StartSelfTrainingRound(requested), ct);
        }
        catch (Exception e) when (IsCollision(e) || (e.InnerException is { } inner && IsCollision(inner)))
        {
            // Another request took this round's number between the check and the write.
            return new(null, null, new("round", $"Round {requested.Round} was just requested by someone else: wait for it to end, then start the next one."),
                Conflict: true);
        }
        return new(requested.RoundId, requested.Round, null);
    }

    /// <summary>Records an admin's cancel on the round's stream; the worker stops the round before its next batch.</summary>
    public async Task<SelfTrainingRoundResult> CancelAsync(Guid roundId, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsAdmin) return new(null, null, new("", "Only admins cancel self-training rounds."), Forbidden: true);
        // A batch may be recorded at the same moment: then the round is read again and the cancel decided again.
        return await ConcurrencyRetry.RunAsync(async () =>
        {
            await using var session = store.LightweightSession();
            var round = await session.LoadAsync<SelfTrainingRoundView>(roundId, ct);
            if (round is null) return new SelfTrainingRoundResult(null, null, null, NotFound: true);
            var (cancel, refusal) = SelfTrainingRoundCancelCheck.Decide(round, caller.Actor, clock.GetUtcNow());
            if (cancel is null) return new SelfTrainingRoundResult(round.Id, round.Round, refusal, Conflict: true, Status: round.Status);
            session.Events.Append(round.Id, round.Version + 1, cancel);
            await session.SaveChangesAsync(ct);
            return new SelfTrainingRoundResult(round.Id, round.Round, null, Status: round.Status);
        });
    }

    private static bool IsCollision(Exception e) => e is Marten.Exceptions.ExistingStreamIdCollisionException
        or ExistingStreamIdCollisionException or EventStreamUnexpectedMaxEventIdException;

    /// <summary>Which of the named centres hold examinations (only those names are looked up).</summary>
    private static async Task<IReadOnlySet<string>> KnownCentresAsync(IQuerySession session, IReadOnlyList<string> named, CancellationToken ct)
    {
        var names = named.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal)
            .Take(SelfTrainingRoundRequestCheck.MaxCentres + 1).ToArray();
        if (names.Length == 0) return new HashSet<string>(StringComparer.Ordinal);
        var found = await session.Query<ExaminationView>().Where(x => x.CentreId.IsOneOf(names)).Select(x => x.CentreId).Distinct().ToListAsync(ct);
        return found.ToHashSet(StringComparer.Ordinal);
    }
}

public static class StartSelfTrainingRoundHandler
{
    /// <summary>Records the request and queues the round, in one transaction (Marten outbox).</summary>
    public static async Task Handle(StartSelfTrainingRound command, IDocumentSession session, IMessageContext context)
    {
        session.Events.StartStream<SelfTrainingRoundView>(command.Requested.RoundId, command.Requested);
        await context.PublishAsync(new RunSelfTrainingRound(command.Requested.RoundId));
    }
}

/// <summary>
/// Rounds for Leads and Admins. A round spans centres: a Lead sees its totals and requests, but its per-centre counts and
/// frame outcomes only for their own centres, and its totals recounted from those.
/// </summary>
public sealed class SelfTrainingRoundQueries(IDocumentStore store)
{
    public async Task<IReadOnlyList<SelfTrainingRoundView>> LatestAsync(AccessScope caller, int take = 50, CancellationToken ct = default)
    {
        if (!caller.IsLeadOrAdmin) return [];
        await using var session = store.QuerySession();
        var rounds = await session.Query<SelfTrainingRoundView>().OrderByDescending(x => x.Round).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return [.. rounds.Select(r => Scoped(r, caller))];
    }

    public async Task<SelfTrainingRoundView?> GetAsync(Guid id, AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsLeadOrAdmin) return null;
        await using var session = store.QuerySession();
        return await session.LoadAsync<SelfTrainingRoundView>(id, ct) is { } round ? Scoped(round, caller) : null;
    }

    /// <summary>The students an admin may pick for a round, latest first.</summary>
    public async Task<IReadOnlyList<ModelView>> StudentsAsync(AccessScope caller, CancellationToken ct = default)
    {
        if (!caller.IsLeadOrAdmin) return [];
        await using var session = store.QuerySession();
        return await session.Query<ModelView>().Where(m => m.Kind == TrainingRunKinds.Student).OrderByDescending(m => m.RegisteredAt).ToListAsync(ct);
    }

    /// <summary>The frames the round judged so far, in order, cut to the caller's centres; null when the round is not visible.</summary>
    public async Task<IReadOnlyList<SelfTrainingFrameOutcome>?> FramesAsync(Guid id, AccessScope caller, int take = 1000, CancellationToken ct = default)
    {
        if (!caller.IsLeadOrAdmin) return null;
        await using var session = store.QuerySession();
        if (await session.LoadAsync<SelfTrainingRoundView>(id, ct) is null) return null;
        return [.. (await JudgedAsync(session, id, ct)).Where(f => caller.CanSee(f.CentreId)).Take(Math.Clamp(take, 1, 100_000))];
    }

    /// <summary>Every frame outcome of a round, read from its events.</summary>
    public static async Task<IReadOnlyList<SelfTrainingFrameOutcome>> JudgedAsync(IQuerySession session, Guid id, CancellationToken ct) =>
        [.. (await session.Events.FetchStreamAsync(id, token: ct)).Select(e => e.Data).OfType<SelfTrainingFramesJudged>().SelectMany(j => j.Frames)];

    /// <summary>The round as the caller may see it: counts of their centres only (totals recounted from those).</summary>
    public static SelfTrainingRoundView Scoped(SelfTrainingRoundView round, AccessScope caller) => caller.SeesAll ? round
        : SelfTrainingRoundProjection.Totals(round, [.. round.CentreCounts.Where(c => caller.CanSee(c.Centre))]) with
        {
            Centres = [.. round.Centres.Where(caller.CanSee)],
        };
}
