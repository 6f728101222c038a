namespace EndoKED.Pipeline.Features.Demo.Planning;

/// <summary>The eight segments of report-findings.md, proximal to distal.</summary>
internal enum ColonSegment
{
    Caecum,
    Ascending,
    HepaticFlexure,
    Transverse,
    SplenicFlexure,
    Descending,
    Sigmoid,
    Rectum,
}

internal enum PolypMorphology
{
    Sessile,
    SemiPedunculated,
    Pedunculated,
    Flat,
}

internal enum RemovalMethod
{
    ColdForceps,
    ColdSnare,
    HotSnare,
    Emr,
    NotRemoved,
}

/// <summary>What histology would say about one removed polyp.</summary>
internal enum Histology
{
    TubularAdenoma,
    TubulovillousAdenoma,
    Hyperplastic,
    SessileSerrated,
    AdenomaWithIntramucosalCarcinoma,
}

/// <summary>The names these values take in report-findings.schema.json.</summary>
internal static class ContractNames
{
    public static string Of(ColonSegment segment) => segment switch
    {
        ColonSegment.Caecum => "caecum",
        ColonSegment.Ascending => "ascending",
        ColonSegment.HepaticFlexure => "hepatic_flexure",
        ColonSegment.Transverse => "transverse",
        ColonSegment.SplenicFlexure => "splenic_flexure",
        ColonSegment.Descending => "descending",
        ColonSegment.Sigmoid => "sigmoid",
        _ => "rectum",
    };

    public static string Of(PolypMorphology morphology) => morphology switch
    {
        PolypMorphology.Sessile => "sessile",
        PolypMorphology.SemiPedunculated => "semi_pedunculated",
        PolypMorphology.Pedunculated => "pedunculated",
        _ => "flat",
    };

    /// <summary>The pathology classes a histology contributes; an adenoma with carcinoma is both.</summary>
    public static IEnumerable<string> ClassesOf(Histology histology) => histology switch
    {
        Histology.TubularAdenoma or Histology.TubulovillousAdenoma => ["adenoma"],
        Histology.Hyperplastic => ["hyperplastic"],
        Histology.SessileSerrated => ["sessile_serrated"],
        _ => ["adenoma", "carcinoma"],
    };
}
