using EndoKED.Shared.Records;

namespace EndoKED.Shared.Live;

/// <summary>Where a live notification's centre comes from, which decides who hears it.</summary>
public enum LiveCentre
{
    /// <summary>The event spans centres (runs, splits, models): only the all-centres group hears it.</summary>
    AllCentres = 0,

    /// <summary>The event names its centre (<see cref="ICentreEvent.CentreId"/>).</summary>
    OfEvent = 1,

    /// <summary>The event is on an examination stream that does not repeat its centre: the examination's view gives it.</summary>
    OfExamination = 2,
}

/// <summary>
/// The event reaches live pages: the live subscription includes every event type that carries this attribute and sends
/// a <see cref="LiveNotification"/> of <see cref="Kind"/> to the callers who may see its centre. Declaring it here is
/// all a new event needs to reach the portal's pages and the hub.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LiveAttribute : Attribute
{
    /// <param name="kind">One of <see cref="LiveKinds"/>.</param>
    /// <param name="centre">Where the centre comes from.</param>
    public LiveAttribute(string kind, LiveCentre centre = LiveCentre.AllCentres)
    {
        Kind = kind;
        Centre = centre;
    }

    /// <summary>A review-item event (<see cref="IReviewItemEvent"/>): the kind is its item's (examination or image).</summary>
    public LiveAttribute(LiveCentre centre)
    {
        Centre = centre;
    }

    /// <summary>The notification's kind; null when it is the review item's.</summary>
    public string? Kind { get; }

    /// <summary>Where the notification's centre comes from.</summary>
    public LiveCentre Centre { get; }
}

/// <summary>The event is deliberately not sent to live pages; <see cref="Reason"/> says why (a test reads it).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NotLiveAttribute(string reason) : Attribute
{
    /// <summary>Why pages do not follow it.</summary>
    public string Reason => reason;
}

/// <summary>An event that names the centre of its record.</summary>
public interface ICentreEvent
{
    /// <summary>The record's centre.</summary>
    string CentreId { get; }
}

/// <summary>An event on a review item (an examination's label or an image's mask), with the item's kind and centre.</summary>
public interface IReviewItemEvent : ICentreEvent
{
    /// <summary>Examination or image.</summary>
    ReviewItemKind ItemKind { get; }
}
