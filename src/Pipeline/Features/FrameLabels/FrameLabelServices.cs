using EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;
using EndoKED.Pipeline.Features.FrameLabels.ScoringImages;
using EndoKED.Pipeline.Features.FrameLabels.SegmentingImages;
using EndoKED.Pipeline.Features.Vision.Refining.Sam;
using JasperFx.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.ErrorHandling;
using EndoKED.Pipeline.Infrastructure.Messaging;
using EndoKED.Pipeline.Infrastructure.Files;

namespace EndoKED.Pipeline.Features.FrameLabels;

public static class FrameLabelServices
{
    public const string ScoreQueue = "score";
    public const string SegmentQueue = "segment";

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
            .AddSingleton(sp => new FrameSegmenting(options, sp.GetService<IMaskProposerSource>()));
    }

    /// <summary>Both stages go through work queues (PostgreSQL or RabbitMQ), so GPU workers on other machines can share the work.</summary>
    public static void ConfigureFrameLabels(this WolverineOptions opts, FrameLabelOptions options, WorkQueues queues)
    {
        queues.Route<ScoreImages>(opts, ScoreQueue);
        queues.Route<SegmentImage>(opts, SegmentQueue);
        queues.Listen(opts, ScoreQueue, options.MaxParallelExaminations);
        queues.Listen(opts, SegmentQueue, options.MaxParallelSegmentations);
        // Two scorers of one frame at once: the loser retries and finds the work done (JasperFx.ConcurrencyException
        // is already retried by ConfigureExtraction's policy, which is global).
        // No MIL model or SAM yet: wait for one to be trained or configured rather than drop the frames.
        opts.Policies.OnException<FrameModelUnavailableException>()
            .RetryWithCooldown(30.Seconds(), 2.Minutes(), 10.Minutes());
    }
}
