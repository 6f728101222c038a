namespace EndoKED.Pipeline.Features.Demo.Generating;

/// <summary>What one centre received.</summary>
/// <param name="Directory">The folder to ingest for this centre.</param>
/// <param name="GroundTruthDirectory">Masks and truth.json for this centre, outside the ingest folder.</param>
public sealed record DemoCentreSummary(
    string Centre,
    string Directory,
    string GroundTruthDirectory,
    int Examinations,
    int Patients,
    int PolypExaminations,
    int Frames,
    int PolypFrames);

/// <summary>The result of one demo generation.</summary>
public sealed record DemoSummary(string OutputDirectory, string GroundTruthDirectory, int Seed, IReadOnlyList<DemoCentreSummary> Centres, TimeSpan Elapsed)
{
    public int Examinations => Centres.Sum(c => c.Examinations);

    public int Frames => Centres.Sum(c => c.Frames);
}
