using EndoKED.Pipeline.Features.FrameLabels;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.TrainingFrameScorers;

/// <summary>Train (or, after a crash, resume) the frame scorer of a requested run.</summary>
public sealed record TrainMil(Guid RunId);

public static class TrainMilHandler
{
    /// <summary>As <c>TrainStudent</c>: the document store (each epoch in its own session), no message timeout token.</summary>
    public static Task Handle(TrainMil message, IDocumentStore store, IFileStore files, EndoKedOptions options, FrameLabelOptions frameLabels,
        TimeProvider clock) =>
        new MilRunWorker(store, files, options, frameLabels.ResNet18, clock).RunAsync(message.RunId);
}
