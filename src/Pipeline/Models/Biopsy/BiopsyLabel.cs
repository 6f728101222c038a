
namespace EndoKED.Pipeline.Models.Biopsy;

/// <summary>
/// An examination's optical-biopsy label from its pathology classes (report-findings.md): adenoma-class when any class is
/// in <c>adenoma</c> (an adenoma with carcinoma stays adenoma); left out when there is no pathology (histology unknown) or
/// only excluded classes; non-adenoma otherwise (hyperplastic, inflammatory, other).
/// </summary>
public static class BiopsyLabel
{
    /// <summary>Adenoma-class: conventional adenomas and sessile serrated lesions (both premalignant, both resected).</summary>
    public static readonly IReadOnlyList<string> DefaultAdenomaClasses = ["adenoma", "sessile_serrated"];

    /// <summary>A carcinoma alone is not a polyp histology the biopsy head should call either way.</summary>
    public static readonly IReadOnlyList<string> DefaultExcludedClasses = ["carcinoma"];

    public static bool? Decide(IReadOnlyCollection<string> pathology, IReadOnlyList<string> adenomaClasses, IReadOnlyList<string> excludedClasses)
    {
        if (pathology.Count == 0) return null;
        if (pathology.Any(adenomaClasses.Contains)) return true;
        if (pathology.All(excludedClasses.Contains)) return null;
        return false;
    }
}
