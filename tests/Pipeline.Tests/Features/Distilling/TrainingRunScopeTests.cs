using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Tests.Features.Distilling;

/// <summary>What a lead reads of a run or model that spans centres: the rows of their own centres, nothing of the others.</summary>
public class TrainingRunScopeTests
{
    private static readonly AccessScope Lead = AccessScope.ForCentres("lead", Role.Lead, ["centre-a"]);

    private static readonly CentreMetrics[] Student = [new("centre-a", 3, 0.8, 0.7, 4), new("centre-b", 2, 0.6, 0.5, null)];

    private static readonly BiopsyCentreMetrics[] Biopsy =
        [new("centre-a", 4, 12, 2, 2, 0.9, 1, 0.5), new("centre-b", 3, 9, 1, 2, 0.7, 0, 1)];

    [Fact]
    public void A_lead_sees_a_runs_test_rows_of_their_centres_only_and_an_admin_sees_all()
    {
        var run = new TrainingRunView { Id = Guid.NewGuid(), Metrics = Student, BiopsyMetrics = Biopsy, Threshold = 0.4 };

        var seen = TrainingRunQueries.Scoped(run, Lead);

        Assert.Equal(["centre-a"], seen.Metrics.Select(m => m.Centre));
        Assert.Equal(["centre-a"], seen.BiopsyMetrics.Select(m => m.Centre));
        Assert.Equal((run.Id, 0.4), (seen.Id, seen.Threshold!.Value));
        Assert.Same(run, TrainingRunQueries.Scoped(run, AccessScope.All("admin")));
    }

    [Fact]
    public void A_lead_sees_a_models_test_rows_of_their_centres_only()
    {
        var model = new ModelView { Id = Guid.NewGuid(), Metrics = Student, BiopsyMetrics = Biopsy };

        var seen = TrainingRunQueries.Scoped(model, AccessScope.ForCentres("lead", Role.Lead, ["centre-b", "centre-z"]));

        Assert.Equal(["centre-b"], seen.Metrics.Select(m => m.Centre));
        Assert.Equal(["centre-b"], seen.BiopsyMetrics.Select(m => m.Centre));
    }
}
