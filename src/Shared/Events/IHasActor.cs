namespace EndoKED.Shared.Events;

/// <summary>Every event names who or what produced it: a user name, or a model / rule version.</summary>
public interface IHasActor
{
    /// <summary>The user name, or the model or rule version, behind the event.</summary>
    string Actor { get; }

    /// <summary>When it happened, as the actor saw it.</summary>
    DateTimeOffset At { get; }
}
