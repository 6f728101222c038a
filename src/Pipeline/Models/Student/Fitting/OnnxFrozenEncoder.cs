using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Student.Exporting;
using EndoKED.Pipeline.Models.Student;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace EndoKED.Pipeline.Models.Student.Fitting;

/// <summary>
/// A frozen ResNet-18 encoder run by ONNX Runtime on the CPU: its weights never change while the decoder trains, so its
/// graph is written once (the exporter's own nodes) and every batch's feature maps come from the session. On the
/// project's 2-core machines this forward is about five times faster than libtorch's, which makes it most of an
/// epoch's saving (see <c>bench student</c>).
/// </summary>
public sealed class OnnxFrozenEncoder : IFrozenEncoder
{
    private readonly OnnxSession _session;
    private readonly string[] _outputs;
    private readonly int _size;

    private OnnxFrozenEncoder(ResNetUNet network, int threads)
    {
        _size = network.Options.InputSize;
        _session = OnnxSessionFactory.Create(ResNetUNetOnnx.EncoderModel(network.Encoder, _size),
            new OnnxRuntimeOptions { PreferCuda = false, IntraOpThreads = threads });
        _outputs = [.. _session.Session.OutputNames];
    }

    /// <summary>Attaches a session to a network whose encoder is frozen; returns null (nothing to attach) otherwise. Disposing detaches it.</summary>
    public static IDisposable? Attach(StudentNetwork network, int threads)
    {
        if (network is not ResNetUNet { Options.FreezeEncoder: true } resnet) return null;
        var encoder = new OnnxFrozenEncoder(resnet, threads);
        resnet.FrozenEncoder = encoder;
        return new Detach(resnet, encoder);
    }

    public Tensor[] Encode(Tensor input)
    {
        var batch = input.shape[0];
        var values = input.contiguous().data<float>().ToArray();
        using var tensor = OrtValue.CreateTensorValueFromMemory(values, [batch, 3, _size, _size]);
        using var run = new RunOptions();
        using var results = _session.Session.Run(run, [StudentOnnxExporter.Input], [tensor], _outputs);
        var maps = new Tensor[results.Count];
        for (var i = 0; i < results.Count; i++)
        {
            var shape = results[i].GetTensorTypeAndShape().Shape;
            maps[i] = torch.tensor(results[i].GetTensorDataAsSpan<float>().ToArray(), shape);
        }
        return maps;
    }

    public void Dispose() => _session.Dispose();

    private sealed class Detach(ResNetUNet network, OnnxFrozenEncoder encoder) : IDisposable
    {
        public void Dispose()
        {
            if (ReferenceEquals(network.FrozenEncoder, encoder)) network.FrozenEncoder = null;
            encoder.Dispose();
        }
    }
}
