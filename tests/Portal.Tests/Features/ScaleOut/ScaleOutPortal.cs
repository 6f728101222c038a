using Microsoft.AspNetCore.Hosting;

namespace EndoKED.Portal.Tests.Features.ScaleOut;

/// <summary>The portal as deployed beside workers: it queues work but handles none itself.</summary>
public sealed class ScaleOutPortal : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("EndoKED:RunPipelineHandlers", "false");
        builder.UseSetting("PipelineRuns:BatchSize", "4");
        foreach (var (key, value) in WorkerProcess.FastCluster) builder.UseSetting(key, value);
    }
}
