using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace EndoKED.Pipeline.Models.Refining.Sam;

/// <summary>
/// The names, ranks and element types the two sessions declare, read once, and the tensors made to match them.
/// Decoder inputs it does not know are refused at load, naming them, rather than failing on the first frame.
/// </summary>
internal sealed record SamSignature(
    string EncoderInput, bool EncoderTakesInterleaved, string EncoderOutput,
    IReadOnlyDictionary<string, TensorElementType> DecoderInputTypes, string EmbeddingInput, string MaskOutput, string IouOutput)
{
    private static readonly string[] Known = ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"];

    public static SamSignature Read(InferenceSession encoder, InferenceSession decoder)
    {
        var (inputName, input) = encoder.InputMetadata.First();
        var interleaved = input.Dimensions.Length == 3;
        if (!interleaved && input.Dimensions.Length != 4)
            throw new InvalidDataException($"The SAM encoder's input '{inputName}' has rank {input.Dimensions.Length}; expected 1x3x1024x1024 or HxWx3.");
        var encoderOutput = encoder.OutputMetadata.Keys.FirstOrDefault(k => k == "image_embeddings") ?? encoder.OutputMetadata.Keys.First();

        var types = decoder.InputMetadata.ToDictionary(kv => kv.Key, kv => kv.Value.ElementDataType);
        var unknown = types.Keys.Except(Known).ToList();
        if (unknown.Count > 0)
            throw new InvalidDataException($"The SAM decoder asks for inputs this refiner does not know: {string.Join(", ", unknown)} (known: {string.Join(", ", Known)}).");
        foreach (var required in new[] { "image_embeddings", "point_coords", "point_labels" })
            if (!types.ContainsKey(required))
                throw new InvalidDataException($"The SAM decoder has no '{required}' input; it is not the standard box-promptable export.");

        var outputs = decoder.OutputMetadata.Keys.ToList();
        var masks = outputs.FirstOrDefault(o => o == "masks") ?? outputs[0];
        var iou = outputs.FirstOrDefault(o => o.Contains("iou", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException("The SAM decoder has no IoU prediction output.");
        return new SamSignature(inputName, interleaved, encoderOutput, types, "image_embeddings", masks, iou);
    }

    public OrtValue ImageTensor(SamImage geometry, Mat bgr) => EncoderTakesInterleaved
        ? OrtValue.CreateTensorValueFromMemory(geometry.Interleaved(bgr), [geometry.ResizedHeight, geometry.ResizedWidth, 3])
        : OrtValue.CreateTensorValueFromMemory(geometry.Planar(bgr), [1, 3, SamImage.Side, SamImage.Side]);

    /// <summary>The decoder's inputs for one box (model coordinates x0, y0, x1, y1), in the order it declares them.</summary>
    public Dictionary<string, OrtValue> DecoderInputs(OrtValue embeddings, float[] box, int width, int height)
    {
        var values = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        foreach (var (name, type) in DecoderInputTypes)
        {
            values[name] = name switch
            {
                "image_embeddings" => embeddings,
                "point_coords" => Tensor(type, box, [1, 2, 2]),
                "point_labels" => Tensor(type, [2, 3], [1, 2]), // 2 = top-left box corner, 3 = bottom-right
                "mask_input" => Tensor(type, new float[256 * 256], [1, 1, 256, 256]),
                "has_mask_input" => Tensor(type, [0], [1]),
                _ => Tensor(type, [height, width], [2]), // orig_im_size is (H, W)
            };
        }
        return values;
    }

    private static OrtValue Tensor(TensorElementType type, float[] values, long[] shape) => type switch
    {
        TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(values, shape),
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(values.Select(v => (long)v).ToArray(), shape),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(values.Select(v => (int)v).ToArray(), shape),
        _ => throw new InvalidDataException($"SAM decoder input of element type {type} is not supported."),
    };
}
