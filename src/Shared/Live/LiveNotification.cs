namespace EndoKED.Shared.Live;

/// <summary>
/// Something changed in the ledger: carried to server components (in process) and to browsers and external clients
/// over the SignalR hub <c>/hubs/live</c>. Only callers who may see the centre receive it.
/// </summary>
/// <param name="Kind">examination, image or pipeline-run (<see cref="LiveKinds"/>).</param>
/// <param name="CentreId">The record's centre; empty for what spans centres (pipeline runs), which only admins receive.</param>
/// <param name="ItemId">The stream that changed.</param>
/// <param name="EventType">The event's type name (ExaminationIngested, ...).</param>
/// <param name="Sequence">The event's global sequence number.</param>
/// <param name="At">When the event was recorded.</param>
public sealed record LiveNotification(string Kind, Guid ItemId, string CentreId, string EventType, long Sequence, DateTimeOffset At);

/// <summary>The hub's contract: its path and the method names clients listen to.</summary>
public static class LiveHubContract
{
    /// <summary>The hub's path.</summary>
    public const string Path = "/hubs/live";

    /// <summary>Sent to clients for each <see cref="LiveNotification"/>.</summary>
    public const string Notification = "notification";
}

/// <summary>The kinds of <see cref="LiveNotification"/>.</summary>
public static class LiveKinds
{
    /// <summary>An examination stream changed.</summary>
    public const string Examination = "examination";

    /// <summary>An image stream changed.</summary>
    public const string Image = "image";

    /// <summary>A pipeline run progressed (admins only).</summary>
    public const string PipelineRun = "pipeline-run";

    /// <summary>A split was drafted or frozen (admins only).</summary>
    public const string Split = "split";

    /// <summary>A training run progressed: started, an epoch, completed, failed or cancelled (admins only).</summary>
    public const string TrainingRun = "training-run";

    /// <summary>A model was registered or promoted to mask proposer (admins only).</summary>
    public const string Model = "model";
}
