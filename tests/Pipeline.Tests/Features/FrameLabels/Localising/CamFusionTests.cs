using EndoKED.Pipeline.Features.FrameLabels.Localising;
using OpenCvSharp;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels.Localising;

public sealed class CamFusionTests
{
    private const int Width = 384;
    private const int Height = 288;

    private static float[] Hot(int side, params (int Row, int Col)[] cells)
    {
        var cam = new float[side * side];
        foreach (var (r, c) in cells) cam[r * side + c] = 1;
        return cam;
    }

    private static (int X, int Y) Peak(CamLayer layer)
    {
        using var heat = CamFusion.Fuse([layer], Width, Height);
        Cv2.MinMaxLoc(heat, out _, out _, out _, out Point max);
        return (max.X, max.Y);
    }

    private static void Near((int X, int Y) expected, (int X, int Y) actual, int pixels, string what)
    {
        Assert.True(Math.Abs(expected.X - actual.X) <= pixels && Math.Abs(expected.Y - actual.Y) <= pixels,
            $"{what}: peak at {actual}, expected within {pixels} px of {expected}");
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 3)]
    [InlineData(5, 1)]
    public void A_mirrored_coarse_map_lands_where_the_map_of_the_unmirrored_frame_does(int row, int col)
    {
        var plain = Peak(CamLayer.Coarse(Hot(7, (row, col))));
        var mirrored = Peak(CamLayer.Coarse(Hot(7, (row, 6 - col)), mirrored: true));

        Near(plain, mirrored, 2, "mirrored 7x7");
    }

    [Theory]
    [InlineData(2, 9)]
    [InlineData(6, 6)]
    [InlineData(11, 3)]
    public void A_mirrored_fine_map_lands_where_the_map_of_the_unmirrored_frame_does(int row, int col)
    {
        // The 14x14 cells are centred at 16 + 16j on the input, so the mirror of cell j is cell 12 - j, not 13 - j.
        var plain = Peak(CamLayer.Fine(Hot(14, (row, col))));
        var mirrored = Peak(CamLayer.Fine(Hot(14, (row, 12 - col)), mirrored: true));

        Near(plain, mirrored, 2, "mirrored 14x14");
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(4, 5)]
    public void A_fine_cell_lands_on_the_coarse_cell_it_refines(int row, int col)
    {
        var coarse = Peak(CamLayer.Coarse(Hot(7, (row, col))));
        var fine = Peak(CamLayer.Fine(Hot(14, (2 * row, 2 * col))));

        Near(coarse, fine, 2, "fine cell 2i on coarse cell i");
    }

    [Fact]
    public void A_fine_cell_between_two_coarse_cells_lands_halfway_between_them()
    {
        var left = Peak(CamLayer.Coarse(Hot(7, (3, 2))));
        var right = Peak(CamLayer.Coarse(Hot(7, (3, 3))));
        var between = Peak(CamLayer.Fine(Hot(14, (6, 5))));

        Near(((left.X + right.X) / 2, left.Y), between, 2, "fine cell 5 between coarse cells 2 and 3");
    }

    [Fact]
    public void Fused_views_are_normalised_to_the_unit_range_and_a_flat_view_adds_nothing_but_zeros()
    {
        using var heat = CamFusion.Fuse([CamLayer.Coarse(Hot(7, (3, 3))), CamLayer.Coarse(new float[49], mirrored: true)], Width, Height);
        Cv2.MinMaxLoc(heat, out double min, out double max);

        Assert.Equal(0, min, 6);
        Assert.Equal(1, max, 6);
    }

    [Theory]
    [InlineData(3, 3, 0.5)]
    [InlineData(2, 1, 0.5)]
    [InlineData(4, 5, 0.3)]
    [InlineData(1, 4, 0.7)]
    public void OpenCV_gives_the_box_the_managed_upsampling_and_flood_fill_gave(int row, int col, double threshold)
    {
        var cam = Hot(7, (row, col), (row + 1, col));
        cam[(row + 1) * 7 + Math.Max(0, col - 1)] = 0.6f;
        var localiser = new CamLocaliser(new BoxFilterOptions { CamThreshold = threshold, MinComponentFraction = 0 });

        var opencv = localiser.Localise(cam, 7, Width, Height).Candidate!;
        var managed = ManagedCamReference.LargestBox(cam, 7, Width, Height, threshold)!;

        foreach (var (a, b) in new[] { (opencv.X0, managed.X0), (opencv.Y0, managed.Y0), (opencv.X1, managed.X1), (opencv.Y1, managed.Y1) })
            Assert.True(Math.Abs(a - b) <= 1, $"OpenCV box {opencv} vs managed {managed}");
    }
}
