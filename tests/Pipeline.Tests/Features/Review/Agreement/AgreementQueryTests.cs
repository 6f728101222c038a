using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Agreement;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using static EndoKED.Pipeline.Tests.Features.Review.ReviewItems;

namespace EndoKED.Pipeline.Tests.Features.Review.Agreement;

/// <summary>The agreement query and time travel on a real ledger: events appended through the deciders, read back from projections.</summary>
public class AgreementQueryTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    /// <summary>Ingests an examination with a machine label and lets two readers give the final label.</summary>
    private async Task<Guid> ReviewedExamAsync(string centre, PolypLabel machine, PolypLabel final, string third = "absent")
    {
        var id = Guid.NewGuid();
        var events = new List<object>
        {
            new ExaminationIngested(id, centre, id.ToString(), "P", null, "r", null, new Dictionary<string, string>(), "test", T0),
            new ExaminationLabelProposed(id, machine, 0.9, "rules", [], ["rules/1"], false, "rules/1", T0),
        };
        var state = ReviewState.Fold(events);
        var value = ReviewValues.LabelValue(final);
        foreach (var reader in new[] { "r1", "r2" })
        {
            var decision = VoteDecider.Decide(new CastVote(ReviewItemKind.Examination, id, Correct(value)), state,
                Clinician(reader, centre), Options, Guid.NewGuid(), T0.AddMinutes(1));
            events.AddRange(decision.Events);
            state = ReviewState.Fold(decision.Events, state);
        }

        await using var session = ledger.Store.LightweightSession();
        session.Events.StartStream(id, [.. events]);
        await session.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task Cohens_kappa_per_centre_compares_the_machine_label_with_the_final_one()
    {
        // 2×2 table (machine × final): present/present 2, present/absent 1, absent/present 0, absent/absent 1.
        // po = 3/4; machine (3/4 present, 1/4 absent), final (1/2, 1/2): pe = 3/8 + 1/8 = 1/2 → κ = 0.5.
        await ReviewedExamAsync("k-centre", PolypLabel.Present, PolypLabel.Present);
        await ReviewedExamAsync("k-centre", PolypLabel.Present, PolypLabel.Present);
        await ReviewedExamAsync("k-centre", PolypLabel.Present, PolypLabel.Absent);
        await ReviewedExamAsync("k-centre", PolypLabel.Absent, PolypLabel.Absent);

        await using var session = ledger.Store.QuerySession();
        var result = Assert.Single(await new GetAgreement(session).HandleAsync(AccessScope.All("admin"), "k-centre"));
        Assert.Equal(4, result.LabelPairs);
        Assert.Equal(0.5, result.MachineVsFinalKappa!.Value, 10);
        // Both readers always agree, on both answers: Fleiss' kappa is 1.
        Assert.Equal((4, 1.0), (result.ReaderExaminations, result.ReaderKappa!.Value));
        Assert.Empty(await new GetAgreement(session).HandleAsync(AccessScope.ForCentres("x", "other-centre"), "k-centre"));
    }

    [Fact]
    public async Task Time_travel_folds_the_stream_up_to_a_version_or_a_moment()
    {
        var id = await ReviewedExamAsync("t-centre", PolypLabel.Present, PolypLabel.Absent);
        await using var session = ledger.Store.QuerySession();
        var admin = AccessScope.All("admin");
        var travel = new GetLabelAt(session);

        var atProposal = await travel.HandleAsync(ReviewItemKind.Examination, id, 2, null, admin);
        Assert.Equal((2L, PolypLabel.Present, ReviewStage.Voting), (atProposal!.Version, atProposal.Label, atProposal.Stage));
        var afterOneVote = await travel.HandleAsync(ReviewItemKind.Examination, id, 3, null, admin);
        Assert.Equal(1, afterOneVote!.StandingVotes);
        var latest = await travel.HandleAsync(ReviewItemKind.Examination, id, null, null, admin);
        Assert.Equal((5L, PolypLabel.Absent, ReviewStage.Final), (latest!.Version, latest.Label, latest.Stage));
        var now = await travel.HandleAsync(ReviewItemKind.Examination, id, null, DateTimeOffset.UtcNow.AddMinutes(1), admin);
        Assert.Equal(PolypLabel.Absent, now!.Label);
        Assert.Null(await travel.HandleAsync(ReviewItemKind.Examination, id, null, DateTimeOffset.UtcNow.AddDays(-1), admin));
        Assert.Null(await travel.HandleAsync(ReviewItemKind.Examination, id, 2, null, Clinician("bob", "elsewhere")));
    }
}
