using System.Text.Json;

namespace EndoKED.Pipeline.Models.Mil;

/// <summary>
/// The JSON file beside a MIL head's ONNX (same stem, .json): which head this is, which feature extractor it expects,
/// and the probability from which a frame counts as a polyp frame.
/// </summary>
public sealed record MilModelMetadata(
    string Version,
    string FeatureExtractorVersion,
    double Threshold,
    DateTimeOffset CreatedAt,
    int PositiveBags,
    int NegativeBags,
    double FinalLoss)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string PathFor(string onnxPath) => Path.ChangeExtension(onnxPath, ".json");

    public void Save(string onnxPath) => File.WriteAllText(PathFor(onnxPath), JsonSerializer.Serialize(this, Json));

    public static MilModelMetadata Load(string onnxPath)
    {
        var path = PathFor(onnxPath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"MIL model metadata not found beside the model: {path}", path);
        return JsonSerializer.Deserialize<MilModelMetadata>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} holds no metadata.");
    }
}
