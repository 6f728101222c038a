using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace EndoKED.Portal.Tests.Infrastructure;

/// <summary>
/// docker/compose.yaml and docker/Dockerfile, checked without a Docker engine (none runs here): the YAML parses (anchors
/// and merge keys resolved, as compose does), and the services, profiles, volumes, health checks and build targets fit.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Docker = Path.Combine(TestPaths.RepoRoot, "docker");

    private static Dictionary<object, object> Compose()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Docker, "compose.yaml")));
        var parsed = new DeserializerBuilder().Build().Deserialize(new MergingParser(new Parser(reader)));
        return Assert.IsType<Dictionary<object, object>>(parsed);
    }

    private static Dictionary<object, object> Map(object? o) => Assert.IsType<Dictionary<object, object>>(o);

    private static Dictionary<object, object> Service(string name) => Map(Map(Compose()["services"])[name]);

    private static IEnumerable<string> Strings(object? o) => o is List<object> list ? list.Select(x => x.ToString()!) : [];

    [Fact]
    public void The_compose_file_has_every_service_of_a_deployment_with_the_optional_ones_behind_profiles()
    {
        var services = Map(Compose()["services"]);

        Assert.Equal(["ollama", "ollama-pull", "portal", "postgres", "rabbitmq", "redis", "worker", "worker-gpu"],
            services.Keys.Select(k => k.ToString()!).Order(StringComparer.Ordinal));
        Assert.Equal(["gpu"], Strings(Service("worker-gpu")["profiles"]));
        Assert.Equal(["scale"], Strings(Service("rabbitmq")["profiles"]));
        Assert.Equal(["scale"], Strings(Service("redis")["profiles"]));
        foreach (var always in new[] { "postgres", "ollama", "portal", "worker" })
            Assert.False(Service(always).ContainsKey("profiles"), always + " must start without a profile");
    }

    [Fact]
    public void The_gpu_worker_asks_for_the_nvidia_runtime_and_devices()
    {
        var gpu = Service("worker-gpu");
        Assert.Equal("nvidia", gpu["runtime"]);
        var device = Map(Assert.Single(Assert.IsType<List<object>>(
            Map(Map(Map(gpu["deploy"])["resources"])["reservations"])["devices"])));
        Assert.Equal("nvidia", device["driver"]);
        Assert.Contains("gpu", Strings(device["capabilities"]));
    }

    [Fact]
    public void Every_long_running_service_has_a_health_check_and_dependencies_wait_for_health()
    {
        foreach (var name in new[] { "postgres", "ollama", "portal", "rabbitmq", "redis" })
            Assert.True(Service(name).ContainsKey("healthcheck"), name + " has no healthcheck");
        var portalDeps = Map(Service("portal")["depends_on"]);
        Assert.Equal("service_healthy", Map(portalDeps["postgres"])["condition"]);
        Assert.Equal("service_completed_successfully", Map(portalDeps["ollama-pull"])["condition"]);
        var services = Map(Compose()["services"]);
        foreach (var (name, body) in services)
            if (Map(body).TryGetValue("depends_on", out var deps))
                Assert.All(Map(deps).Keys, d => Assert.True(services.ContainsKey(d), $"{name} depends on unknown {d}"));
    }

    [Fact]
    public void The_model_pull_uses_the_configured_model_and_the_portal_leaves_the_work_to_workers()
    {
        var pull = Service("ollama-pull");
        Assert.Contains("ollama pull", string.Join(" ", Strings(pull["entrypoint"])), StringComparison.Ordinal);
        Assert.Contains("ENDOKED_OLLAMA_MODEL", Map(pull["environment"]).Keys.Select(k => k.ToString()));
        var portal = Map(Service("portal")["environment"]);
        Assert.Equal("false", portal["EndoKED__RunPipelineHandlers"]);
        // The merge key gave every pipeline process the same database, transport and backplane settings.
        foreach (var name in new[] { "portal", "worker", "worker-gpu" })
        {
            var env = Map(Service(name)["environment"]);
            foreach (var key in new[] { "ENDOKED_POSTGRES", "EndoKED__Transport", "EndoKED__RabbitMq__Uri", "EndoKED__SignalR__Redis" })
                Assert.True(env.ContainsKey(key), $"{name} lacks {key}");
        }
    }

    [Fact]
    public void Named_volumes_are_declared_and_build_targets_exist_in_the_dockerfile()
    {
        var compose = Compose();
        var declared = Map(compose["volumes"]).Keys.Select(k => k.ToString()!).ToHashSet();
        var targets = FromAs().Matches(File.ReadAllText(Path.Combine(Docker, "Dockerfile"))).Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var (name, body) in Map(compose["services"]))
        {
            var service = Map(body);
            foreach (var volume in Strings(service.GetValueOrDefault("volumes")))
            {
                var source = volume.Split(':')[0];
                if (!source.StartsWith('.') && !source.StartsWith('/'))
                    Assert.True(declared.Contains(source), $"{name} uses undeclared volume {source}");
            }
            if (service.TryGetValue("build", out var build))
            {
                Assert.Equal("docker/Dockerfile", Map(build)["dockerfile"]);
                Assert.Contains(Map(build)["target"].ToString()!, targets);
            }
        }
    }

    [Fact]
    public void The_dockerfile_copies_only_paths_that_exist_in_the_repository()
    {
        foreach (Match m in CopyLine().Matches(File.ReadAllText(Path.Combine(Docker, "Dockerfile"))))
            foreach (var source in m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            {
                var dir = Path.Combine(TestPaths.RepoRoot, Path.GetDirectoryName(source.TrimEnd('/')) ?? "");
                var pattern = Path.GetFileName(source.TrimEnd('/'));
                Assert.True(Directory.EnumerateFileSystemEntries(dir, pattern).Any(), $"COPY {source}: nothing there");
            }
    }

    [GeneratedRegex(@"^FROM\s+\S+\s+AS\s+(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex FromAs();

    [GeneratedRegex(@"^COPY\s+(?!--from)(.+)$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();
}
