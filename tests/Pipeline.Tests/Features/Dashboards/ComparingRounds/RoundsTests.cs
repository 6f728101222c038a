using EndoKED.Pipeline.Features.Dashboards.ComparingRounds;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Pipeline.Tests.Features.Distilling.SelfTraining;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;
using static EndoKED.Pipeline.Tests.Features.Dashboards.DashboardEvents;

namespace EndoKED.Pipeline.Tests.Features.Dashboards.ComparingRounds;

/// <summary>The rounds table from a small ledger: the teacher's masks in round 0, a promoted student's in round 1.</summary>
public class RoundsTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    private async Task CatchUpAsync()
    {
        using var daemon = await ledger.Store.BuildProjectionDaemonAsync();
        await daemon.CatchUpAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    private async Task<IReadOnlyList<RoundFigures>?> RoundsAsync(AccessScope scope)
    {
        await CatchUpAsync();
        await using var session = ledger.Store.QuerySession();
        return await new GetRounds(session).HandleAsync(scope);
    }

    /// <summary>A frame with one proposal per proposer in turn, then (optionally) reader votes and a final verdict on the last.</summary>
    private async Task<Guid> FrameAsync(string centre, params (string Refiner, string Version, string Provenance, double Quality)[] proposals)
    {
        var image = Guid.NewGuid();
        await using var session = ledger.Store.LightweightSession();
        session.Events.StartStream(image, new ImageIngested(image, Guid.NewGuid(), centre, "sha", 10, 4, 4, "png", "f.png", 0, "test", Week10));
        foreach (var p in proposals)
            session.Events.Append(image, new MaskProposed(image, Guid.NewGuid(), centre, p.Refiner, p.Version, p.Provenance,
                new FrameBox(0, 0, 2, 2), Mask, p.Quality, null, p.Provenance, Week10));
        await session.SaveChangesAsync();
        return image;
    }

    private async Task ReviewAsync(Guid image, string centre, ReviewVerdict final, params ReviewVerdict[] votes)
    {
        await using var session = ledger.Store.LightweightSession();
        foreach (var v in votes)
            session.Events.Append(image, new VoteCast(image, ReviewItemKind.Image, Guid.NewGuid(), centre, "r" + Guid.NewGuid().ToString()[..4], v,
                null, null, ReviewReason.Agree, null, null, Week10));
        session.Events.Append(image, new ConsensusReached(image, ReviewItemKind.Image, centre, final, null, null, Mask,
            ConsensusMethod.Consensus, [], [], "consensus:two-agreeing", Week10));
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task Each_centre_and_proposer_gets_its_round_mask_quality_and_correction_rate()
    {
        var embedded = ("embedded", "1", "embedded:1", 0.6);
        var model = await StudentModels.RegisterAsync(ledger.Store, ledger.Files, seed: 9);
        var student = ("student", $"{model.ModelId:D}/{model.ModelVersion}", $"student:{model.OnnxSha256}", 0.9);

        var a1 = await FrameAsync("round-a", embedded);
        var a2 = await FrameAsync("round-a", embedded);
        await FrameAsync("round-b", embedded);
        await ReviewAsync(a1, "round-a", ReviewVerdict.Correct, ReviewVerdict.Correct, ReviewVerdict.Correct);
        await ReviewAsync(a2, "round-a", ReviewVerdict.Accept, ReviewVerdict.Accept, ReviewVerdict.Correct);
        await CatchUpAsync(); // the student's votes below land in a later page: their proposer is read from the frame's stream
        await new ModelPromotionCommands(ledger.Store, TimeProvider.System).PromoteAsync(model.ModelId, AccessScope.All("admin"));
        var a3 = await FrameAsync("round-a", embedded, student);
        await ReviewAsync(a3, "round-a", ReviewVerdict.Accept, ReviewVerdict.Accept, ReviewVerdict.Accept);
        await ReviewAsync(a1, "round-a", ReviewVerdict.Reject); // a later final on a1 still belongs to the teacher's mask

        var rows = (await RoundsAsync(AccessScope.All("admin")))!.Where(r => r.CentreId.StartsWith("round-", StringComparison.Ordinal)).ToList();

        var teacherA = Assert.Single(rows, r => r is { CentreId: "round-a", Proposer: "embedded:1" });
        Assert.Equal((0, 3, 4, 3), (teacherA.Round, teacherA.MasksProposed, teacherA.VotesCast, teacherA.ItemsFinalised));
        Assert.Equal(0.6, teacherA.MeanQuality!.Value, 10);
        Assert.Equal(3.0 / 4, teacherA.CorrectionVoteRate!.Value, 10);
        Assert.Equal(2.0 / 3, teacherA.CorrectionRate!.Value, 10);
        var studentA = Assert.Single(rows, r => r.Refiner == "student");
        var round = (await new ModelPromotionCommands(ledger.Store, TimeProvider.System).ProposerAsync()).RoundsOf(model.ModelId).Single();
        Assert.Equal((round, "round-a", model.ModelId, model.ModelVersion), (studentA.Round, studentA.CentreId, studentA.ModelId, studentA.ModelVersion));
        Assert.Equal((1, 0.9, 2, 1, 0.0), (studentA.MasksProposed, studentA.MeanQuality, studentA.VotesCast, studentA.ItemsFinalised, studentA.CorrectionRate));
        var teacherB = Assert.Single(rows, r => r.CentreId == "round-b");
        Assert.Equal((1, 0, (double?)null), (teacherB.MasksProposed, teacherB.ItemsFinalised, teacherB.CorrectionRate));
        Assert.Equal(["round-a", "round-b", "round-a"], rows.Select(r => r.CentreId));
    }

    [Fact]
    public async Task A_lead_sees_the_rounds_of_their_centres_only_and_a_clinician_none()
    {
        await FrameAsync("lead-a", ("embedded", "1", "embedded:1", 0.5));
        await FrameAsync("lead-b", ("embedded", "1", "embedded:1", 0.5));

        var lead = await RoundsAsync(AccessScope.ForCentres("lead", Role.Lead, ["lead-a"]));

        Assert.Contains(lead!, r => r.CentreId == "lead-a");
        Assert.DoesNotContain(lead!, r => r.CentreId == "lead-b");
        Assert.Null(await RoundsAsync(AccessScope.ForCentres("doc", Role.Clinician, ["lead-a"])));
    }
}
