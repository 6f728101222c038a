using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.Extraction.Extracting;
using JasperFx.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.ErrorHandling;
using EndoKED.Pipeline.Infrastructure.Messaging;

namespace EndoKED.Pipeline.Features.Extraction;

public static class ExtractionServices
{
    public const string Queue = "extract";

    public static ExtractionOptions ReadOptions(IConfiguration configuration)
    {
        var options = new ExtractionOptions();
        var section = configuration.GetSection(ExtractionOptions.Section);
        section.Bind(options);
        // The names ./endoked and docker use: an Ollama endpoint given this way turns the comparison on.
        if (Environment.GetEnvironmentVariable(ExtractVerb.OllamaUrlVariable) is { Length: > 0 } url)
        {
            options.Llm.Endpoint = new Uri(url);
            if (section["Mode"] is null) options.Mode = "both";
        }
        if (Environment.GetEnvironmentVariable(ExtractVerb.OllamaModelVariable) is { Length: > 0 } model) options.Llm.Model = model;
        options.Validate();
        return options;
    }

    public static IServiceCollection AddExtraction(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ReadOptions(configuration);
        return services.AddSingleton(options).AddSingleton(_ => new ExaminationExtraction(options));
    }

    /// <summary>ExtractFindings goes through a work queue (PostgreSQL or RabbitMQ), so workers on other machines share the work.</summary>
    public static void ConfigureExtraction(this WolverineOptions opts, ExtractionOptions options, WorkQueues queues)
    {
        queues.Route<ExtractFindings>(opts, Queue);
        queues.Listen(opts, Queue, options.MaxParallelExaminations);
        // Two readers of one examination at once: the loser retries and finds the work done.
        opts.Policies.OnException<JasperFx.ConcurrencyException>().RetryTimes(3);
        // The model is down: wait and try again rather than label from half the extractors.
        opts.Policies.OnException<ExtractorUnavailableException>()
            .RetryWithCooldown(5.Seconds(), 30.Seconds(), 2.Minutes());
    }
}
