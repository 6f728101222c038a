using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Features.Review.Agreement;

/// <summary>One centre's agreement figures, as the dashboards show them.</summary>
/// <param name="LabelPairs">Examinations with a machine label and a final present/absent label.</param>
/// <param name="MachineVsFinalKappa">Cohen's kappa between the machine label (undecided counts as its own answer) and the final label.</param>
/// <param name="ReaderExaminations">Examinations with at least two readers.</param>
/// <param name="ReaderKappa">Fleiss' kappa among readers on examinations (present, absent, reject).</param>
/// <param name="ReaderImages">Images with at least two readers.</param>
/// <param name="ReaderImageKappa">Fleiss' kappa among readers on images (accept, reject, correct).</param>
/// <param name="MaskPairs">Images with a proposed and a final mask.</param>
public sealed record CentreAgreement(
    string CentreId, int LabelPairs, double? MachineVsFinalKappa, int ReaderExaminations, double? ReaderKappa,
    int ReaderImages, double? ReaderImageKappa, int MaskPairs, double? MeanDice, double? MeanIoU);

/// <summary>Where agreement figures come from: computed now (<see cref="GetAgreement"/>) or a recent snapshot of them.</summary>
public interface IAgreementSource
{
    Task<IReadOnlyList<CentreAgreement>> HandleAsync(AccessScope scope, string? centre = null, CancellationToken ct = default);
}

/// <summary>Per centre: machine against final labels, readers among themselves, proposed against final masks. Reads the projection only.</summary>
public sealed class GetAgreement(IQuerySession session) : IAgreementSource
{
    public async Task<IReadOnlyList<CentreAgreement>> HandleAsync(AccessScope scope, string? centre = null, CancellationToken ct = default)
    {
        if (centre is not null && !scope.CanSee(centre)) return [];
        var q = session.Query<ItemAgreement>().Where(x => x.Reviewed);
        if (centre is not null) q = q.Where(x => x.CentreId == centre);
        else if (scope.Centres is { } granted) q = q.Where(x => x.CentreId.IsOneOf(granted.ToArray()));
        var items = await q.ToListAsync(ct);
        return [.. items.GroupBy(i => i.CentreId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Compute(g.Key, [.. g]))];
    }

    public static CentreAgreement Compute(string centre, IReadOnlyList<ItemAgreement> items)
    {
        var exams = items.Where(i => i.Kind == ReviewItemKind.Examination).ToList();
        var images = items.Where(i => i.Kind == ReviewItemKind.Image).ToList();
        var labelPairs = exams
            .Where(i => i.IsFinal && i.MachineLabel is not null && i.FinalLabel is PolypLabel.Present or PolypLabel.Absent)
            .Select(i => (i.MachineLabel!.Value, i.FinalLabel!.Value)).ToList();
        var readerExams = exams.Where(i => i.ReaderAnswers.Count >= 2).ToList();
        var readerImages = images.Where(i => i.ReaderAnswers.Count >= 2).ToList();
        var (maskPairs, dice, iou) = MaskAgreement.Mean(images
            .Where(i => i.ProposedMask is not null && i.FinalMask is not null)
            .Select(i => (i.ProposedMask!, i.FinalMask!)));
        return new CentreAgreement(centre, labelPairs.Count, Kappa.Cohen(labelPairs),
            readerExams.Count, Kappa.Fleiss(readerExams.Select(Tally)),
            readerImages.Count, Kappa.Fleiss(readerImages.Select(Tally)),
            maskPairs, dice, iou);
    }

    private static IReadOnlyDictionary<string, int> Tally(ItemAgreement item) =>
        item.ReaderAnswers.Values.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
}
