using EndoKED.Pipeline.Features.Review.Agreement;

namespace EndoKED.Pipeline.Tests.Features.Review.Agreement;

public class KappaTests
{
    private static List<(string, string)> Table(int yesYes, int yesNo, int noYes, int noNo) =>
    [
        .. Enumerable.Repeat(("yes", "yes"), yesYes), .. Enumerable.Repeat(("yes", "no"), yesNo),
        .. Enumerable.Repeat(("no", "yes"), noYes), .. Enumerable.Repeat(("no", "no"), noNo),
    ];

    [Fact]
    public void Cohens_kappa_of_the_textbook_fifty_proposals_is_0_4()
    {
        // Two readers, 50 grant proposals: po = 0.70, pe = 0.5 × 0.6 + 0.5 × 0.4 = 0.50.
        Assert.Equal(0.4, Kappa.Cohen(Table(20, 5, 10, 15))!.Value, 10);
    }

    [Fact]
    public void Cohens_kappa_is_low_when_agreement_is_mostly_chance()
    {
        // po = 0.60, pe = 0.6 × 0.7 + 0.4 × 0.3 = 0.54 → κ = 0.06 / 0.46.
        Assert.Equal(0.06 / 0.46, Kappa.Cohen(Table(45, 15, 25, 15))!.Value, 10);
    }

    [Fact]
    public void Cohens_kappa_is_one_for_perfect_agreement_and_undefined_when_both_raters_use_one_category()
    {
        Assert.Equal(1, Kappa.Cohen(Table(3, 0, 0, 2))!.Value, 10);
        Assert.Null(Kappa.Cohen(Table(4, 0, 0, 0)));
        Assert.Null(Kappa.Cohen(new List<(string, string)>()));
    }

    [Fact]
    public void Cohens_kappa_counts_a_category_only_one_rater_used()
    {
        // Machine says undecided twice where the readers decided: po = 2/4, pe = (1/4)(2/4) + (1/4)(2/4) = 0.25.
        var pairs = new List<(string, string)> { ("present", "present"), ("absent", "absent"), ("undecided", "present"), ("undecided", "absent") };
        Assert.Equal((0.5 - 0.25) / 0.75, Kappa.Cohen(pairs)!.Value, 10);
    }

    [Fact]
    public void Fleiss_kappa_of_the_textbook_fourteen_raters_example_is_0_210()
    {
        int[][] rows =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];
        var items = rows.Select(r => (IReadOnlyDictionary<int, int>)r.Select((n, j) => (n, j)).ToDictionary(x => x.j, x => x.n));
        // P̄ = 0.378, P̄e = 0.2135 → κ = 0.2099.
        Assert.Equal(0.20993, Kappa.Fleiss(items)!.Value, 4);
    }

    [Fact]
    public void Fleiss_kappa_leaves_out_items_with_a_single_reader()
    {
        var two = new Dictionary<string, int> { ["a"] = 2 };
        var split = new Dictionary<string, int> { ["a"] = 1, ["b"] = 1 };
        var lone = new Dictionary<string, int> { ["b"] = 1 };
        Assert.Equal(Kappa.Fleiss([two, split]), Kappa.Fleiss([two, split, lone]));
        // P̄ = 0.5, p = (3/4, 1/4), P̄e = 0.625 → κ = −1/3.
        Assert.Equal(-1.0 / 3, Kappa.Fleiss([two, split])!.Value, 10);
    }
}
