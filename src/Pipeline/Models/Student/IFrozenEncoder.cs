using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student;

/// <summary>Computes a frozen encoder's feature maps (N×C×h×w each, in the encoder's order) for an N×3×S×S batch.</summary>
public interface IFrozenEncoder : IDisposable
{
    Tensor[] Encode(Tensor input);
}
