using EndoKED.Pipeline.Models.ResNet18;

namespace EndoKED.Pipeline.Features.FrameLabels.Localising;

/// <summary>
/// One class activation map (cell logits, row-major, <see cref="Side"/>×<see cref="Side"/>) and where its cells sit
/// on the network's 224×224 input: cell i is centred <see cref="FirstCellCentre"/> + i·<see cref="Stride"/> pixels
/// from the left (or top) edge, of the mirrored input when <see cref="Mirrored"/>.
/// </summary>
public sealed record CamLayer(float[] Cells, int Side, double Stride, double FirstCellCentre, bool Mirrored)
{
    /// <summary>The last feature map's CAM: 7×7, stride 32, cell i centred at 16 + 32i.</summary>
    public static CamLayer Coarse(float[] cells, bool mirrored = false) => Even(cells, FrameFeatures.MapSide, mirrored);

    /// <summary>The à trous last stage's CAM: 14×14, stride 16, cell 2i on the coarse cell i (so cell j centred at 16 + 16j).</summary>
    public static CamLayer Fine(float[] cells, bool mirrored = false) =>
        new(cells, ResNet18Features.FineMapSide, 16, 16, mirrored);

    /// <summary>A square map that tiles the input evenly (cell i centred at (i + 0.5)·224/side); for the 7×7 map, <see cref="Coarse"/>.</summary>
    public static CamLayer Even(float[] cells, int side, bool mirrored = false) =>
        new(cells, side, (double)FramePreparer.Side / side, FramePreparer.Side / (2.0 * side), mirrored);

    public string Name => $"s{Stride:0}{(Mirrored ? "m" : "")}";
}
