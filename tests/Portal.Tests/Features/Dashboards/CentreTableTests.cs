using Bunit;
using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Portal.Features.Dashboards;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests.Features.Dashboards;

/// <summary>A centre whose frames are not scored yet says who scores them and where, instead of a bare dash.</summary>
public sealed class CentreTableTests
{
    private static CentreStats Centre(string id, int frames, int scored, int positive) =>
        new(id, new WeekFigures { Frames = frames, FramesScored = scored, FramesPositive = positive }, [], null, [], []);

    [Fact]
    public async Task A_centre_with_frames_but_none_scored_names_the_score_stage_while_a_scored_centre_shows_its_rate()
    {
        await using var ctx = MudBunit.Context();

        var table = ctx.Render<CentreTable>(p => p.Add(x => x.Centres, (IReadOnlyList<CentreStats>)
            [Centre("centre-a", 10, 0, 0), Centre("centre-b", 10, 4, 1), Centre("centre-c", 0, 0, 0)]));

        var cells = table.FindAll("[data-testid=centre-frame-positive]").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("not scored", cells[0]);
        Assert.Equal("25.0 %", cells[1]);
        Assert.Equal("—", cells[2]);
    }
}
