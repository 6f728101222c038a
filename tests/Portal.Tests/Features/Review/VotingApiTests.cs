using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;

namespace EndoKED.Portal.Tests.Features.Review;

public class VotingApiTests(ReviewFixture fixture) : IClassFixture<ReviewFixture>
{
    private static readonly object AcceptBody = new { verdict = "accept" };

    private static string VotesUrl(Guid id, string kind = "examination") => $"/api/items/{kind}/{id}/votes";

    [Fact]
    public async Task Fifty_concurrent_votes_by_fifty_readers_on_one_item_are_all_recorded_and_consensus_is_reached_once()
    {
        var exam = ReviewFixture.Exam("centre-a", "rev-00");
        var clients = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => fixture.ClientAsync($"reader-{i:00}")));
        var responses = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync(VotesUrl(exam), AcceptBody)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));

        var events = await fixture.EventsAsync(exam);
        var votes = events.OfType<VoteCast>().ToList();
        Assert.Equal(50, votes.Count);
        Assert.Equal(50, votes.Select(v => v.Reader).Distinct().Count());
        Assert.Single(events.OfType<ConsensusReached>());
        // Each response names a distinct new version: the appends were serialised, none lost.
        var versions = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64()));
        Assert.Equal(50, versions.Distinct().Count());
    }

    [Fact]
    public async Task Fifty_concurrent_votes_by_one_reader_are_all_recorded_each_superseding_the_one_before()
    {
        var exam = ReviewFixture.Exam("centre-a", "rev-01");
        var client = await fixture.ClientAsync("busy-reader");
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PostAsJsonAsync(VotesUrl(exam), AcceptBody)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));

        var votes = (await fixture.EventsAsync(exam)).OfType<VoteCast>().ToList();
        Assert.Equal(50, votes.Count);
        Assert.Null(votes[0].SupersedesVote);
        Assert.All(votes.Skip(1).Zip(votes), p => Assert.Equal(p.Second.VoteId, p.First.SupersedesVote));
        Assert.Empty((await fixture.EventsAsync(exam)).OfType<ConsensusReached>());
    }

    [Fact]
    public async Task A_stale_expected_version_gets_409_and_records_nothing()
    {
        var exam = ReviewFixture.Exam("centre-a", "rev-02");
        var client = await fixture.ClientAsync("stale-reader");
        var before = await fixture.EventsAsync(exam);
        var stale = before.Count - 1;
        var response = await client.PostAsJsonAsync(VotesUrl(exam), new { verdict = "accept", expectedVersion = stale });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("vote again", await response.Content.ReadAsStringAsync());
        Assert.Equal(before.Count, (await fixture.EventsAsync(exam)).Count);

        var current = await client.PostAsJsonAsync(VotesUrl(exam), new { verdict = "accept", expectedVersion = before.Count });
        Assert.Equal(HttpStatusCode.Accepted, current.StatusCode);
        Assert.Equal(before.Count + 1, (await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Ten_concurrent_votes_sent_with_the_same_expected_version_record_exactly_one()
    {
        var exam = ReviewFixture.Exam("centre-a", "rev-03");
        var version = (await fixture.EventsAsync(exam)).Count;
        var clients = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => fixture.ClientAsync($"racer-{i}")));
        var responses = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync(VotesUrl(exam), new { verdict = "accept", expectedVersion = version })));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Single((await fixture.EventsAsync(exam)).OfType<VoteCast>());
    }

    [Fact]
    public async Task A_vote_without_expected_version_is_recorded_whatever_happened_meanwhile()
    {
        var exam = ReviewFixture.Exam("centre-a", "rev-04");
        var first = await fixture.ClientAsync("early-reader");
        var second = await fixture.ClientAsync("late-reader");
        Assert.Equal(HttpStatusCode.Accepted, (await first.PostAsJsonAsync(VotesUrl(exam), new { verdict = "reject", reason = "not-a-lesion" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await second.PostAsJsonAsync(VotesUrl(exam), AcceptBody)).StatusCode);
        Assert.Equal(2, (await fixture.EventsAsync(exam)).OfType<VoteCast>().Count());
    }

    [Fact]
    public async Task A_clinician_of_another_centre_gets_404_as_if_the_item_did_not_exist()
    {
        var exam = ReviewFixture.Exam("centre-b", "rev-b0");
        var stranger = await fixture.ClientAsync("clin-a-only", Role.Clinician, "centre-a");
        var response = await stranger.PostAsJsonAsync(VotesUrl(exam), AcceptBody);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty((await fixture.EventsAsync(exam)).OfType<VoteCast>());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(VotesUrl(exam, "image"), AcceptBody)).StatusCode);
    }

    [Theory]
    [InlineData("""{"verdict":"maybe"}""", "verdict must be")]
    [InlineData("""{"verdict":"reject","reason":"because"}""", "reason must be one of")]
    [InlineData("""{"verdict":"reject"}""", "needs a reason")]
    [InlineData("""{"verdict":"correct","reason":"wrong-label"}""", "needs a value")]
    [InlineData("""{"verdict":"correct","reason":"wrong-label","value":{"label":"perhaps"}}""", "value.label")]
    [InlineData("""{"verdict":"accept","expectedVersion":"three"}""", "expectedVersion")]
    [InlineData("""{"verdict":"correct","reason":"wrong-label","value":{"label":"absent"},"maskRle":{"size":[4]}}""", "maskRle must be")]
    [InlineData("""not json""", "not JSON")]
    public async Task A_malformed_vote_is_400_and_says_what_is_wrong(string body, string expected)
    {
        var exam = ReviewFixture.Exam("centre-a", "rev-05");
        var client = await fixture.ClientAsync("sloppy-reader");
        var response = await client.PostAsync(VotesUrl(exam), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.Empty((await fixture.EventsAsync(exam)).OfType<VoteCast>());
    }

    [Fact]
    public async Task Two_agreeing_votes_through_the_api_reach_consensus_and_the_final_label_names_the_policy()
    {
        var exam = ReviewFixture.Exam("centre-a", "rev-06");
        var ann = await fixture.ClientAsync("ann");
        var ben = await fixture.ClientAsync("ben");
        var value = new { verdict = "correct", reason = "wrong-label", value = new { label = "absent" } };
        var first = await (await ann.PostAsJsonAsync(VotesUrl(exam), value)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Voting", first.GetProperty("stage").GetString());
        var second = await ben.PostAsJsonAsync(VotesUrl(exam), value);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var body = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Final", body.GetProperty("stage").GetString());
        Assert.Equal(["VoteCast", "ConsensusReached"], body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        var final = Assert.Single((await fixture.EventsAsync(exam)).OfType<ConsensusReached>());
        Assert.Equal((PolypLabel.Absent, ConsensusMethod.Consensus, "consensus:two-agreeing"), (final.Label, final.Method, final.Actor));
        var view = await ann.GetFromJsonAsync<JsonElement>($"/api/items/examination/{exam}/review");
        Assert.Equal("Final", view.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task The_history_hides_the_others_votes_until_the_reader_votes()
    {
        var exam = ReviewFixture.Exam("centre-a", "rev-07");
        var ann = await fixture.ClientAsync("hist-ann");
        var ben = await fixture.ClientAsync("hist-ben");
        await ann.PostAsJsonAsync(VotesUrl(exam), new { verdict = "reject", reason = "text-unclear" });

        var blinded = await ben.GetFromJsonAsync<JsonElement>($"/api/items/examination/{exam}/history");
        var vote = blinded.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "VoteCast");
        Assert.DoesNotContain("hist-ann", vote.ToString());
        Assert.DoesNotContain("TextUnclear", vote.ToString());
        var review = await ben.GetFromJsonAsync<JsonElement>($"/api/items/examination/{exam}/review");
        Assert.False(review.GetProperty("othersVisible").GetBoolean());

        await ben.PostAsJsonAsync(VotesUrl(exam), AcceptBody);
        var open = await ben.GetFromJsonAsync<JsonElement>($"/api/items/examination/{exam}/history");
        Assert.Contains("TextUnclear", open.ToString());
    }
}
