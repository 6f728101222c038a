using EndoKED.Portal.Client.Features.Review.MaskEditing;

namespace EndoKED.Portal.Tests.Client.Features.Review.MaskEditing;

public class MaskEditorModelTests
{
    [Fact]
    public void A_brush_stroke_paints_a_band_and_the_eraser_takes_it_back()
    {
        var model = new MaskEditorModel(40, 30);
        model.Checkpoint();
        var band = model.Stroke(5, 10, 30, 10, 2, erase: false);
        Assert.Equal((8, 12), band);
        Assert.Equal(1, model.Mask[(10 * 40) + 20]);
        Assert.Equal(0, model.Mask[(20 * 40) + 20]);
        model.Checkpoint();
        model.Stroke(0, 10, 39, 10, 3, erase: true);
        Assert.Equal(0, model.Area);
    }

    [Fact]
    public void Undo_and_redo_step_through_whole_actions()
    {
        var model = new MaskEditorModel(10, 10);
        model.Checkpoint();
        model.Stroke(5, 5, 5, 5, 1, erase: false);
        var afterStroke = model.Area;
        Assert.True(afterStroke > 0);
        Assert.True(model.Undo());
        Assert.Equal(0, model.Area);
        Assert.True(model.Redo());
        Assert.Equal(afterStroke, model.Area);
        Assert.False(model.Redo());
    }

    [Fact]
    public void Fill_floods_the_enclosed_region_and_not_beyond_its_outline()
    {
        var model = new MaskEditorModel(12, 12);
        model.Polygon([(2, 2), (10, 2), (10, 10), (2, 10)], erase: false);
        model.Polygon([(4, 4), (8, 4), (8, 8), (4, 8)], erase: true); // a hole
        var before = model.Area;
        model.Checkpoint();
        model.Fill(6, 6);
        Assert.Equal(64, model.Area);
        Assert.True(before < 64);
        model.Fill(0, 0); // the outside becomes foreground too
        Assert.Equal(144, model.Area);
    }

    [Fact]
    public void A_polygon_fills_the_pixels_whose_centres_it_contains()
    {
        var model = new MaskEditorModel(10, 10);
        model.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], erase: false);
        Assert.Equal(16, model.Area);
        Assert.Equal(1, model.Mask[(3 * 10) + 3]);
        Assert.Equal(0, model.Mask[(4 * 10) + 4]);
    }
}
