using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;
using EndoKED.Pipeline.Models.Refining.Sam;
using Google.Protobuf;
using static EndoKED.Pipeline.Models.Onnx.OnnxGraphBuilder;

namespace EndoKED.Pipeline.Tests.Features.Vision.Refining.Sam;

/// <summary>
/// An encoder/decoder pair with SAM's export signature, small enough to build in a test. The encoder averages
/// 16x16 patches and the channels (so every embedding is the mean normalised colour there); the decoder marks as polyp
/// the frame pixels whose centres, scaled by 1024 / longest side, fall inside the box corners (labels 2 and 3), and
/// predicts an IoU of sigmoid(mean embedding): both depend on the refiner scaling, normalising and padding right.
/// </summary>
public static class TinySam
{
    public static SamOptions Write(string dir, string imageInput = "images")
    {
        var encoder = Path.Combine(dir, "tiny-sam-encoder.onnx");
        var decoder = Path.Combine(dir, "tiny-sam-decoder.onnx");
        File.WriteAllBytes(encoder, Encoder(imageInput).ToByteArray());
        File.WriteAllBytes(decoder, Decoder().ToByteArray());
        return new SamOptions { EncoderPath = encoder, DecoderPath = decoder, Runtime = new OnnxRuntimeOptions { PreferCuda = false } };
    }

    private static ModelProto Encoder(string input) =>
        new OnnxGraphBuilder("tiny_sam_encoder")
            .Input(input, 1, 3, 1024, 1024)
            .Output("image_embeddings", 1, 256, 64, 64)
            .Initializer("w", [.. Enumerable.Repeat(1f / 3, 256 * 3)], 256, 3, 1, 1)
            .Initializer("b", new float[256], 256)
            .Node("AveragePool", [input], ["pooled"], IntsAttribute("kernel_shape", 16, 16), IntsAttribute("strides", 16, 16))
            .Node("Conv", ["pooled", "w", "b"], ["image_embeddings"], IntsAttribute("kernel_shape", 1, 1))
            .Build("tiny-sam-encoder");

    private static ModelProto Decoder() =>
        new OnnxGraphBuilder("tiny_sam_decoder")
            .Input("image_embeddings", 1, 256, 64, 64)
            .Input("point_coords", 1, null, 2)
            .Input("point_labels", 1, null)
            .Input("mask_input", 1, 1, 256, 256)
            .Input("has_mask_input", 1)
            .Input("orig_im_size", 2)
            .Output("masks", 1, 1, null, null)
            .Output("iou_predictions", 1, 1)
            .Output("low_res_masks", 1, 1, 256, 256)
            .Initializer("zero", [0f]).Initializer("one", [1f]).Initializer("half", [0.5f]).Initializer("side", [1024f])
            .Initializer("inside", [10f]).Initializer("outside", [-10f])
            .Int64Initializer("axis0", [0], 1).Int64Initializer("axis1", [1], 1)
            .Node("Split", ["orig_im_size"], ["h1", "w1"], IntAttribute("axis", 0))
            .Node("Squeeze", ["h1"], ["h"]).Node("Squeeze", ["w1"], ["w"])
            .Node("Range", ["zero", "h", "one"], ["ys"]).Node("Range", ["zero", "w", "one"], ["xs"])
            .Node("Max", ["h", "w"], ["longest"]).Node("Div", ["side", "longest"], ["scale"])
            .Node("Add", ["xs", "half"], ["xc"]).Node("Mul", ["xc", "scale"], ["x"])
            .Node("Add", ["ys", "half"], ["yc"]).Node("Mul", ["yc", "scale"], ["y"])
            .Node("Unsqueeze", ["y", "axis1"], ["ycol"])
            .Node("Split", ["point_coords"], ["c0", "c1"], IntAttribute("axis", 1))
            .Node("Split", ["c0"], ["x0", "y0"], IntAttribute("axis", 2))
            .Node("Split", ["c1"], ["x1", "y1"], IntAttribute("axis", 2))
            .Node("GreaterOrEqual", ["x", "x0"], ["gx"]).Node("Less", ["x", "x1"], ["lx"]).Node("And", ["gx", "lx"], ["inx"])
            .Node("GreaterOrEqual", ["ycol", "y0"], ["gy"]).Node("Less", ["ycol", "y1"], ["ly"]).Node("And", ["gy", "ly"], ["iny"])
            .Node("And", ["iny", "inx"], ["in3"]).Node("Unsqueeze", ["in3", "axis0"], ["in4"])
            .Node("Where", ["in4", "inside", "outside"], ["masks"])
            .Node("ReduceMean", ["image_embeddings"], ["m2"], IntsAttribute("axes", 2, 3), IntAttribute("keepdims", 0))
            .Node("ReduceMean", ["m2"], ["m1"], IntsAttribute("axes", 1), IntAttribute("keepdims", 1))
            .Node("Sigmoid", ["m1"], ["iou_predictions"])
            .Node("Identity", ["mask_input"], ["low_res_masks"])
            .Build("tiny-sam-decoder");
}
