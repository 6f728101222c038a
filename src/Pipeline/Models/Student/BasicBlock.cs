using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student;

/// <summary>
/// ResNet's basic block: 3×3 conv (stride s) → BatchNorm → ReLU → 3×3 conv → BatchNorm, plus the input (through a
/// 1×1 stride-s conv and BatchNorm when the width or stride changes), then ReLU.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d? down_conv;
    private readonly BatchNorm2d? down_bn;

    public BasicBlock(string name, long inChannels, long outChannels, long stride) : base(name)
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
        {
            down_conv = nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false);
            down_bn = nn.BatchNorm2d(outChannels);
        }
        RegisterComponents();
        Stride = stride;
    }

    public long Stride { get; }

    public (Conv2d Conv, BatchNorm2d Norm) First => (conv1, bn1);
    public (Conv2d Conv, BatchNorm2d Norm) Second => (conv2, bn2);

    /// <summary>The shortcut's 1×1 conv and norm, or null when the input is added as it is.</summary>
    public (Conv2d Conv, BatchNorm2d Norm)? Shortcut => down_conv is null ? null : (down_conv, down_bn!);

    public override Tensor forward(Tensor x)
    {
        // Intermediates belong to the caller's dispose scope.
        var a = nn.functional.relu(bn1.call(conv1.call(x)));
        var b = bn2.call(conv2.call(a));
        var identity = down_conv is null ? x : down_bn!.call(down_conv.call(x));
        return nn.functional.relu(b + identity);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            conv2.Dispose();
            bn2.Dispose();
            down_conv?.Dispose();
            down_bn?.Dispose();
        }
        base.Dispose(disposing);
    }
}
