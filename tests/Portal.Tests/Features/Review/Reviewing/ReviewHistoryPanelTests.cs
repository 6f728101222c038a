using Bunit;
using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Portal.Features.Review.Reviewing;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.Review.Reviewing;

public class ReviewHistoryPanelTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static readonly HistoryEntry[] Entries =
    [
        new(1, At, "ImageAttached", "test-seed", "{}"),
        new(2, At, "MaskProposed", "embedded/v1", """{"counts":"3 4"}"""),
        new(3, At, "VoteCast", "clinician-a", """{"counts":"2 5"}"""),
    ];

    [Fact]
    public async Task Picking_a_mask_to_compare_does_not_also_select_its_row_and_the_pick_is_marked()
    {
        await using var ctx = MudBunit.Context();
        var (selected, picked) = (new List<long>(), new List<long>());
        var panel = ctx.Render<ReviewHistoryPanel>(p => p
            .Add(x => x.Entries, Entries).Add(x => x.IsImage, true).Add(x => x.DiffFrom, 2L)
            .Add(x => x.OnSelect, (HistoryEntry e) => selected.Add(e.Version))
            .Add(x => x.OnDiff, (HistoryEntry e) => picked.Add(e.Version)));

        var picks = panel.FindAll("[data-testid=diff-pick]");
        Assert.Equal(2, picks.Count);
        Assert.Equal(["true", "false"], picks.Select(b => b.GetAttribute("data-picked")));
        await picks[1].ClickAsync(new());
        Assert.Equal([3L], picked);
        Assert.Empty(selected); // the row's click (time travel) would replace the diff on show: the button keeps its click

        await panel.FindAll("[data-testid=history-row]")[0].ClickAsync(new());
        Assert.Equal([1L], selected);
    }
}
