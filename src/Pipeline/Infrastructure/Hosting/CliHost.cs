using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EndoKED.Pipeline.Infrastructure.Hosting;

/// <summary>A host for batch verbs that need the ledger: Marten and the features, no web server, no queue listeners.</summary>
public static class CliHost
{
    public static IHost Build(Action<IServiceCollection>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = false });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        var options = PipelineServices.ReadOptions(builder.Configuration);
        builder.Services.AddEndoKedPipeline(options, builder.Configuration);
        extra?.Invoke(builder.Services);
        return builder.Build();
    }
}
