namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>
/// The paper's box filter, over every candidate region: a region smaller than <see cref="BoxFilterOptions.MinComponentFraction"/>
/// of the largest is a speck, not a candidate; three candidates or more mean the activation is scattered and every box
/// is refused; otherwise each candidate is refused when its box touches the image border or covers under 1 % or over
/// 35 % of the frame, and the largest one that passes is kept. Each candidate keeps its verdict and reason.
/// </summary>
public sealed class BoxFilter(BoxFilterOptions options)
{
    public BoxResult Decide(IReadOnlyList<Component> components, int width, int height)
    {
        if (components.Count == 0)
            return BoxResult.Refused(BoxRejection.NoActivation, "no pixel of the CAM reaches the threshold");
        var minPixels = components[0].Pixels * options.MinComponentFraction;
        var candidates = components.Where(c => c.Pixels >= minPixels).ToList();
        var frame = (double)width * height;

        if (candidates.Count >= options.RejectAtComponents)
        {
            var why = $"{candidates.Count} components (refused at {options.RejectAtComponents})";
            var scattered = candidates.Select(c => new JudgedBox(c.Bounds, c.Pixels, c.Bounds.Area / frame, BoxRejection.TooManyComponents, why)).ToList();
            return new BoxResult(candidates[0].Bounds, BoxRejection.TooManyComponents, why, candidates.Count, scattered[0].AreaFraction, scattered);
        }
        var judged = candidates.Select(c => Judge(c, width, height)).ToList();
        var kept = judged.FirstOrDefault(j => j.Accepted);
        if (kept is not null)
            return new BoxResult(kept.Box, BoxRejection.None, judged[0].Accepted ? "kept" : $"kept candidate {judged.IndexOf(kept) + 1} of {judged.Count}",
                candidates.Count, kept.AreaFraction, judged);
        var first = judged[0];
        var reason = judged.Count == 1 ? first.Reason : string.Join("; ", judged.Select((j, i) => $"candidate {i + 1}: {j.Reason}"));
        return new BoxResult(first.Box, first.Rejection, reason, candidates.Count, first.AreaFraction, judged);
    }

    private JudgedBox Judge(Component component, int width, int height)
    {
        var box = component.Bounds;
        var area = (double)box.Area / ((long)width * height);
        JudgedBox Verdict(BoxRejection why, string text) => new(box, component.Pixels, area, why, text);
        var m = options.BorderMarginPixels;
        if (box.X0 <= m || box.Y0 <= m || box.X1 >= width - m || box.Y1 >= height - m)
            return Verdict(BoxRejection.TouchesBorder, $"box [{box.X0},{box.Y0},{box.X1},{box.Y1}] touches the {width}x{height} image border");
        if (area < options.MinAreaFraction)
            return Verdict(BoxRejection.TooSmall, $"box area {area:P1} of the frame is under {options.MinAreaFraction:P0}");
        if (area > options.MaxAreaFraction)
            return Verdict(BoxRejection.TooLarge, $"box area {area:P1} of the frame is over {options.MaxAreaFraction:P0}");
        return Verdict(BoxRejection.None, "kept");
    }
}
