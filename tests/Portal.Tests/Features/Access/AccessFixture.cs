using EndoKED.Pipeline.Infrastructure;

namespace EndoKED.Portal.Tests.Features.Access;

/// <summary>Two centres with one examination each, and the demo's kinds of users.</summary>
public sealed class AccessFixture : IAsyncLifetime
{
    public PortalFactory Portal { get; } = new();
    public Guid ExamA { get; } = StableIds.Examination("centre-a", "exam-a1");
    public Guid ExamB { get; } = StableIds.Examination("centre-b", "exam-b1");
    public Guid ImageA { get; private set; }
    public Guid ImageB { get; private set; }

    public async Task InitializeAsync()
    {
        Portal.Start();
        var a = TestPaths.NewTempDir("access-a");
        var b = TestPaths.NewTempDir("access-b");
        var frameA = TestFrames.Png(seed: 401);
        var frameB = TestFrames.Png(seed: 402);
        TestFrames.ExamFolder(a, "exam-a1", "Centre A report.", null, ("f.png", frameA));
        TestFrames.ExamFolder(b, "exam-b1", "Centre B report.", null, ("f.png", frameB));
        await Portal.IngestAsync(a, "centre-a");
        await Portal.IngestAsync(b, "centre-b");
        ImageA = StableIds.Image(ExamA, Pipeline.Infrastructure.Files.LocalFileStore.Hash(frameA));
        ImageB = StableIds.Image(ExamB, Pipeline.Infrastructure.Files.LocalFileStore.Hash(frameB));
    }

    public Task DisposeAsync()
    {
        Portal.Dispose();
        return Task.CompletedTask;
    }
}
