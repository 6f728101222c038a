using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student;

/// <summary>
/// The student trained from scratch (<see cref="StudentEncoders.Plain"/>): a small U-Net of
/// <see cref="StudentOptions.Levels"/> levels of <see cref="ConvBlock"/>s, 2×2 max-pooling down, 2×2 stride-2 transposed convolutions up, skip connections concatenated (skip first), and a 1×1 convolution to one
/// polyp logit per pixel. Input: N×3×S×S RGB scaled to [0, 1]. Transposed convolutions rather than bilinear resizing
/// keep the ONNX graph free of interpolation-mode differences between libtorch and ONNX Runtime.
/// </summary>
public sealed class PlainUNet : StudentNetwork
{
    private readonly ModuleList<ConvBlock> encoders = new();
    private readonly ModuleList<ConvTranspose2d> ups = new();
    private readonly ModuleList<ConvBlock> decoders = new();
    private readonly Conv2d head;

    /// <summary>Builds the network with weights drawn from <see cref="StudentOptions.Seed"/>: equal options, equal weights.</summary>
    public PlainUNet(StudentOptions options) : base("student_unet", options)
    {
        long Width(int level) => (long)options.BaseChannels << level;
        for (var level = 0; level < options.Levels; level++)
            encoders.Add(new ConvBlock($"enc{level}", level == 0 ? 3 : Width(level - 1), Width(level)));
        for (var level = options.Levels - 2; level >= 0; level--)
        {
            ups.Add(nn.ConvTranspose2d(Width(level + 1), Width(level), 2, stride: 2));
            decoders.Add(new ConvBlock($"dec{level}", 2 * Width(level), Width(level)));
        }
        head = nn.Conv2d(Width(0), 1, 1);
        RegisterComponents();
        InitialiseWeights(options.Seed);
    }

    internal IReadOnlyList<ConvBlock> Encoders => [.. encoders];
    internal IReadOnlyList<ConvTranspose2d> Ups => [.. ups];
    internal IReadOnlyList<ConvBlock> Decoders => [.. decoders];
    internal Conv2d Head => head;

    /// <summary>N×1×S×S logits.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var skips = new List<Tensor>();
        var h = encoders[0].call(x);
        for (var level = 1; level < encoders.Count; level++)
        {
            skips.Add(h);
            h = encoders[level].call(nn.functional.max_pool2d(h, 2, 2));
        }
        for (var i = 0; i < ups.Count; i++)
        {
            var skip = skips[skips.Count - 1 - i];
            h = decoders[i].call(torch.cat([skip, ups[i].call(h)], 1));
        }
        return head.call(h).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var m in encoders) m.Dispose();
            foreach (var m in ups) m.Dispose();
            foreach (var m in decoders) m.Dispose();
            head.Dispose();
        }
        base.Dispose(disposing);
    }
}
