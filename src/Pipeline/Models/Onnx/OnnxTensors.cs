using EndoKED.Pipeline.Models.Onnx.Proto;

namespace EndoKED.Pipeline.Models.Onnx;

/// <summary>Reading stored ONNX tensors (the packaged models keep their floats either as float_data or as raw little-endian bytes).</summary>
public static class OnnxTensors
{
    public static float[] Floats(TensorProto tensor) => tensor.FloatData.Count > 0
        ? [.. tensor.FloatData]
        : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
}
