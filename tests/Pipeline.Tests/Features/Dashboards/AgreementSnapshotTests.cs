using EndoKED.Pipeline.Features.Dashboards;
using EndoKED.Pipeline.Features.Dashboards.Comparing;
using EndoKED.Pipeline.Features.Review.Agreement;
using EndoKED.Pipeline.Infrastructure.Access;
using Microsoft.Extensions.Time.Testing;

namespace EndoKED.Pipeline.Tests.Features.Dashboards;

/// <summary>The dashboards read agreement from a snapshot that is renewed in the background once it is too old.</summary>
public sealed class AgreementSnapshotTests
{
    private static CentreAgreement Figures(string centre, int pairs) => new(centre, pairs, 0.5, 0, null, 0, null, 0, null, null);

    private sealed class Source
    {
        public int Calls;
        public TaskCompletionSource<IReadOnlyList<CentreAgreement>>? Gate;

        public async Task<IReadOnlyList<CentreAgreement>> ComputeAsync(CancellationToken ct)
        {
            var call = Interlocked.Increment(ref Calls);
            if (Gate is { } gate) await gate.Task;
            return [Figures("centre-a", call), Figures("centre-b", call)];
        }
    }

    [Fact]
    public async Task The_first_ask_computes_and_later_asks_within_the_age_are_answered_from_the_snapshot()
    {
        var source = new Source();
        var snapshot = new AgreementSnapshot(source.ComputeAsync, new DashboardOptions { AgreementMaxAge = TimeSpan.FromSeconds(60) }, new FakeTimeProvider());

        var first = await snapshot.HandleAsync(AccessScope.All("lead"));
        var second = await snapshot.HandleAsync(AccessScope.All("lead"));

        Assert.Equal(1, source.Calls);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task An_old_snapshot_is_served_while_one_refresh_renews_it_then_the_new_figures_are_served()
    {
        var source = new Source();
        var clock = new FakeTimeProvider();
        var snapshot = new AgreementSnapshot(source.ComputeAsync, new DashboardOptions { AgreementMaxAge = TimeSpan.FromSeconds(60) }, clock);
        await snapshot.HandleAsync(AccessScope.All("lead"));
        clock.Advance(TimeSpan.FromSeconds(61));
        source.Gate = new TaskCompletionSource<IReadOnlyList<CentreAgreement>>();

        // Stale: answered at once from the old figures, and only one refresh starts however many ask.
        var during = await snapshot.HandleAsync(AccessScope.All("lead"));
        await snapshot.HandleAsync(AccessScope.All("lead"));
        Assert.Equal(1, during[0].LabelPairs);
        Assert.Equal(2, source.Calls);

        source.Gate.SetResult([]);
        await Eventually.That(() => snapshot.AsOf == clock.GetUtcNow(), "the snapshot is recomputed at the clock's time", every: TimeSpan.FromMilliseconds(10));
        var after = await snapshot.HandleAsync(AccessScope.All("lead"));
        Assert.Equal(2, after[0].LabelPairs);
    }

    [Fact]
    public async Task Each_caller_sees_only_the_centres_they_may_see()
    {
        var snapshot = new AgreementSnapshot(new Source().ComputeAsync, new DashboardOptions(), new FakeTimeProvider());

        var lead = await snapshot.HandleAsync(AccessScope.ForCentres("lead-b", "centre-b"));
        var one = await snapshot.HandleAsync(AccessScope.All("admin"), "centre-a");

        Assert.Equal(["centre-b"], lead.Select(c => c.CentreId));
        Assert.Equal(["centre-a"], one.Select(c => c.CentreId));
    }
}
