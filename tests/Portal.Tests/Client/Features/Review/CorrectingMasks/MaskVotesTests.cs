using System.Net;
using System.Text.Json;
using EndoKED.Portal.Client.Features.Review.CorrectingMasks;
using EndoKED.Shared.Events;

namespace EndoKED.Portal.Tests.Client.Features.Review.CorrectingMasks;

public class MaskVotesTests
{
    private static readonly Guid Image = Guid.Parse("6d0f2f1e-3c1b-4d7a-9a55-0c2f9a1b7e01");
    private static readonly MaskRle Mask = new(240, 320, "abc");

    [Fact]
    public async Task A_correction_goes_to_the_votes_endpoint_with_the_mask_the_reason_and_the_version_looked_at()
    {
        var portal = new FakePortal((HttpStatusCode.Accepted, """{"version":3,"stage":"Voting"}"""));
        var result = await new MaskVotes(portal.Client()).SendAsync(Image, adjudicating: false, Mask, "wrong-boundary", "  too wide ", 2);

        Assert.Equal(new MaskVoteResult(MaskVoteOutcome.Recorded, 3, "Voting"), result);
        var (method, path, body) = Assert.Single(portal.Sent);
        Assert.Equal((HttpMethod.Post, $"/api/items/image/{Image}/votes"), (method, path));
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("correct", json.GetProperty("verdict").GetString());
        Assert.Equal("[240,320]", json.GetProperty("maskRle").GetProperty("size").GetRawText());
        Assert.Equal("abc", json.GetProperty("maskRle").GetProperty("counts").GetString());
        Assert.Equal(("wrong-boundary", "too wide", 2L),
            (json.GetProperty("reason").GetString(), json.GetProperty("reasonText").GetString(), json.GetProperty("expectedVersion").GetInt64()));
    }

    [Fact]
    public async Task A_lead_adjudicating_sends_the_correction_as_the_adjudication()
    {
        var portal = new FakePortal((HttpStatusCode.Accepted, """{"version":7,"stage":"Final"}"""));
        await new MaskVotes(portal.Client()).SendAsync(Image, adjudicating: true, Mask, "wrong-object", null, 6);
        Assert.Equal($"/api/items/image/{Image}/adjudication", Assert.Single(portal.Sent).Path);
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_other_refusals_carry_the_portals_words()
    {
        var portal = new FakePortal(
            (HttpStatusCode.Conflict, """{"title":"Conflict","detail":"The item is at version 4."}"""),
            (HttpStatusCode.BadRequest, """{"title":"Malformed request","detail":"maskRle.size must be two positive numbers."}"""),
            (HttpStatusCode.Unauthorized, ""));
        var votes = new MaskVotes(portal.Client());

        Assert.Equal(MaskVoteOutcome.Conflict, (await votes.SendAsync(Image, false, Mask, "wrong-boundary", null, 2)).Outcome);
        Assert.Equal(new MaskVoteResult(MaskVoteOutcome.Refused, Detail: "maskRle.size must be two positive numbers."),
            await votes.SendAsync(Image, false, Mask, "wrong-boundary", null, 4));
        Assert.Equal(MaskVoteOutcome.SignedOut, (await votes.SendAsync(Image, false, Mask, "wrong-boundary", null, 4)).Outcome);
    }

    [Fact]
    public async Task The_current_version_is_read_from_the_review_endpoint_and_an_unreachable_item_is_null()
    {
        var portal = new FakePortal((HttpStatusCode.OK, """{"id":"x","version":5,"stage":"Adjudication"}"""), (HttpStatusCode.NotFound, """{"detail":"Not found"}"""));
        var votes = new MaskVotes(portal.Client());
        Assert.Equal(new MaskItemState(5, "Adjudication"), await votes.CurrentAsync(Image));
        Assert.Equal($"/api/items/image/{Image}/review", portal.Sent[0].Path);
        Assert.Null(await votes.CurrentAsync(Image));
    }
}
