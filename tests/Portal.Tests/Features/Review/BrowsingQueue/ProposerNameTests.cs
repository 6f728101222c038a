using EndoKED.Portal.Features.Review.BrowsingQueue;

namespace EndoKED.Portal.Tests.Features.Review.BrowsingQueue;

/// <summary>The queue names a mask's proposer in words a reader can scan, not a 64-character hash.</summary>
public sealed class ProposerNameTests
{
    private const string Sha = "b2afa1f1342b535148d4ba95d2075ce3795dcc5eda02d3b9ff05388961c5eeed";

    [Theory]
    [InlineData("round:1;student:" + Sha + ";box:student", "self-training round 1 (student b2afa1f1's box)")]
    [InlineData("student:" + Sha, "student b2afa1f1")]
    [InlineData("embedded:grabcut-ellipse-2", "embedded:grabcut-ellipse-2")]
    [InlineData("round:2;box:student", "round:2;box:student")]
    [InlineData("embedded:grabcut-ellipse-3;box:cam-seeds", "embedded:grabcut-ellipse-3, seeded from the CAM (its box was refused)")]
    [InlineData("student:" + Sha + ";box:cam-seeds", "student b2afa1f1, seeded from the CAM (its box was refused)")]
    [InlineData(null, "a reader")]
    public void A_proposer_reads_as_words_with_its_hash_cut(string? provenance, string expected) =>
        Assert.Equal(expected, ReviewQueuePage.Proposer(provenance));
}
