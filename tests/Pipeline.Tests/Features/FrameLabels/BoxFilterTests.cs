using EndoKED.Pipeline.Features.FrameLabels.Localising;

namespace EndoKED.Pipeline.Tests.Features.FrameLabels;

public sealed class BoxFilterTests
{
    private const int Width = 384;
    private const int Height = 288;
    private static readonly CamLocaliser Paper = new(new BoxFilterOptions());

    /// <summary>A 7x7 CAM with the given cells set to 1 and the rest to 0.</summary>
    private static float[] Cam(params (int Row, int Col)[] hot)
    {
        var cam = new float[49];
        foreach (var (r, c) in hot)
            cam[r * 7 + c] = 1;
        return cam;
    }

    [Fact]
    public void A_single_central_blob_gives_a_kept_box_around_its_cell()
    {
        var result = Paper.Localise(Cam((3, 3)), 7, Width, Height);

        Assert.True(result.Accepted, result.Reason);
        var box = Assert.IsType<PixelBox>(result.Box);
        Assert.InRange(box.Centre.X, Width / 2.0 - 4, Width / 2.0 + 4);
        Assert.InRange(box.Centre.Y, Height / 2.0 - 4, Height / 2.0 + 4);
        Assert.InRange(result.AreaFraction, 0.01, 0.05);
        Assert.Equal(1, result.Components);
    }

    [Fact]
    public void A_flat_cam_is_refused_for_lack_of_activation()
    {
        var result = Paper.Localise(new float[49], 7, Width, Height);

        Assert.Equal(BoxRejection.NoActivation, result.Rejection);
        Assert.Null(result.Box);
    }

    [Fact]
    public void Three_separate_blobs_are_refused_as_scattered()
    {
        var result = Paper.Localise(Cam((1, 1), (1, 5), (5, 3)), 7, Width, Height);

        Assert.Equal(BoxRejection.TooManyComponents, result.Rejection);
        Assert.Equal(3, result.Components);
        Assert.NotNull(result.Candidate);
        Assert.Null(result.Box);
    }

    [Fact]
    public void Two_blobs_keep_the_box_of_the_larger_one()
    {
        var result = Paper.Localise(Cam((2, 1), (3, 1), (4, 5)), 7, Width, Height);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(2, result.Components);
        Assert.True(result.Box!.Centre.X < Width / 2.0, "the two-cell blob on the left is the larger one");
    }

    [Fact]
    public void A_blob_at_the_image_edge_is_refused_as_touching_the_border()
    {
        var result = Paper.Localise(Cam((3, 0)), 7, Width, Height);

        Assert.Equal(BoxRejection.TouchesBorder, result.Rejection);
        Assert.Equal(0, result.Candidate!.X0);
    }

    [Fact]
    public void A_tight_peak_under_one_percent_of_the_frame_is_refused_as_too_small()
    {
        var strict = new CamLocaliser(new BoxFilterOptions { CamThreshold = 0.85 });

        var result = strict.Localise(Cam((3, 3)), 7, Width, Height);

        Assert.Equal(BoxRejection.TooSmall, result.Rejection);
        Assert.True(result.AreaFraction < 0.01);
    }

    [Fact]
    public void A_blob_over_a_third_of_the_frame_is_refused_as_too_large()
    {
        var block = (from r in Enumerable.Range(1, 5) from c in Enumerable.Range(1, 5) select (r, c)).ToArray();

        var result = Paper.Localise(Cam(block), 7, Width, Height);

        Assert.Equal(BoxRejection.TooLarge, result.Rejection);
        Assert.True(result.AreaFraction > 0.35);
    }

    [Fact]
    public void Raising_the_area_limit_keeps_the_large_box()
    {
        var block = (from r in Enumerable.Range(1, 5) from c in Enumerable.Range(1, 5) select (r, c)).ToArray();
        var lenient = new CamLocaliser(new BoxFilterOptions { MaxAreaFraction = 0.6 });

        Assert.True(lenient.Localise(Cam(block), 7, Width, Height).Accepted);
    }

    [Fact]
    public void A_smaller_candidate_is_kept_when_the_largest_touches_the_border_and_each_keeps_its_verdict()
    {
        var result = Paper.Localise(Cam((2, 0), (3, 0), (4, 0), (3, 4)), 7, Width, Height);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(2, result.Candidates.Count);
        Assert.Equal(BoxRejection.TouchesBorder, result.Candidates[0].Rejection);
        Assert.Contains("border", result.Candidates[0].Reason);
        Assert.True(result.Candidates[1].Accepted);
        Assert.Equal(result.Candidates[1].Box, result.Box);
        Assert.True(result.Box!.Centre.X > Width / 2.0, "the kept box is the interior blob on the right");
    }

    [Fact]
    public void When_no_candidate_passes_the_largest_is_shown_and_every_reason_is_kept()
    {
        var result = Paper.Localise(Cam((2, 0), (3, 0), (4, 0), (3, 6)), 7, Width, Height);

        Assert.False(result.Accepted);
        Assert.Equal(BoxRejection.TouchesBorder, result.Rejection);
        Assert.Equal(result.Candidates[0].Box, result.Candidate);
        Assert.All(result.Candidates, c => Assert.Equal(BoxRejection.TouchesBorder, c.Rejection));
        Assert.Contains("candidate 2", result.Reason);
    }

    [Fact]
    public void Every_candidate_of_a_scattered_frame_is_refused_as_scattered()
    {
        var result = Paper.Localise(Cam((1, 1), (1, 5), (5, 3)), 7, Width, Height);

        Assert.Equal(3, result.Candidates.Count);
        Assert.All(result.Candidates, c => Assert.Equal(BoxRejection.TooManyComponents, c.Rejection));
    }

    [Fact]
    public void A_speck_far_smaller_than_the_largest_region_neither_scatters_the_map_nor_becomes_a_candidate()
    {
        var cam = Cam((2, 2), (2, 3), (3, 2), (3, 3), (1, 5));
        cam[1 * 7 + 5] = 0.56f; // a weak lone cell: only its peak clears the threshold
        var counted = new CamLocaliser(new BoxFilterOptions { RejectAtComponents = 2, MinComponentFraction = 0 });
        var specksIgnored = new CamLocaliser(new BoxFilterOptions { RejectAtComponents = 2 });

        Assert.Equal(BoxRejection.TooManyComponents, counted.Localise(cam, 7, Width, Height).Rejection);
        var result = specksIgnored.Localise(cam, 7, Width, Height);
        Assert.True(result.Accepted, result.Reason);
        Assert.Single(result.Candidates);
    }

    [Fact]
    public void Connected_components_join_diagonal_neighbours_and_sort_by_size()
    {
        byte[] mask =
        [
            255, 0, 0, 255,
            0, 255, 0, 255,
            0, 0, 0, 255,
        ];
        using var foreground = OpenCvSharp.Mat.FromPixelData(3, 4, OpenCvSharp.MatType.CV_8UC1, mask);

        var components = ConnectedComponents.Find(foreground);

        Assert.Equal(2, components.Count);
        Assert.Equal(3, components[0].Pixels);
        Assert.Equal(new PixelBox(3, 0, 4, 3), components[0].Bounds);
        Assert.Equal(new PixelBox(0, 0, 2, 2), components[1].Bounds);
    }

    [Fact]
    public void A_box_refused_for_touching_the_border_carries_the_cams_own_region_as_a_seed_when_seeds_are_on()
    {
        var seeding = new CamLocaliser(new BoxFilterOptions { SeedRefused = true });

        var result = seeding.Localise(Cam((3, 0), (3, 1)), 7, Width, Height);

        Assert.Equal(BoxRejection.TouchesBorder, result.Rejection);
        var seed = Assert.IsType<EndoKED.Pipeline.Models.Masks.BinaryMask>(result.Seed);
        Assert.Equal((Width, Height), (seed.Width, seed.Height));
        var box = result.Candidate!;
        var pixels = seed.Pixels;
        var (inside, outside) = (0, 0);
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                if (pixels[y * Width + x] != 0)
                {
                    if (x >= box.X0 && x < box.X1 && y >= box.Y0 && y < box.Y1) inside++;
                    else outside++;
                }
        Assert.Equal(0, outside);
        // The hot cells span columns 0..1 of row 3: the seed covers their middle and fills a fair share of the box.
        Assert.True(inside > 0.3 * box.Area, $"{inside} of {box.Area}");
        Assert.NotEqual(0, pixels[(Height / 2) * Width + Width / 14]);
        Assert.Contains("seeds>=", seeding.Version);
    }

    [Fact]
    public void Seeds_are_only_for_boxes_refused_for_touching_the_border_and_only_when_asked_for()
    {
        var seeding = new CamLocaliser(new BoxFilterOptions { SeedRefused = true });

        Assert.Null(seeding.Localise(Cam((3, 3)), 7, Width, Height).Seed); // kept: the box is the prompt
        Assert.Null(seeding.Localise(Cam((1, 1), (1, 5), (5, 3)), 7, Width, Height).Seed); // scattered: no region to trust
        Assert.Null(seeding.Localise(new float[49], 7, Width, Height).Seed); // nothing
        var tooLarge = seeding.Localise(Cam([.. from r in Enumerable.Range(1, 5) from c in Enumerable.Range(1, 5) select (r, c)]), 7, Width, Height);
        Assert.Equal(BoxRejection.TooLarge, tooLarge.Rejection);
        Assert.Null(tooLarge.Seed); // a region over the area limit is no polyp's seed
        var off = new CamLocaliser(new BoxFilterOptions { SeedRefused = false });
        Assert.Null(off.Localise(Cam((3, 0)), 7, Width, Height).Seed);
        Assert.DoesNotContain("seeds", off.Version);
    }

    [Fact]
    public void A_seeded_mask_stands_only_when_it_is_drawn_good_enough_and_no_larger_than_a_box_may_be()
    {
        static EndoKED.Pipeline.Models.Refining.MaskProposal Mask(int side, double quality) => new(
            EndoKED.Pipeline.Models.Masks.BinaryMask.FromPredicate(100, 100, (x, y) => x < side && y < side), quality, "embedded", "v");

        Assert.Null(CamLocaliser.SeededMaskRefusal(Mask(50, 0.6), 0.5, 0.35)); // 25 % of the frame
        Assert.Contains("quality", CamLocaliser.SeededMaskRefusal(Mask(50, 0.4), 0.5, 0.35));
        Assert.Contains("covers 49 %", CamLocaliser.SeededMaskRefusal(Mask(70, 0.9), 0.5, 0.35));
        Assert.Contains("nothing", CamLocaliser.SeededMaskRefusal(Mask(0, 0.9), 0.5, 0.35));
    }
}
