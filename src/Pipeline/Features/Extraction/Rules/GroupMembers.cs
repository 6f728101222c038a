using System.Text.RegularExpressions;

namespace EndoKED.Pipeline.Features.Extraction.Rules;

/// <summary>
/// "Two polyps were found: a 5 mm polyp in the ascending colon and a 3 mm polyp in the descending colon" names a group
/// and then its members. Counting both would give four; the members replace the group when they add up to it,
/// and fold into it when they describe only some of it.
/// </summary>
internal static partial class GroupMembers
{
    public static List<Draft> Resolve(string text, List<Draft> fresh)
    {
        var result = new List<Draft>();
        var i = 0;
        while (i < fresh.Count)
        {
            var group = fresh[i];
            var members = new List<Draft>();
            if (group.CountStated && group.Count > 1 && Enumerates(text, group, fresh, i))
                for (var j = i + 1; j < fresh.Count && fresh[j].Sentence == group.Sentence && fresh[j].Count == 1 && members.Count < group.Count; j++)
                    members.Add(fresh[j]);
            if (members.Count == group.Count)
            {
                foreach (var m in members)
                {
                    m.Removed ??= group.Removed;
                    m.Morphology ??= group.Morphology;
                }
                result.AddRange(members);
            }
            else if (members.Count > 0 && members.Count < group.Count && members.All(m => m.CountStated))
            {
                foreach (var m in members) group.Absorb(m);
                result.Add(group);
            }
            else
            {
                result.Add(group);
                i++;
                continue;
            }
            i += 1 + members.Count;
        }
        return result;
    }

    // Members follow their group after a colon or "including"; "two polyps ..., a 12 mm polyp in the transverse" are three.
    private static bool Enumerates(string text, Draft group, List<Draft> fresh, int i) =>
        i + 1 < fresh.Count && Introducer().IsMatch(text[group.TermEnd..fresh[i + 1].TermStart]);

    [GeneratedRegex(@"[:：]|\b(?:including|of\s+which|namely|one\s+of\s+which)\b|其中|包括|分别为", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Introducer();
}
