using System.Security.Cryptography;
using EndoKED.Pipeline.Models.ResNet18;
using Google.Protobuf;

namespace EndoKED.Pipeline.Models.Mil;

/// <summary>Saves a trained head as ONNX + JSON metadata; its version names the content, so equal heads share it.</summary>
public static class MilModelStore
{
    public const string Family = "mil-attention-linear-v1";

    /// <summary>The head's ONNX bytes and its version (family plus a hash of the graph).</summary>
    public static (byte[] Model, string Version) Export(MilHeadWeights head)
    {
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(MilOnnxExporter.Export(head, Family).ToByteArray()))[..12];
        var version = $"{Family}+{contentHash}";
        return (MilOnnxExporter.Export(head, version).ToByteArray(), version);
    }

    /// <summary>Writes <paramref name="onnxPath"/> and its .json; returns the metadata written.</summary>
    public static MilModelMetadata Save(string onnxPath, MilHeadWeights head, double threshold, int positiveBags,
        int negativeBags, double finalLoss, TimeProvider? clock = null)
    {
        var (model, version) = Export(head);
        var folder = Path.GetDirectoryName(Path.GetFullPath(onnxPath))!;
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(onnxPath, model);
        var metadata = new MilModelMetadata(version, ResNet18Features.ModelVersion, threshold,
            (clock ?? TimeProvider.System).GetUtcNow(), positiveBags, negativeBags, finalLoss);
        metadata.Save(onnxPath);
        return metadata;
    }
}
