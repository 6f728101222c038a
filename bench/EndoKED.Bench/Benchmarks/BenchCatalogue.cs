using EndoKED.Bench.Dashboards;
using EndoKED.Bench.DemoSeeding;
using EndoKED.Bench.ScaleOut.LoadTesting;
using EndoKED.Bench.ScaleOut.Restarting;
using EndoKED.Bench.Training;
using Microsoft.Extensions.Configuration;

namespace EndoKED.Bench.Benchmarks;

/// <summary>Every benchmark <c>./endoked bench</c> knows, in the order <c>all</c> runs them.</summary>
public static class BenchCatalogue
{
    public static IReadOnlyList<IBenchmark> All()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return
        [
            new IngestBenchmark(configuration, BenchFrames.Write),
            new RefinerBench(),
            new FrameLabelsBench(),
            new WeakChainBench(),
            new ExtractionBench(),
            new StudentBench(configuration),
            new LoadBenchmark(configuration),
            new WorkerScalingBenchmark(configuration),
            new DashboardBenchmark(configuration),
            new RestartCatchUpBenchmark(configuration),
            new FirstStartBenchmark(configuration),
        ];
    }
}
