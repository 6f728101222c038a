namespace EndoKED.Pipeline.Features.Dashboards.ComparingRounds;

/// <summary>
/// One centre's counters for one mask proposer (a refiner version, or a promoted student by its model hash): its
/// proposals and what readers made of them. Votes and final labels count for the proposer of the latest mask the frame
/// had when they were cast. Counters only, so they add up; the rounds table derives the rates.
/// </summary>
public sealed record ProposerStats
{
    /// <summary><c>&lt;centre&gt;|&lt;provenance&gt;</c>.</summary>
    public string Id { get; init; } = "";
    public string CentreId { get; init; } = "";
    /// <summary>The proposals' provenance (<c>embedded:…</c>, <c>sam:…</c>, <c>student:&lt;ONNX SHA-256&gt;</c>).</summary>
    public string Proposer { get; init; } = "";
    public string Refiner { get; init; } = "";
    public string RefinerVersion { get; init; } = "";

    public int MasksProposed { get; init; }
    public double MaskQualitySum { get; init; }
    public int VotesCast { get; init; }
    /// <summary>Votes that did not accept the proposal (correct or reject).</summary>
    public int CorrectionVotes { get; init; }
    public int ItemsFinalised { get; init; }
    /// <summary>Final labels that differ from the proposal (outcome correct or reject).</summary>
    public int FinalCorrections { get; init; }

    public static string Key(string centre, string proposer) => centre + "|" + proposer;
}
