using EndoKED.Pipeline.Features.Demo.Planning;
using EndoKED.Pipeline.Features.Demo.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Png;

namespace EndoKED.Pipeline.Features.Demo.Generating;

/// <summary>Renders an examination's frames into its ingest folder and their masks into the ground-truth folder.</summary>
internal sealed class ExaminationFrameWriter(int width, int height, IImageEncoder jpeg, IImageEncoder mask)
{
    private readonly SceneSampler _sampler = new(width, height);
    private readonly SyntheticFrameRenderer _renderer = new();
    private readonly PngEncoder _png = new();

    public IReadOnlyList<TruthFrame> Write(ExaminationPlan plan, string examDir, string truthDir)
    {
        var frames = new List<TruthFrame>(plan.FramePolyps.Count);
        for (var k = 0; k < plan.FramePolyps.Count; k++)
        {
            var inView = plan.FramePolyps[k];
            var polyps = plan.Polyps.Where(p => inView.Contains(p.Id)).Select(p => new PolypToPlace(p.Id, p.Appearance, p.SizeMm)).ToArray();
            var scene = _sampler.Sample(DemoRandom.For(plan.Seed, 0xF4A3, (ulong)k).NextULong(), plan.Centre.Field, plan.Centre.Mucosa, polyps);
            using var rendered = _renderer.Render(scene);
            var stem = $"frame_{k + 1:D2}";
            var file = stem + plan.Centre.FrameExtension;
            rendered.Image.Save(Path.Combine(examDir, file), plan.Centre.Format == FrameFormat.Jpeg ? jpeg : _png);
            rendered.Mask.Save(Path.Combine(truthDir, stem + ".png"), mask);
            frames.Add(new TruthFrame(file, stem + ".png", inView, rendered.Boxes.Select(TruthBox.From).ToArray()));
        }

        return frames;
    }
}
