namespace EndoKED.Pipeline.Features.Distilling.SelfTrainingOnFolders;

/// <summary>
/// Whether a student's box may replace a frame's earlier mask: it must point at the same place as the box that mask came
/// from. A student box mostly inside the earlier box (the usual case: a CAM box too large for its polyp) or overlapping
/// it well agrees; one elsewhere in the frame (a fold, a light reflex) is a disagreement, and the frame keeps its mask.
/// The refiner's own quality cannot tell the two apart: it rates a mask on a fold about as highly as one on the polyp.
/// </summary>
public static class BoxAgreement
{
    /// <summary>Share of the student box that must lie inside the earlier box.</summary>
    public const double MinInside = 0.5;

    /// <summary>Intersection over union that agrees whatever the share inside (a student box that grew around the earlier one).</summary>
    public const double MinIoU = 0.3;

    /// <summary>Null when the boxes agree (or there is no earlier box); else why not.</summary>
    /// <param name="student">x0, y0, x1, y1 of the student's kept box.</param>
    /// <param name="earlier">x0, y0, x1, y1 of the box the frame's current mask came from, or null.</param>
    public static string? Disagreement(int[] student, int[]? earlier)
    {
        ArgumentNullException.ThrowIfNull(student);
        if (earlier is null) return null;
        var inter = Area(Math.Max(student[0], earlier[0]), Math.Max(student[1], earlier[1]), Math.Min(student[2], earlier[2]), Math.Min(student[3], earlier[3]));
        var own = Area(student[0], student[1], student[2], student[3]);
        var union = own + Area(earlier[0], earlier[1], earlier[2], earlier[3]) - inter;
        var inside = own > 0 ? (double)inter / own : 0;
        var iou = union > 0 ? (double)inter / union : 0;
        return inside >= MinInside || iou >= MinIoU
            ? null
            : $"the student box [{string.Join(',', student)}] leaves the earlier box [{string.Join(',', earlier)}] " +
              $"({inside:P0} of it inside, IoU {iou:F2}; needs {MinInside:P0} inside or IoU {MinIoU:F1})";
    }

    private static long Area(int x0, int y0, int x1, int y1) => (long)Math.Max(0, x1 - x0) * Math.Max(0, y1 - y0);
}
