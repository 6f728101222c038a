using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;
using Marten;

namespace EndoKED.Pipeline.Tests.Features.Distilling.SelfTraining;

/// <summary>Untrained students (different seeds, different bytes) exported, stored and registered as the trainer would.</summary>
public static class StudentModels
{
    public static async Task<ModelRegistered> RegisterAsync(IDocumentStore store, IFileStore files, int seed)
    {
        Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2");
        var options = new StudentOptions { BaseChannels = 8, Levels = 2, InputSize = 32, Seed = seed };
        using var network = StudentNetwork.Create(options);
        var export = StudentModelStore.Save(TestPaths.NewTempDir("student"), network);
        var stored = await files.PutAsync(export.Model);
        var id = Guid.NewGuid();
        var registered = new ModelRegistered(id, export.Version, stored.Sha256, Guid.NewGuid(), Guid.NewGuid(), "manifest", 1,
            new TrainingConfiguration(32, 1, 8, 2, 1e-3, 2, seed), "test", [], "trainer:test", DateTimeOffset.UtcNow);
        await using var session = store.LightweightSession();
        session.Events.StartStream<EndoKED.Pipeline.Features.Distilling.RegisteringModels.ModelView>(id, registered);
        await session.SaveChangesAsync();
        return registered;
    }
}
