using EndoKED.Pipeline.Features.Distilling.DraftingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingSplits;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.PromotingModels;
using EndoKED.Pipeline.Features.Distilling.RegisteringModels;
using EndoKED.Pipeline.Features.Distilling.RequestingTrainingRuns;
using EndoKED.Pipeline.Features.Distilling.SelfTraining;
using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Pipeline.Features.Distilling.TrainingStudents;
using EndoKED.Pipeline.Infrastructure.Messaging;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace EndoKED.Pipeline.Features.Distilling;

/// <summary>Distillation: splits drafted by a queued worker and frozen drawn from the ledger, queued student training runs, and the model registry.</summary>
public static class DistillingServices
{
    /// <summary>
    /// Training and self-training rounds are CPU-bound and long: their own queue, one at a time per listening process
    /// (a round waits behind a training run rather than sharing the cores with it).
    /// </summary>
    public static readonly WorkQueue Queue = new("training", 70, "train students, frame scorers and biopsy heads; run self-training rounds",
        [typeof(TrainStudent), typeof(EndoKED.Pipeline.Features.Distilling.TrainingBiopsyHeads.TrainBiopsy), typeof(TrainingFrameScorers.TrainMil),
            typeof(RunSelfTrainingRound)]);

    /// <summary>Drafting reads every labelled frame: its own queue, so a draft never waits behind a training run.</summary>
    public static readonly WorkQueue SplitQueue = new("splits", 80, "draft splits", [typeof(DraftSplit)]);

    public static IServiceCollection AddDistilling(this IServiceCollection services) => services
        .AddScoped<SplitCommands>()
        .AddScoped<SplitQueries>()
        .AddScoped<TrainingRunCommands>()
        .AddScoped<TrainingRunQueries>()
        .AddScoped<ModelPromotionCommands>()
        .AddScoped<SelfTrainingRoundCommands>()
        .AddScoped<SelfTrainingRoundQueries>()
        .AddSingleton<IStudentPredictors>(sp => new OnnxStudentPredictors(sp.GetService<StudentProposerOptions>() ?? new StudentProposerOptions()))
        .AddSingleton<FrameLabels.ScoringImages.IFrameScorerSource, PromotedFrameScorers>();

    public static StoreOptions AddDistilling(this StoreOptions store)
    {
        store.Projections.Add<SplitProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<TrainingRunProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<ModelProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<MaskProposerProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<FrameScorerProjection>(ProjectionLifecycle.Inline);
        store.Projections.Add<SelfTrainingRoundProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<SplitView>().Index(x => x.DraftedAt);
        store.Schema.For<TrainingRunView>().Index(x => x.RequestedAt);
        store.Schema.For<ModelView>().Index(x => x.RegisteredAt);
        store.Schema.For<SelfTrainingRoundView>().Index(x => x.Round);
        return store;
    }

    public static void ConfigureDistilling(this WolverineOptions opts, WorkQueues queues)
    {
        queues.RouteAndListen(opts, Queue, 1);
        queues.RouteAndListen(opts, SplitQueue, 1);
    }
}
