using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student;

/// <summary>
/// The packaged ResNet-18's convolutional body (no pooling head) returning its five feature maps: the stem (64
/// channels, S/2), then layers 1–4 (64 at S/4, 128 at S/8, 256 at S/16, 512 at S/32). The package's graph (converted
/// from CNTK) has 2, 2, 2 and 3 basic blocks in its four layers, one more in the last than torchvision's ResNet-18. Input: RGB in [0, 1]; the network first maps it
/// to what the ImageNet weights expect (0–255 minus the package's mean colour; the BGR order of the package's first
/// convolution is folded into its weights when they are loaded, see <see cref="ResNet18Weights"/>).
/// </summary>
public sealed class ResNet18Backbone : nn.Module<Tensor, Tensor[]>
{
    public static readonly long[] Widths = [64, 64, 128, 256, 512];

    /// <summary>Basic blocks per layer, layers 1 to 4, as the packaged graph has them.</summary>
    public static readonly int[] BlocksPerLayer = [2, 2, 2, 3];

    private readonly Conv2d stem_conv;
    private readonly BatchNorm2d stem_bn;
    private readonly ModuleList<BasicBlock> blocks = new();

    public ResNet18Backbone(string name) : base(name)
    {
        stem_conv = nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        stem_bn = nn.BatchNorm2d(64);
        long inChannels = 64;
        for (var layer = 1; layer <= 4; layer++)
        {
            var width = Widths[layer];
            for (var b = 0; b < BlocksPerLayer[layer - 1]; b++)
            {
                blocks.Add(new BasicBlock($"layer{layer}.{b}", inChannels, width, b == 0 && layer > 1 ? 2 : 1));
                inChannels = width;
            }
        }
        RegisterComponents();
    }

    /// <summary>Per-channel mean (RGB, 0–255 scale) subtracted after scaling the [0, 1] input by 255.</summary>
    public float[] MeanRgb { get; internal set; } = [0, 0, 0];

    public (Conv2d Conv, BatchNorm2d Norm) Stem => (stem_conv, stem_bn);

    /// <summary>Blocks in order, layers 1 to 4.</summary>
    public IReadOnlyList<BasicBlock> Blocks => [.. blocks];

    /// <summary>The index in <see cref="Blocks"/> of each layer's last block: its output is that layer's feature map.</summary>
    public static IReadOnlyList<int> LayerEnds => LayerEndIndices;

    private static readonly int[] LayerEndIndices = [.. BlocksPerLayer.Select((_, i) => BlocksPerLayer.Take(i + 1).Sum() - 1)];

    public override Tensor[] forward(Tensor x)
    {
        // Intermediates belong to the caller's dispose scope.
        var mean = torch.tensor(MeanRgb, [1, 3, 1, 1]);
        var h = nn.functional.relu(stem_bn.call(stem_conv.call((x * 255f) - mean)));
        var features = new Tensor[5];
        features[0] = h;
        h = nn.functional.max_pool2d(h, 3, 2, 1);
        for (var i = 0; i < blocks.Count; i++)
        {
            h = blocks[i].call(h);
            var layer = Array.IndexOf(LayerEndIndices, i);
            if (layer >= 0) features[1 + layer] = h;
        }
        return features;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stem_conv.Dispose();
            stem_bn.Dispose();
            foreach (var b in blocks) b.Dispose();
        }
        base.Dispose(disposing);
    }
}
