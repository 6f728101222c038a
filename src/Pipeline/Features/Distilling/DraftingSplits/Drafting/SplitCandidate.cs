namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

/// <summary>Where a frame's label came from: clinicians agreeing, a lead's adjudication, or a model alone.</summary>
public enum LabelOrigin
{
    Consensus,
    Adjudicated,
    Machine,
}

public enum SplitPart
{
    Train,
    Validation,
    Test,
}

/// <summary>
/// One labelled frame that may enter a split. <paramref name="PatientId"/> is pseudonymous and unique within its centre;
/// <paramref name="Quality"/> is the machine label's quality score (ignored for human labels);
/// <paramref name="PerceptualHash"/> is the frame's 64-bit dHash (<see cref="PerceptualHash"/>).
/// </summary>
public sealed record SplitCandidate(
    string ImageId,
    string ExaminationId,
    string PatientId,
    string CentreId,
    bool Polyp,
    LabelOrigin Origin,
    double Quality,
    ulong PerceptualHash)
{
    /// <summary>Patient identity across centres: the same pseudonym in two centres is two people.</summary>
    public string PatientKey => $"{CentreId}/{PatientId}";
}

/// <summary>One frame's place in a drafted split.</summary>
public sealed record SplitAssignment(string ImageId, SplitPart Part, string CentreId, string PatientKey, bool Polyp, int Group);
