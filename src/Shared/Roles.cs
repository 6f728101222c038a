namespace EndoKED.Shared;

/// <summary>The portal's roles (DESIGN.md, Access).</summary>
public enum Role
{
    /// <summary>Reviews items of the centres granted to them.</summary>
    Clinician,

    /// <summary>A clinician who also sees dashboards and adjudicates for their centres.</summary>
    Lead,

    /// <summary>Everything: pipeline and training runs, users, all centres.</summary>
    Admin,
}
