using System.Text.Json;
using EndoKED.Pipeline.Features.Extraction.Findings;
using EndoKED.Pipeline.Features.Extraction.Rules;

namespace EndoKED.Pipeline.Tests.Features.Extraction.Findings;

public sealed class FindingsJsonTests
{
    [Fact]
    public void Findings_serialise_with_the_schema_names_and_validate()
    {
        var f = new RulesExtractor().Extract(new("e1", "At the hepatic flexure a 10 mm semi-pedunculated polyp was removed.", "Sessile serrated lesion."));

        var json = FindingsJson.Serialize(f);

        Assert.Empty(FindingsValidator.Validate(json));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(["id", "polyp_present", "polyp_count", "polyps", "pathology", "evidence", "extractor", "confidence", "pathology_evidence"],
            root.EnumerateObject().Select(p => p.Name));
        var polyp = root.GetProperty("polyps")[0];
        Assert.Equal("hepatic_flexure", polyp.GetProperty("location").GetString());
        Assert.Equal("semi_pedunculated", polyp.GetProperty("morphology").GetString());
        Assert.Equal("sessile_serrated", root.GetProperty("pathology")[0].GetString());
        Assert.Equal("report", root.GetProperty("evidence")[0].GetProperty("source").GetString());
        Assert.Equal(f, FindingsJson.Deserialize(json)! with { Polyps = f.Polyps, Pathology = f.Pathology, Evidence = f.Evidence, PathologyEvidence = f.PathologyEvidence });
    }

    [Theory]
    [InlineData("""{"id":"a","polyp_present":"yes","polyp_count":1,"polyps":[],"pathology":[],"extractor":"x"}""", "polyp_present")]
    [InlineData("""{"id":"a","polyp_present":true,"polyp_count":-1,"polyps":[],"pathology":[],"extractor":"x"}""", "polyp_count")]
    [InlineData("""{"id":"a","polyp_present":true,"polyp_count":1,"polyps":[{"count":0,"location":null,"size_mm":null}],"pathology":[],"extractor":"x"}""", "polyps[0].count")]
    [InlineData("""{"id":"a","polyp_present":true,"polyp_count":1,"polyps":[{"count":1,"location":"colon","size_mm":null}],"pathology":[],"extractor":"x"}""", "polyps[0].location")]
    [InlineData("""{"id":"a","polyp_present":true,"polyp_count":1,"polyps":[{"count":1,"location":null}],"pathology":[],"extractor":"x"}""", "polyps[0].size_mm is required")]
    [InlineData("""{"id":"a","polyp_present":true,"polyp_count":1,"polyps":[],"pathology":["adenoma","adenoma"],"extractor":"x"}""", "appears twice")]
    [InlineData("""{"id":"a","polyp_present":true,"polyp_count":1,"polyps":[],"pathology":["polyp"],"extractor":"x"}""", "pathology")]
    [InlineData("""{"id":"a","polyp_present":true,"polyp_count":1,"polyps":[],"pathology":[],"extractor":"x","confidence":1.5}""", "confidence")]
    [InlineData("""{"id":"a","polyp_present":true,"polyp_count":1,"polyps":[],"pathology":[],"extractor":"x","evidence":[{"source":"video","start":0,"end":1}]}""", "evidence[0].source")]
    [InlineData("""{"polyp_present":true,"polyp_count":1,"polyps":[],"pathology":[],"extractor":"x"}""", "id is required")]
    public void The_validator_names_each_broken_rule(string json, string expected) =>
        Assert.Contains(FindingsValidator.Validate(json), e => e.Contains(expected, StringComparison.Ordinal));

    [SkippableFact]
    public void The_enums_match_the_contract_schema_file()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "..", "shared", "contracts", "report-findings.schema.json");
        Skip.IfNot(File.Exists(path), "shared/contracts is not beside the repository");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var items = doc.RootElement.GetProperty("properties").GetProperty("polyps").GetProperty("items").GetProperty("properties");
        string[] Enum(JsonElement e) => e.GetProperty("enum").EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray();

        Assert.Equal(Enum(items.GetProperty("location")), System.Enum.GetValues<Segment>().Select(v => FindingsJson.Name(v)));
        Assert.Equal(Enum(items.GetProperty("morphology")), System.Enum.GetValues<Morphology>().Select(v => FindingsJson.Name(v)));
        Assert.Equal(Enum(doc.RootElement.GetProperty("properties").GetProperty("pathology").GetProperty("items")), System.Enum.GetValues<PathologyClass>().Select(v => FindingsJson.Name(v)));
    }
}
