using System.Reflection;
using System.Text;
using EndoKED.Pipeline.Infrastructure.Ledger;
using EndoKED.Shared;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;
using Weasel.Core;

namespace EndoKED.Pipeline.Tests.Infrastructure.Ledger;

/// <summary>
/// Marten stores an event's enums as numbers, so a member's number is a stored contract: inserting a member before
/// another (or reordering them) would silently change the meaning of every stored vote, label and grant. These tests pin
/// each stored enum's names to their numbers; an enum reached from an event that is not pinned here fails too.
/// </summary>
public class StoredEnumsTests
{
    private static readonly Dictionary<Type, (string Name, int Value)[]> Pinned = new()
    {
        [typeof(ReviewItemKind)] = [("Examination", 0), ("Image", 1)],
        [typeof(ReviewVerdict)] = [("Accept", 0), ("Reject", 1), ("Correct", 2)],
        [typeof(ReviewReason)] =
        [
            ("Agree", 0), ("WrongLabel", 1), ("MissedLesion", 2), ("NotALesion", 3), ("WrongBoundary", 4),
            ("WrongObject", 5), ("PoorImage", 6), ("TextUnclear", 7), ("Other", 8),
        ],
        [typeof(ConsensusMethod)] = [("Consensus", 0), ("Adjudication", 1)],
        [typeof(ExaminationStatus)] = [("Ingested", 0), ("Extracted", 1), ("InReview", 2), ("Labelled", 3)],
        [typeof(PolypLabel)] = [("Absent", 0), ("Present", 1), ("Undecided", 2)],
        [typeof(Role)] = [("Clinician", 0), ("Lead", 1), ("Admin", 2)],
    };

    /// <summary>Every enum an event of the Shared assembly carries, however deep (records, lists, nullables).</summary>
    public static IEnumerable<Type> StoredEnums()
    {
        var shared = typeof(VoteCast).Assembly;
        var seen = new HashSet<Type>();
        var enums = new HashSet<Type>();
        var pending = new Stack<Type>(shared.GetTypes().Where(t => t.Namespace == typeof(VoteCast).Namespace && t is { IsClass: true, IsAbstract: false }));
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type)) continue;
            if (type.IsEnum) { enums.Add(type); continue; }
            if (type.IsArray) { pending.Push(type.GetElementType()!); continue; }
            foreach (var arg in type.IsGenericType ? type.GetGenericArguments() : []) pending.Push(arg);
            if (type.Assembly != shared) continue;
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)) pending.Push(p.PropertyType);
        }
        return enums;
    }

    [Fact]
    public void Every_enum_an_event_stores_is_pinned_here()
    {
        var missing = StoredEnums().Where(e => !Pinned.ContainsKey(e)).Select(e => e.FullName).ToList();
        Assert.True(missing.Count == 0,
            $"Events store these enums as numbers but they are not pinned: {string.Join(", ", missing)}. Give every member an explicit number and add it to {nameof(Pinned)}.");
        Assert.Contains(typeof(ReviewReason), StoredEnums());
    }

    [Fact]
    public void A_stored_enums_members_keep_their_numbers()
    {
        foreach (var (type, pinned) in Pinned)
        {
            var actual = Enum.GetNames(type).Select(n => (n, Convert.ToInt32(Enum.Parse(type, n), System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            Assert.True(pinned.SequenceEqual(actual),
                $"{type.Name} changed: pinned {string.Join(", ", pinned)}, now {string.Join(", ", actual)}. Stored events hold the numbers: never renumber; a new member takes a new number (then pin it).");
        }
    }

    [Fact]
    public void Every_member_of_a_stored_enum_spells_out_its_number_in_the_source()
    {
        // The pin above catches a renumbering once it happens; explicit numbers keep it from happening by accident.
        var sources = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src", "Shared"), "*.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText).ToList();
        foreach (var type in Pinned.Keys)
        {
            var source = sources.Single(s => s.Contains($"public enum {type.Name}\n", StringComparison.Ordinal));
            var body = source[source.IndexOf($"public enum {type.Name}\n", StringComparison.Ordinal)..];
            body = body[(body.IndexOf('{') + 1)..body.IndexOf('}')];
            var members = body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)).ToList();
            Assert.All(members, m => Assert.Matches(@"^\w+ = \d+,?$", m));
        }
    }

    [Fact]
    public void A_vote_written_with_numbers_before_the_values_were_explicit_reads_back_the_same()
    {
        // As Marten 9 wrote a VoteCast before this change: enums as numbers (its default EnumStorage.AsInteger).
        const string stored = """
            {"ItemId":"5b0e3d52-6c1f-4c61-9a53-0d2a1f3f9a10","ItemKind":1,"VoteId":"0c1f6f7e-1d55-4a0e-8f52-7d3a8a0e2b11",
             "CentreId":"centre-a","Reader":"clinician-a","Verdict":2,"ValueJson":null,"MaskRle":null,"Reason":4,
             "ReasonText":"outline","SupersedesVote":null,"At":"2026-11-02T10:00:00+00:00"}
            """;
        // The serializer the ledger is configured with (no database needed to configure it).
        var options = new StoreOptions();
        options.ConfigureEndoKed(new EndoKED.Pipeline.Infrastructure.EndoKedOptions { ConnectionString = "Host=localhost;Database=unused", Schema = "enums" });
        var serializer = options.Serializer();
        Assert.Equal(EnumStorage.AsInteger, serializer.EnumStorage);

        var vote = (VoteCast)serializer.FromJson(typeof(VoteCast), new MemoryStream(Encoding.UTF8.GetBytes(stored)));

        Assert.Equal(ReviewItemKind.Image, vote.ItemKind);
        Assert.Equal(ReviewVerdict.Correct, vote.Verdict);
        Assert.Equal(ReviewReason.WrongBoundary, vote.Reason);
        var again = serializer.ToJson(vote);
        Assert.Contains("\"Verdict\":2", again.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"Reason\":4", again.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);
    }
}
