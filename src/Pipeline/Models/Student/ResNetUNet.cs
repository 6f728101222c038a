using EndoKED.Pipeline.Models.ResNet18;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student;

/// <summary>
/// The student with a pretrained encoder (<see cref="StudentEncoders.ResNet18"/>): the packaged ImageNet ResNet-18's
/// five feature maps as a U-Net's encoder, and a decoder of four levels (2×2 stride-2 transposed convolution, the
/// encoder's map of that resolution concatenated, a <see cref="ConvBlock"/>) of 8B, 4B, 2B and B channels
/// (B = <see cref="StudentOptions.BaseChannels"/>) from S/16 to S/2, then a 2×2 stride-2 transposed convolution to one
/// logit per pixel at S. With <see cref="StudentOptions.FreezeEncoder"/> the encoder runs without gradients and keeps
/// its ImageNet BatchNorm statistics (it stays in eval mode while the decoder trains).
/// </summary>
public sealed class ResNetUNet : StudentNetwork
{
    /// <summary>The encoder's total downsampling: the input side must be a multiple of it.</summary>
    public const int Stride = 32;

    private readonly ResNet18Backbone encoder;
    private readonly ModuleList<ConvTranspose2d> ups = new();
    private readonly ModuleList<ConvBlock> decoders = new();
    private readonly ConvTranspose2d head;

    /// <summary>The encoder from <paramref name="weights"/> (default: the package beside the program), the decoder drawn from the seed.</summary>
    public ResNetUNet(StudentOptions options, ResNet18Options? weights = null) : base("student_resnet_unet", options)
    {
        encoder = new ResNet18Backbone("encoder");
        var previous = ResNet18Backbone.Widths[^1];
        for (var level = 3; level >= 0; level--)
        {
            var width = (long)options.BaseChannels << level;
            ups.Add(nn.ConvTranspose2d(previous, width, 2, stride: 2));
            decoders.Add(new ConvBlock($"dec{level}", ResNet18Backbone.Widths[level] + width, width));
            previous = width;
        }
        head = nn.ConvTranspose2d(options.BaseChannels, 1, 2, stride: 2);
        RegisterComponents();
        InitialiseWeights(options.Seed, name => !name.StartsWith("encoder.", StringComparison.Ordinal));
        ResNet18Weights.Load(encoder, weights ?? new ResNet18Options());
        if (options.FreezeEncoder)
        {
            foreach (var p in encoder.parameters()) p.requires_grad = false;
            encoder.eval();
        }
    }

    internal ResNet18Backbone Encoder => encoder;

    /// <summary>
    /// Another runtime computing the frozen encoder's maps (the trainer attaches ONNX Runtime, several times faster on a
    /// CPU than libtorch for this forward-only part); null uses the encoder module. Ignored when the encoder is trained.
    /// </summary>
    public IFrozenEncoder? FrozenEncoder { get; set; }
    internal IReadOnlyList<ConvTranspose2d> Ups => [.. ups];
    internal IReadOnlyList<ConvBlock> Decoders => [.. decoders];
    internal ConvTranspose2d Head => head;

    /// <summary>Sets the mode; a frozen encoder stays in eval mode.</summary>
    public override void train(bool train = true)
    {
        base.train(train);
        if (Options.FreezeEncoder) encoder.eval();
    }

    /// <summary>N×1×S×S logits.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] features;
        if (Options.FreezeEncoder)
        {
            using var noGrad = torch.no_grad();
            features = FrozenEncoder?.Encode(x) ?? encoder.call(x);
        }
        else
        {
            features = encoder.call(x);
        }
        var h = features[^1];
        for (var i = 0; i < ups.Count; i++)
            h = decoders[i].call(torch.cat([features[3 - i], ups[i].call(h)], 1));
        return head.call(h).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            foreach (var m in ups) m.Dispose();
            foreach (var m in decoders) m.Dispose();
            head.Dispose();
        }
        base.Dispose(disposing);
    }
}
