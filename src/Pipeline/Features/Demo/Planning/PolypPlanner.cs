using EndoKED.Pipeline.Features.Demo.Rendering;

namespace EndoKED.Pipeline.Features.Demo.Planning;

/// <summary>
/// Draws single polyps with the associations a clinician expects: hyperplastic polyps small and distal,
/// serrated lesions flat and proximal, carcinoma only in larger adenomas, removal technique by size.
/// </summary>
internal static class PolypPlanner
{
    private static readonly Histology[] Histologies =
        [Histology.TubularAdenoma, Histology.TubulovillousAdenoma, Histology.Hyperplastic, Histology.SessileSerrated, Histology.AdenomaWithIntramucosalCarcinoma];

    private static readonly double[] HistologyWeights = [0.52, 0.07, 0.2, 0.15, 0.06];

    // Weights per segment, caecum to rectum.
    private static readonly double[] AnySegment = [0.1, 0.14, 0.06, 0.16, 0.05, 0.1, 0.27, 0.12];
    private static readonly double[] Distal = [0.02, 0.03, 0.02, 0.05, 0.03, 0.1, 0.4, 0.35];
    private static readonly double[] Proximal = [0.25, 0.35, 0.15, 0.2, 0.05, 0, 0, 0];

    public static PlannedPolyp Draw(DemoRandom random, int id)
    {
        var histology = Histologies[random.PickWeighted(HistologyWeights)];
        var (sizeMin, sizeMax, segments) = histology switch
        {
            Histology.Hyperplastic => (2, 7, Distal),
            Histology.SessileSerrated => (5, 16, Proximal),
            Histology.TubulovillousAdenoma => (10, 21, AnySegment),
            Histology.AdenomaWithIntramucosalCarcinoma => (12, 26, AnySegment),
            _ => (3, random.Chance(0.2) ? 16 : 10, AnySegment),
        };
        var size = random.Next(sizeMin, sizeMax);
        var segment = (ColonSegment)random.PickWeighted(segments);
        var morphology = histology == Histology.SessileSerrated || random.Chance(0.1) ? PolypMorphology.Flat
            : size >= 10 && random.Chance(0.5) ? (random.Chance(0.6) ? PolypMorphology.Pedunculated : PolypMorphology.SemiPedunculated)
            : PolypMorphology.Sessile;
        var removal = random.Chance(0.07) ? RemovalMethod.NotRemoved
            : size <= 3 && random.Chance(0.6) ? RemovalMethod.ColdForceps
            : size < 10 ? RemovalMethod.ColdSnare
            : size < 20 && morphology != PolypMorphology.Flat ? RemovalMethod.HotSnare
            : RemovalMethod.Emr;
        var retrieved = removal == RemovalMethod.NotRemoved || !random.Chance(0.06);
        return new PlannedPolyp(id, segment, size, morphology, removal, retrieved, histology, Appearance(random, histology, morphology));
    }

    // Adenomas redder with a coarse pit pattern, hyperplastic and serrated lesions paler and finer.
    private static PolypAppearance Appearance(DemoRandom random, Histology histology, PolypMorphology morphology)
    {
        var tint = histology switch
        {
            Histology.Hyperplastic => new Rgb(1.04f, 1.1f, 1.1f),
            Histology.SessileSerrated => new Rgb(1.05f, 1.1f, 0.96f),
            Histology.AdenomaWithIntramucosalCarcinoma => new Rgb(0.95f, 0.74f, 0.8f),
            _ => new Rgb(1.02f, 0.84f, 0.88f),
        };
        var jitter = random.NextFloat(0.95f, 1.05f);
        var irregular = histology == Histology.AdenomaWithIntramucosalCarcinoma ? 0.16f : 0.1f;
        return new PolypAppearance(
            random.NextULong(),
            random.NextFloat(0.6f, 1f),
            random.NextFloat(0.03f, irregular),
            morphology == PolypMorphology.Flat ? random.NextFloat(0.35f, 0.55f) : random.NextFloat(0.8f, 1.1f),
            tint.Scale(jitter, random.NextFloat(0.96f, 1.04f), 1f),
            histology is Histology.TubularAdenoma or Histology.TubulovillousAdenoma ? random.NextFloat(3f, 4.5f) : random.NextFloat(2f, 3f));
    }
}
