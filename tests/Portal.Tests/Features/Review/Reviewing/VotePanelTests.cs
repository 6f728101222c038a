using Bunit;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Features.Review.Voting;
using EndoKED.Portal.Features.Review.Reviewing;
using EndoKED.Shared.Records;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.Review.Reviewing;

public class VotePanelTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static ReviewVote Vote(string reader) => new(Guid.NewGuid(), reader, ReviewVerdict.Reject, null, null, ReviewReason.TextUnclear, null, null, At);

    private static ReviewItemView Item(bool othersVisible, ReviewVote? mine, params ReviewVote[] others) =>
        new(Guid.NewGuid(), ReviewItemKind.Examination, "centre-a", ReviewStage.Voting, PolypLabel.Present, null, mine, othersVisible,
            others, othersVisible ? others.Length : null, null, null, 3);


    [Fact]
    public async Task A_reader_who_has_not_voted_sees_no_other_votes_and_no_count()
    {
        await using var ctx = MudBunit.Context();
        var panel = ctx.Render<VotePanel>(p => p.Add(x => x.Item, Item(false, null)).Add(x => x.Draft, new VoteDraft()));
        Assert.Contains("show once you have voted", panel.Find("[data-testid=blinded]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=other-votes]"));
        Assert.Empty(panel.FindAll("[data-testid=your-vote]"));
    }

    [Fact]
    public async Task After_voting_the_reader_sees_each_other_vote_with_its_reason()
    {
        await using var ctx = MudBunit.Context();
        var panel = ctx.Render<VotePanel>(p => p.Add(x => x.Item, Item(true, Vote("me"), Vote("clinician-b"))).Add(x => x.Draft, new VoteDraft()));
        Assert.Contains("1 vote(s)", panel.Find("[data-testid=other-votes]").TextContent);
        Assert.Contains("clinician-b: reject · text-unclear", panel.Find("[data-testid=other-vote]").TextContent);
        Assert.Contains("reject", panel.Find("[data-testid=your-vote]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=blinded]"));
    }

    [Fact]
    public async Task A_reject_shows_the_nine_reasons_numbered_for_the_keyboard_and_every_shortcut_is_listed()
    {
        await using var ctx = MudBunit.Context();
        var panel = ctx.Render<VotePanel>(p => p.Add(x => x.Item, Item(false, null)).Add(x => x.Draft, new VoteDraft { Verdict = ReviewVerdict.Reject }));
        var reasons = panel.FindAll("[data-testid=reason]").Select(r => r.TextContent.Trim()).ToList();
        Assert.Equal(9, reasons.Count);
        Assert.Equal("5 wrong-boundary", reasons[4]);
        var shortcuts = panel.Find("[data-testid=shortcuts]").TextContent;
        foreach (var key in new[] { "A", "R", "C", "1–9", "Enter", "U", "S", "N", "E", "Esc" }) Assert.Contains(key, shortcuts);
    }
}
