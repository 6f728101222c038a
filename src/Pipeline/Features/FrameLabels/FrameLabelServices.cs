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
        // Where `train mil` puts a model by default: found without configuration.
        if (string.IsNullOrWhiteSpace(options.MilModelPath) && File.Exists(MilModelLocator.DefaultPath)) options.MilModelPath = MilModelLocator.DefaultPath;
        var sam = SamOptions.FromEnvironment();
        if (sam.IsConfigured) (options.Sam.EncoderPath, options.Sam.DecoderPath) = (sam.EncoderPath, sam.DecoderPath);
        return options;
    }

    public static IServiceCollection AddFrameLabels(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ReadOptions(configuration);
        return services.AddSingleton(options)
            .AddSingleton(_ => new FrameScoring(options))
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
