using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.TrainingStudents;

/// <summary>Train (or, after a crash, resume) the student of a requested run.</summary>
public sealed record TrainStudent(Guid RunId);

public static class TrainStudentHandler
{
    /// <summary>
    /// Takes the document store, not a session: each epoch is recorded in its own short session so the chart moves while
    /// training. Wolverine's execution-timeout token is deliberately not passed on: a run takes longer than any message
    /// timeout; stopping is the admin's cancel, and a crash is resumed from the checkpoint when the message comes back.
    /// </summary>
    public static Task Handle(TrainStudent message, IDocumentStore store, IFileStore files, EndoKedOptions options, TimeProvider clock) =>
        new StudentRunWorker(store, files, options, clock).RunAsync(message.RunId);
}
