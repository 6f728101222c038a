using EndoKED.Shared.Live;
namespace EndoKED.Shared.Events;

/// <summary>An account was created with its role and centre grants.</summary>
[NotLive("accounts change on the admin's own page")]
public sealed record AccountCreated(string UserId, Role Role, IReadOnlyList<string> Centres, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>An admin changed an account's role or centre grants.</summary>
[NotLive("accounts change on the admin's own page")]
public sealed record AccountGrantsChanged(string UserId, Role Role, IReadOnlyList<string> Centres, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>An account was disabled (or enabled again).</summary>
[NotLive("accounts change on the admin's own page")]
public sealed record AccountDisabled(string UserId, bool Disabled, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>An account's password was set (the hash is not in the event).</summary>
[NotLive("accounts change on the admin's own page")]
public sealed record AccountPasswordSet(string UserId, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>Repeated failed logins locked an account for a while.</summary>
[NotLive("a security fact for the access log, not a page update")]
public sealed record LoginLockedOut(string UserId, int FailedAttempts, DateTimeOffset LockedUntil, string? RemoteAddress, string Actor, DateTimeOffset At) : IHasActor;

/// <summary>
/// Someone opened a record: the access log. Streams are per user and day, apart from the records' own histories.
/// </summary>
/// <param name="UserId">Who looked.</param>
/// <param name="Kind">examination, image, image-file, mask, history.</param>
/// <param name="ItemId">The examination or image.</param>
/// <param name="CentreId">The record's centre.</param>
/// <param name="RemoteAddress">Where the request came from.</param>
/// <param name="Via">page or api.</param>
/// <param name="Actor">Same as the user.</param>
/// <param name="At">When.</param>
[NotLive("the access log is read on its own page, not followed live")]
public sealed record ItemViewed(string UserId, string Kind, Guid ItemId, string CentreId, string? RemoteAddress, string Via, string Actor, DateTimeOffset At) : IHasActor, ICentreEvent;
