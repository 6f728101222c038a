using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.TrainingBiopsyHeads;

/// <summary>Train (or, after a crash, resume) the optical-biopsy head of a requested run.</summary>
public sealed record TrainBiopsy(Guid RunId);

public static class TrainBiopsyHandler
{
    /// <summary>As <c>TrainStudent</c>: the document store (each epoch in its own session), no message timeout token.</summary>
    public static Task Handle(TrainBiopsy message, IDocumentStore store, IFileStore files, EndoKedOptions options, FrameLabelOptions frameLabels,
        TimeProvider clock) =>
        new BiopsyRunWorker(store, files, options, frameLabels.ResNet18, clock).RunAsync(message.RunId);
}
