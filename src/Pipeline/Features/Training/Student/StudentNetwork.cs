using EndoKED.Pipeline.Features.FrameLabels.Scoring;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Features.Training.Student;

/// <summary>
/// A small U-Net: <see cref="StudentOptions.Levels"/> levels of <see cref="ConvBlock"/>s, 2×2 max-pooling down,
/// 2×2 stride-2 transposed convolutions up, skip connections concatenated (skip first), and a 1×1 convolution to one
/// polyp logit per pixel. Input: N×3×S×S RGB scaled to [0, 1]. Transposed convolutions rather than bilinear resizing
/// keep the ONNX graph free of interpolation-mode differences between libtorch and ONNX Runtime.
/// </summary>
public sealed class StudentNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ConvBlock> encoders = new();
    private readonly ModuleList<ConvTranspose2d> ups = new();
    private readonly ModuleList<ConvBlock> decoders = new();
    private readonly Conv2d head;

    /// <summary>Builds the network with weights drawn from <see cref="StudentOptions.Seed"/>: equal options, equal weights.</summary>
    public StudentNetwork(StudentOptions options) : base("student_unet")
    {
        options.Validate();
        TorchEnvironment.EnsurePrepared();
        Options = options;
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

    public StudentOptions Options { get; }

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

    /// <summary>Eval-mode logits (running BatchNorm statistics) for N×3×S×S inputs laid end to end; the mode is restored.</summary>
    public float[] EvalLogits(float[] input, int batch)
    {
        var size = Options.InputSize;
        var wasTraining = training;
        eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var x = torch.tensor(input, [batch, 3, size, size]);
            return call(x).contiguous().data<float>().ToArray();
        }
        finally
        {
            if (wasTraining) train();
        }
    }

    /// <summary>
    /// PyTorch's default scheme (uniform in ±1/√fan-in for convolution weights and biases; BatchNorm 1 and 0), drawn from
    /// a private <see cref="Random"/>: libtorch's global generator is shared by every thread of the process, so seeding
    /// it would not make two networks built at the same time equal.
    /// </summary>
    private void InitialiseWeights(int seed)
    {
        var random = new Random(seed);
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (p.dim() < 2 && !name.EndsWith(".bias", StringComparison.Ordinal)) continue;
            if (p.dim() < 2 && name.Contains("norm", StringComparison.Ordinal)) continue;
            var weight = p.dim() >= 2 ? p : named_parameters().First(q => q.name == name[..^".bias".Length] + ".weight").parameter;
            var fanIn = weight.shape[1] * weight.shape[2] * weight.shape[3];
            var bound = 1 / Math.Sqrt(fanIn);
            var values = new float[p.numel()];
            for (var i = 0; i < values.Length; i++)
                values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
            using var t = torch.tensor(values, p.shape);
            p.copy_(t);
        }
    }

    /// <summary>Number of trainable values (weights and biases; BatchNorm running statistics excluded).</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

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
