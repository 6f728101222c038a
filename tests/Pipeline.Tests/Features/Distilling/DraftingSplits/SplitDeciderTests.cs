using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Tests.Features.Distilling.DraftingSplits;

public class SplitDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static SplitDrafted Drafted(Guid id, int train = 10, SplitLeakageSummary? leakage = null) =>
        new(id, "s", new SplitRuleRecord(["consensus"], 0.5, null, 6, 0.7, 0.15, 0.15, null, 17), Hash, train, 2, 2,
            new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>(), leakage ?? new([], []), "admin", Now);

    private static SplitView Folded(params object[] events)
    {
        var view = SplitProjection.Create((SplitDrafted)events[0]);
        foreach (var e in events.Skip(1))
            view = e switch { SplitDrafted d => SplitProjection.Apply(d, view), SplitFrozen f => SplitProjection.Apply(f, view), _ => view };
        return view;
    }

    [Fact]
    public void A_clean_draft_is_frozen_with_its_manifest_hash()
    {
        var id = Guid.NewGuid();
        var decision = SplitDecider.Freeze(Folded(Drafted(id)), "admin", Now);
        var frozen = Assert.IsType<SplitFrozen>(decision.Event);
        Assert.Equal((id, Hash), (frozen.SplitId, frozen.ManifestSha256));
    }

    [Fact]
    public void A_split_that_leaks_a_patient_or_a_near_duplicate_cannot_be_frozen()
    {
        var id = Guid.NewGuid();
        var patient = SplitDecider.Freeze(Folded(Drafted(id, leakage: new(["c/p1"], []))), "admin", Now);
        var duplicate = SplitDecider.Freeze(Folded(Drafted(id, leakage: new([], [new ImagePair("a", "b")]))), "admin", Now);
        Assert.Null(patient.Event);
        Assert.Null(duplicate.Event);
        Assert.Contains("1 patient(s) in several parts", patient.Problem);
        Assert.Contains("1 near-duplicate pair(s)", duplicate.Problem);
    }

    [Fact]
    public void A_frozen_split_is_neither_frozen_again_nor_redrafted()
    {
        var id = Guid.NewGuid();
        var view = Folded(Drafted(id), new SplitFrozen(id, Hash, "admin", Now));
        var again = SplitDecider.Freeze(view, "admin", Now);
        var redraft = SplitDecider.Draft(view, Drafted(id));
        Assert.Null(again.Event);
        Assert.Contains("already frozen", again.Problem);
        Assert.Null(redraft.Event);
        Assert.Contains("draft a new split instead", redraft.Problem);
    }

    [Fact]
    public void A_draft_that_leaves_nothing_to_train_on_is_refused_and_an_unknown_split_is_not_found()
    {
        Assert.Contains("no frame for training", SplitDecider.Draft(null, Drafted(Guid.NewGuid(), train: 0)).Problem);
        Assert.True(SplitDecider.Freeze(null, "admin", Now).NotFound);
    }

    [Fact]
    public void A_training_run_needs_a_frozen_split_and_a_network_it_can_build()
    {
        var id = Guid.NewGuid();
        var draft = Folded(Drafted(id));
        var frozen = Folded(Drafted(id), new SplitFrozen(id, Hash, "admin", Now));
        var request = new TrainingRunRequest(id, Epochs: 2, Size: 64);

        Assert.Contains("not frozen", TrainingRunRequestCheck.Check(request, draft, 5, "admin", Guid.NewGuid()).Problem);
        Assert.Contains("No split", TrainingRunRequestCheck.Check(request, null, 5, "admin", Guid.NewGuid()).Problem);
        Assert.Contains("multiple of 8", TrainingRunRequestCheck.Check(request with { Size = 60 }, frozen, 5, "admin", Guid.NewGuid()).Problem);
        var (command, problem) = TrainingRunRequestCheck.Check(request, frozen, 5, "admin", Guid.NewGuid());
        Assert.Null(problem);
        Assert.Equal((Hash, 64, 2, 5L), (command!.ManifestSha256, command.Configuration.InputSize, command.Configuration.Epochs, command.LedgerPosition));
    }
}
