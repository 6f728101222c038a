using EndoKED.Pipeline.Models.Torch;
using EndoKED.Pipeline.Models.Mil;
using TorchSharp;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student;

/// <summary>
/// The student segmentation network: N×3×S×S RGB in [0, 1] in, N×1×S×S polyp logits out. <see cref="Create"/> builds
/// the architecture <see cref="StudentOptions.Encoder"/> names: <see cref="PlainUNet"/> (trained from scratch) or
/// <see cref="ResNetUNet"/> (the packaged ImageNet ResNet-18 as its encoder).
/// </summary>
public abstract class StudentNetwork : nn.Module<Tensor, Tensor>
{
    protected StudentNetwork(string name, StudentOptions options) : base(name)
    {
        options.Validate();
        TorchEnvironment.EnsurePrepared();
        Options = options;
    }

    public StudentOptions Options { get; }

    /// <summary>Builds the network <paramref name="options"/> describe; equal options give equal weights.</summary>
    public static StudentNetwork Create(StudentOptions options) => options.Encoder switch
    {
        StudentEncoders.ResNet18 => new ResNetUNet(options),
        _ => new PlainUNet(options),
    };

    /// <summary>The parameters the optimiser updates (a frozen encoder's are left out).</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad);

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

    /// <summary>Number of values the optimiser trains (frozen weights and BatchNorm running statistics excluded).</summary>
    public long ParameterCount() => TrainableParameters().Sum(p => p.numel());

    /// <summary>
    /// PyTorch's default scheme (uniform in ±1/√fan-in for convolution weights and biases; BatchNorm 1 and 0) for the
    /// parameters <paramref name="include"/> selects, drawn from a private <see cref="Random"/>: libtorch's global
    /// generator is shared by every thread of the process, so seeding it would not make two networks built at the same
    /// time equal.
    /// </summary>
    protected void InitialiseWeights(int seed, Func<string, bool>? include = null)
    {
        var random = new Random(seed);
        using var noGrad = torch.no_grad();
        var all = named_parameters().ToList();
        foreach (var (name, p) in all)
        {
            if (include is not null && !include(name)) continue;
            if (p.dim() < 2 && !name.EndsWith(".bias", StringComparison.Ordinal)) continue;
            if (p.dim() < 2 && name.Contains("norm", StringComparison.Ordinal)) continue;
            var weight = p.dim() >= 2 ? p : all.First(q => q.name == name[..^".bias".Length] + ".weight").parameter;
            var fanIn = weight.shape[1] * weight.shape[2] * weight.shape[3];
            var bound = 1 / Math.Sqrt(fanIn);
            var values = new float[p.numel()];
            for (var i = 0; i < values.Length; i++)
                values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
            using var t = torch.tensor(values, p.shape);
            p.copy_(t);
        }
    }
}
