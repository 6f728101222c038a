using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Tests.Features.Review;

/// <summary>Review items built from events, and a vote helper that folds what the decider returns.</summary>
public static class ReviewItems
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly ReviewOptions Options = new();

    public static ReviewState Exam(PolypLabel? proposed = PolypLabel.Present, string centre = "centre-a")
    {
        var id = Guid.NewGuid();
        var events = new List<object>
        {
            new ExaminationIngested(id, centre, "exam", "P1", null, "report", null, new Dictionary<string, string>(), "test", T0),
        };
        if (proposed is { } label)
            events.Add(new ExaminationLabelProposed(id, label, 0.6, "rules", [], ["rules/1"], true, "rules/1", T0));
        return ReviewState.Fold(events);
    }

    public static ReviewState Image(int width = 40, int height = 30, string centre = "centre-a") => ReviewState.Fold(
        [new ImageIngested(Guid.NewGuid(), Guid.NewGuid(), centre, "ab", 10, width, height, "png", "f.png", 0, "test", T0)]);

    public static AccessScope Clinician(string name, string centre = "centre-a") => AccessScope.ForCentres(name, Role.Clinician, [centre]);

    public static AccessScope Lead(string name, string centre = "centre-a") => AccessScope.ForCentres(name, Role.Lead, [centre]);

    public static VoteContent Accept() => new(ReviewVerdict.Accept, null, null, ReviewReason.Agree, null);

    public static VoteContent Reject(ReviewReason reason = ReviewReason.NotALesion) => new(ReviewVerdict.Reject, null, null, reason, null);

    public static VoteContent Correct(string valueJson) => new(ReviewVerdict.Correct, valueJson, null, ReviewReason.WrongLabel, null);

    public static VoteContent CorrectMask(MaskRle mask) => new(ReviewVerdict.Correct, null, mask, ReviewReason.WrongBoundary, null);

    /// <summary>A rectangle mask on a width × height frame, as an event carries it.</summary>
    public static MaskRle Rect(int x0, int y0, int x1, int y1, int width = 40, int height = 30) =>
        BinaryMask.FromPredicate(width, height, (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1).ToEventMask();

    public static ReviewDecision Decide(ReviewState state, AccessScope who, VoteContent content, ReviewOptions? options = null, int minute = 1) =>
        VoteDecider.Decide(new CastVote(state.Kind, state.Id, content), state, who, options ?? Options, Guid.NewGuid(), T0.AddMinutes(minute));

    /// <summary>Casts the vote and folds its events into the state; fails the test when it is refused.</summary>
    public static ReviewState Vote(this ReviewState state, AccessScope who, VoteContent content, ReviewOptions? options = null)
    {
        var decision = Decide(state, who, content, options, state.Votes.Count + 1);
        Assert.Null(decision.Refusal);
        return ReviewState.Fold(decision.Events, state);
    }
}
