using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;
using EndoKED.Pipeline.Features.FrameLabels.ScoringImages;
using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using EndoKED.Pipeline.Models.Refining.Sam;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using EndoKED.Pipeline.Infrastructure.Messaging;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Pipeline.Infrastructure.Stages;

namespace EndoKED.Pipeline.Features.FrameLabels;

public static class FrameLabelServices
{
    /// <summary>Scoring an examination's frames (MIL probability, CAM box).</summary>
    public static readonly WorkQueue ScoreQueue = new("score", 30, "score the frames", [typeof(ScoreImages)]);

    /// <summary>Refining one frame's kept box into a mask.</summary>
    public static readonly WorkQueue SegmentQueue = new("segment", 40, "segment the kept boxes", [typeof(SegmentImage)]);

    public static FrameLabelOptions ReadOptions(IConfiguration configuration)
    {
        var options = new FrameLabelOptions();
        configuration.GetSection(FrameLabelOptions.Section).Bind(options);
        // The names ./endoked and docker use.
        if (Environment.GetEnvironmentVariable(MilModelLocator.Variable) is { Length: > 0 } mil) options.MilModelPath = mil;
        // No fallback to the file `train mil` writes by default: a path here overrides the ledger's promoted frame
        // scorer, so only a deliberate setting may do that.
        var sam = SamOptions.FromEnvironment();
        if (sam.IsConfigured) (options.Sam.EncoderPath, options.Sam.DecoderPath) = (sam.EncoderPath, sam.DecoderPath);
        return options;
    }

    public static IServiceCollection AddFrameLabels(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ReadOptions(configuration);
        return services.AddSingleton(options)
            .AddSingleton(sp => new FrameScoring(options, sp.GetService<IFrameScorerSource>(), sp.GetService<IFileStore>()))
            .AddSingleton(sp => new FrameSegmenting(options, sp.GetService<IMaskProposerSource>()))
            .AddSingleton<IPipelineStage, ScoreStage>()
            .AddSingleton<IPipelineStage, SegmentStage>();
    }

    /// <summary>Both stages go through work queues (PostgreSQL or RabbitMQ), so GPU workers on other machines can share the work.</summary>
    public static void ConfigureFrameLabels(this WolverineOptions opts, FrameLabelOptions options, WorkQueues queues)
    {
        queues.RouteAndListen(opts, ScoreQueue, options.MaxParallelExaminations);
        queues.RouteAndListen(opts, SegmentQueue, options.MaxParallelSegmentations);
        // Retries (a lost write race, no frame scorer or SAM yet): HandlerPolicies.
    }
}
