using EndoKED.Shared;

namespace EndoKED.Pipeline.Infrastructure.Access;

/// <summary>
/// Who is asking and what they may see: every query and command takes one, so scoping happens on the server, in one
/// place. A record outside the scope behaves as if it did not exist.
/// </summary>
/// <param name="Actor">The user name (or the process) that events and the access log will name.</param>
/// <param name="Role">The caller's highest role.</param>
/// <param name="Centres">The centres granted; null means every centre (admins and the pipeline itself).</param>
public sealed record AccessScope(string Actor, Role Role, IReadOnlySet<string>? Centres)
{
    /// <summary>Everything (admins, the command line on this machine, the pipeline itself).</summary>
    public static AccessScope All(string actor) => new(actor, Role.Admin, null);

    public static AccessScope ForCentres(string actor, params string[] centres) => ForCentres(actor, Role.Clinician, centres);

    public static AccessScope ForCentres(string actor, Role role, IEnumerable<string> centres) =>
        new(actor, role, new HashSet<string>(centres, StringComparer.Ordinal));

    public bool SeesAll => Centres is null;

    public bool IsAdmin => Role == Role.Admin;

    public bool IsLeadOrAdmin => Role is Role.Lead or Role.Admin;

    public bool CanSee(string centreId) => Centres is null || Centres.Contains(centreId);
}
