using System.Security.Cryptography;
using System.Text;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

/// <summary>
/// The canonical text of a split, one line per frame in ordinal image-id order
/// (<c>image \t part \t centre \t patient \t polyp|clear</c>), and its SHA-256: equal memberships give equal hashes
/// whatever order the candidates came in.
/// </summary>
public static class SplitManifest
{
    public static string Text(IEnumerable<SplitAssignment> assignments)
    {
        var text = new StringBuilder();
        foreach (var a in assignments.OrderBy(a => a.ImageId, StringComparer.Ordinal))
            text.Append(a.ImageId).Append('\t').Append(a.Part.ToString().ToLowerInvariant()).Append('\t')
                .Append(a.CentreId).Append('\t').Append(a.PatientKey).Append('\t').Append(a.Polyp ? "polyp" : "clear").Append('\n');
        return text.ToString();
    }

    public static string Hash(IEnumerable<SplitAssignment> assignments) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(assignments))));
}
