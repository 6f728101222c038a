using System.Globalization;
using EndoKED.Pipeline.Features.Distilling.FollowingTrainingRuns;

namespace EndoKED.Portal.Features.Distilling.TrainingStudents;

/// <summary>
/// Where the epoch chart draws: epochs 1..N across, loss scaled to its own maximum on the left axis, the validation
/// measure (Dice or AUC) 0..1 on the right. Pure, so the drawing is tested without a browser.
/// </summary>
public sealed record ChartGeometry(string LossPoints, string ScorePoints, double MaxLoss,
    IReadOnlyList<ChartGeometry.Marker> Markers, IReadOnlyList<(int Epoch, double X)> Ticks)
{
    public const int Width = 640, Height = 220, Left = 44, Right = Width - 30, Top = 10, Bottom = Height - 24;

    /// <summary>One epoch; <see cref="ScoreY"/> is null when the epoch has no validation figure (an AUC on one class).</summary>
    public sealed record Marker(int Epoch, double X, double LossY, double? ScoreY, double Loss, double? Score);

    public static ChartGeometry Of(IReadOnlyList<EpochPoint> points, int epochs, EpochMeasure? measure = null)
    {
        measure ??= EpochMeasure.Dice;
        var ordered = points.OrderBy(p => p.Epoch).ToList();
        var span = Math.Max(Math.Max(epochs, ordered.Count == 0 ? 1 : ordered[^1].Epoch), 2) - 1;
        var maxLoss = ordered.Count == 0 ? 1 : Math.Max(ordered.Max(p => Finite(p.TrainLoss)), 1e-9);
        double X(int epoch) => Left + ((epoch - 1) * (double)(Right - Left) / span);
        double Y(double fraction) => Bottom - (Math.Clamp(fraction, 0, 1) * (Bottom - Top));
        var markers = ordered.Select(p => (Point: p, Score: measure.Value(p)))
            .Select(x => new Marker(x.Point.Epoch, X(x.Point.Epoch), Y(Finite(x.Point.TrainLoss) / maxLoss),
                x.Score is { } s ? Y(Finite(s)) : null, x.Point.TrainLoss, x.Score))
            .ToList();
        var step = Math.Max(1, (int)Math.Ceiling((span + 1) / 10.0));
        var ticks = Enumerable.Range(1, span + 1).Where(e => e == 1 || e % step == 0).Select(e => (e, X(e))).ToList();
        return new(Line(markers.Select(m => (m.X, m.LossY))), Line(markers.Where(m => m.ScoreY is not null).Select(m => (m.X, m.ScoreY!.Value))),
            maxLoss, markers, ticks);
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    private static string Line(IEnumerable<(double X, double Y)> points) =>
        string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}")));
}
