namespace EndoKED.Shared;

// Stored in events as its number: never renumber a member; a new one takes the next free number (StoredEnumsTests pins them).
/// <summary>The portal's roles (DESIGN.md, Access).</summary>
public enum Role
{
    /// <summary>Reviews items of the centres granted to them.</summary>
    Clinician = 0,

    /// <summary>A clinician who also sees dashboards and adjudicates for their centres.</summary>
    Lead = 1,

    /// <summary>Everything: pipeline and training runs, users, all centres.</summary>
    Admin = 2,
}
