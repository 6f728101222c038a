namespace EndoKED.Pipeline.Infrastructure.Access;

/// <summary>
/// The centres a caller may see. Every query and command takes one, so scoping happens on the server, in one place:
/// a record outside the scope behaves as if it did not exist.
/// </summary>
public sealed record AccessScope(string Actor, IReadOnlySet<string>? Centres)
{
    /// <summary>Everything (admins, the command line on this machine, the pipeline itself).</summary>
    public static AccessScope All(string actor) => new(actor, null);

    public static AccessScope ForCentres(string actor, params string[] centres) =>
        new(actor, new HashSet<string>(centres, StringComparer.Ordinal));

    public bool SeesAll => Centres is null;

    public bool CanSee(string centreId) => Centres is null || Centres.Contains(centreId);
}
