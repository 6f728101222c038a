using EndoKED.Pipeline.Features.Extraction.ExtractingFindings;
using EndoKED.Pipeline.Features.Extraction.Extracting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using EndoKED.Pipeline.Infrastructure.Messaging;
using EndoKED.Pipeline.Infrastructure.Stages;

namespace EndoKED.Pipeline.Features.Extraction;

public static class ExtractionServices
{
    /// <summary>Reading reports: one examination per message.</summary>
    public static readonly WorkQueue Queue = new("extract", 20, "read the reports", [typeof(ExtractFindings)]);

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
        return services.AddSingleton(options).AddSingleton(_ => new ExaminationExtraction(options))
            .AddSingleton<IPipelineStage, ExtractStage>();
    }

    /// <summary>ExtractFindings goes through a work queue (PostgreSQL or RabbitMQ), so workers on other machines share the work.</summary>
    public static void ConfigureExtraction(this WolverineOptions opts, ExtractionOptions options, WorkQueues queues)
    {
        // Retries (a lost write race, the model server down): HandlerPolicies.
        queues.RouteAndListen(opts, Queue, options.MaxParallelExaminations);
    }
}
