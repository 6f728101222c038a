using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared;
using EndoKED.Shared.Records;

namespace EndoKED.Pipeline.Features.Review;

/// <summary>Why a review command was refused, in the API's terms.</summary>
public enum RefusalKind
{
    /// <summary>No such item for this caller (404): it does not exist, or the caller may not see its centre.</summary>
    NotFound,

    /// <summary>The caller sees the item but their role may not do this (403).</summary>
    Forbidden,

    /// <summary>The command is malformed (400).</summary>
    Invalid,

    /// <summary>The item is not in a state for this, or it changed meanwhile (409).</summary>
    Conflict,
}

/// <summary>A refusal with a detail that says what to do.</summary>
public sealed record ReviewRefusal(RefusalKind Kind, string Detail)
{
    public static ReviewRefusal NotFound() =>
        new(RefusalKind.NotFound, "No such item, or you do not have access to it. Check the kind, the id and your centre grants.");
}

/// <summary>
/// Who may act on review items (pure). Seeing follows the centre grants: an item of a centre the caller may not see is
/// 404, as if it did not exist. Acting follows the role: Clinicians, Leads and Admins vote on what they see; only Leads
/// (of the item's centre) and Admins adjudicate, so a Clinician who sees the item is 403 there.
/// </summary>
public static class ReviewAccess
{
    public static ReviewRefusal? CanSee(ReviewState state, ReviewItemKind kind, AccessScope scope) =>
        !state.Exists || state.Kind != kind || !scope.CanSee(state.CentreId) ? ReviewRefusal.NotFound() : null;

    public static ReviewRefusal? MayVote(ReviewState state, ReviewItemKind kind, AccessScope scope) =>
        CanSee(state, kind, scope) ?? (scope.Role is Role.Clinician or Role.Lead or Role.Admin && scope.Actor.Length > 0
            ? null
            : new ReviewRefusal(RefusalKind.Forbidden, "Your account may not vote: voting needs the Clinician, Lead or Admin role for the item's centre."));

    public static ReviewRefusal? MayAdjudicate(ReviewState state, ReviewItemKind kind, AccessScope scope) =>
        CanSee(state, kind, scope) ?? (scope.IsLeadOrAdmin
            ? null
            : new ReviewRefusal(RefusalKind.Forbidden, "Only a Lead of the item's centre (or an Admin) adjudicates; cast a vote instead."));
}
