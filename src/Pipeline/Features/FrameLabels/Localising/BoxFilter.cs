namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>
/// The paper's box filter: keep the largest component's box unless the activation is scattered (three components or
/// more), the box touches the image border, or its area is under 1 % or over 35 % of the frame.
/// </summary>
public sealed class BoxFilter(BoxFilterOptions options)
{
    public BoxResult Decide(IReadOnlyList<Component> components, int width, int height)
    {
        if (components.Count == 0)
            return BoxResult.Refused(BoxRejection.NoActivation, "no pixel of the CAM reaches the threshold");
        var box = components[0].Bounds;
        var area = (double)box.Area / ((long)width * height);
        BoxResult Refuse(BoxRejection why, string text) => new(box, why, text, components.Count, area);

        if (components.Count >= options.RejectAtComponents)
            return Refuse(BoxRejection.TooManyComponents, $"{components.Count} components (refused at {options.RejectAtComponents})");
        var m = options.BorderMarginPixels;
        if (box.X0 <= m || box.Y0 <= m || box.X1 >= width - m || box.Y1 >= height - m)
            return Refuse(BoxRejection.TouchesBorder, $"box [{box.X0},{box.Y0},{box.X1},{box.Y1}] touches the {width}x{height} image border");
        if (area < options.MinAreaFraction)
            return Refuse(BoxRejection.TooSmall, $"box area {area:P1} of the frame is under {options.MinAreaFraction:P0}");
        if (area > options.MaxAreaFraction)
            return Refuse(BoxRejection.TooLarge, $"box area {area:P1} of the frame is over {options.MaxAreaFraction:P0}");
        return new BoxResult(box, BoxRejection.None, "kept", components.Count, area);
    }
}
