using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student;

/// <summary>Two 3×3 Conv (no bias) → BatchNorm → ReLU stages: the unit of every U-Net level.</summary>
public sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d norm1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d norm2;

    public ConvBlock(string name, long inChannels, long outChannels) : base(name)
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
        norm1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        norm2 = nn.BatchNorm2d(outChannels);
        RegisterComponents();
    }

    /// <summary>The two conv/norm pairs in order, for the exporter.</summary>
    public IReadOnlyList<(Conv2d Conv, BatchNorm2d Norm)> Stages => [(conv1, norm1), (conv2, norm2)];

    public override Tensor forward(Tensor x)
    {
        // Intermediates belong to the caller's dispose scope (StudentNetwork.forward opens one).
        var a = nn.functional.relu(norm1.call(conv1.call(x)));
        return nn.functional.relu(norm2.call(conv2.call(a)));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            norm1.Dispose();
            conv2.Dispose();
            norm2.Dispose();
        }
        base.Dispose(disposing);
    }
}
