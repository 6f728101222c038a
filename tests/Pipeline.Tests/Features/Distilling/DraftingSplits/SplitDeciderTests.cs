using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Tests.Features.Distilling.DraftingSplits;

public class SplitDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly SplitRuleRecord Rule = new(["consensus"], 0.5, null, 6, 0.7, 0.15, 0.15, null, 17);

    private static SplitDrafted Drafted(Guid id, int train = 10, SplitLeakageSummary? leakage = null, int others = 2,
        Dictionary<string, int>? excluded = null) =>
        new(id, "s", Rule, Hash, train, others, others, new Dictionary<string, int>(), new Dictionary<string, int>(),
            excluded ?? new Dictionary<string, int>(), leakage ?? new([], []), "admin", Now);

    private static SplitDraftRequested Requested(Guid id) => new(id, "s", Rule, "admin", Now);

    /// <summary>Folds the events as the projection does, with the version Marten would set.</summary>
    private static SplitView Folded(params object[] events)
    {
        var view = events[0] switch { SplitDraftRequested r => SplitProjection.Create(r), var d => SplitProjection.Create((SplitDrafted)d) };
        foreach (var e in events.Skip(1))
            view = e switch
            {
                SplitDraftRequested r => SplitProjection.Apply(r, view), SplitDrafted d => SplitProjection.Apply(d, view),
                SplitDraftFailed f => SplitProjection.Apply(f, view), SplitFrozen f => SplitProjection.Apply(f, view), _ => view,
            };
        view.Version = events.Length;
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
        var redraft = SplitDecider.Draft(view, Drafted(id), 20);
        Assert.Null(again.Event);
        Assert.Contains("already frozen", again.Problem);
        Assert.Null(redraft.Event);
        Assert.Contains("draft a new split instead", redraft.Problem);
    }

    [Fact]
    public void A_draft_that_leaves_nothing_to_train_on_is_refused_and_an_unknown_split_is_not_found()
    {
        Assert.Contains("no frame for training", SplitDecider.Draft(null, Drafted(Guid.NewGuid(), train: 0), 20).Problem);
        Assert.True(SplitDecider.Freeze(null, "admin", Now).NotFound);
    }

    [Fact]
    public void A_draft_that_keeps_no_frame_fails_saying_which_filter_left_them_out_or_that_nothing_is_labelled_yet()
    {
        var id = Guid.NewGuid();
        var none = Drafted(id, train: 0, others: 0, excluded: new() { ["origin"] = 0, ["machine quality"] = 3, ["centre"] = 9 });

        var filtered = SplitDecider.Draft(Folded(Requested(id)), none, 12);
        var empty = SplitDecider.Draft(Folded(Requested(id)), none, 0);

        Assert.Null(filtered.Event);
        Assert.Equal("No labelled frame matches the rule: of 12 labelled frame(s), 3 left out by machine quality, 9 left out by centre. " +
                     "Widen the origins, lower the machine quality or choose other centres.", filtered.Problem);
        Assert.Contains("no labelled frame yet", empty.Problem);
    }

    [Fact]
    public void A_request_awaits_its_draft_only_until_it_is_drafted_failed_or_superseded()
    {
        var id = Guid.NewGuid();
        Assert.True(SplitDecider.AwaitsDraft(Folded(Requested(id)), 1));
        Assert.False(SplitDecider.AwaitsDraft(Folded(Requested(id), Drafted(id)), 1));
        Assert.False(SplitDecider.AwaitsDraft(Folded(Requested(id), new SplitDraftFailed(id, "why", "splitter", Now)), 1));
        Assert.False(SplitDecider.AwaitsDraft(Folded(Requested(id), Drafted(id), Requested(id)), 1));
        Assert.True(SplitDecider.AwaitsDraft(Folded(Requested(id), Drafted(id), Requested(id)), 3));
        Assert.False(SplitDecider.AwaitsDraft(null, 1));
    }

    [Fact]
    public void A_split_still_drafting_or_whose_draft_failed_cannot_be_frozen()
    {
        var id = Guid.NewGuid();
        var drafting = SplitDecider.Freeze(Folded(Requested(id)), "admin", Now);
        var redrafting = SplitDecider.Freeze(Folded(Requested(id), Drafted(id), Requested(id)), "admin", Now);
        var failed = SplitDecider.Freeze(Folded(Requested(id), new SplitDraftFailed(id, "No labelled frame matches the rule", "splitter", Now)), "admin", Now);

        Assert.Null(drafting.Event);
        Assert.Contains("still being drafted", drafting.Problem);
        Assert.Contains("still being drafted", redrafting.Problem);
        Assert.Null(failed.Event);
        Assert.Contains("drafting failed (No labelled frame matches the rule)", failed.Problem);
        Assert.IsType<SplitFrozen>(SplitDecider.Freeze(Folded(Requested(id), Drafted(id)), "admin", Now).Event);
    }

    [Fact]
    public void The_split_view_follows_request_draft_failure_and_freeze()
    {
        var id = Guid.NewGuid();
        Assert.Equal(SplitStatus.Drafting, Folded(Requested(id)).Status);
        Assert.Equal((SplitStatus.Drafted, 1), (Folded(Requested(id), Drafted(id)).Status, Folded(Requested(id), Drafted(id)).Drafts));
        var failed = Folded(Requested(id), new SplitDraftFailed(id, "why", "splitter", Now));
        Assert.Equal((SplitStatus.Failed, "why"), (failed.Status, failed.FailureReason));
        Assert.Equal(SplitStatus.Frozen, Folded(Requested(id), Drafted(id), new SplitFrozen(id, Hash, "admin", Now)).Status);
        Assert.Equal(SplitStatus.Drafted, Folded(Drafted(id)).Status); // a split drafted before requests were recorded
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
        Assert.Contains("multiple of 32", TrainingRunRequestCheck.Check(request with { Size = 80 }, frozen, 5, "admin", Guid.NewGuid()).Problem);
        Assert.Null(TrainingRunRequestCheck.Check(request with { Size = 80, Encoder = "plain", Levels = 4 }, frozen, 5, "admin", Guid.NewGuid()).Problem);
        Assert.Contains("multiple of 8", TrainingRunRequestCheck.Check(request with { Size = 60, Encoder = "plain" }, frozen, 5, "admin", Guid.NewGuid()).Problem);
        Assert.Contains("Encoder must be one of", TrainingRunRequestCheck.Check(request with { Encoder = "vgg" }, frozen, 5, "admin", Guid.NewGuid()).Problem);
        var (command, problem) = TrainingRunRequestCheck.Check(request, frozen, 5, "admin", Guid.NewGuid());
        Assert.Null(problem);
        Assert.Equal((Hash, 64, 2, 5L), (command!.ManifestSha256, command.Configuration.InputSize, command.Configuration.Epochs, command.LedgerPosition));
    }
}
