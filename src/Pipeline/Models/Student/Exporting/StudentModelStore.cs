using System.Security.Cryptography;
using EndoKED.Pipeline.Models.Student;
using Google.Protobuf;

namespace EndoKED.Pipeline.Models.Student.Exporting;

/// <summary>
/// Names and writes an exported student. The version is the architecture plus a hash of the graph's content, so
/// equal weights share a version and any mask a student proposes can name exactly the model behind it.
/// </summary>
public static class StudentModelStore
{
    public const string Family = "student-unet-v1";
    public const string VersionKey = "version";
    public const string ModelFile = "model.onnx";

    public const string ResNetFamily = "student-resnet18-unet-v1";

    /// <summary>The architecture's name: plain students keep the names they always had; ResNet-18 ones say frozen or fine-tuned.</summary>
    public static string FamilyOf(StudentOptions o) => o.Encoder == StudentEncoders.ResNet18
        ? $"{ResNetFamily}-{(o.FreezeEncoder ? "frozen" : "tuned")}-b{o.BaseChannels}-s{o.InputSize}"
        : $"{Family}-b{o.BaseChannels}-l{o.Levels}-s{o.InputSize}";

    /// <summary>Exports with the check, writes <c>model.onnx</c> into <paramref name="folder"/> and returns the export.</summary>
    public static StudentExport Save(string folder, StudentNetwork network, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var family = FamilyOf(network.Options);
        var hash = Convert.ToHexStringLower(SHA256.HashData(StudentOnnxExporter.Export(network, family).ToByteArray()))[..12];
        var version = $"{family}+{hash}";
        var props = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [VersionKey] = version };
        var export = OnnxExportCheck.ExportChecked(network, version, props);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, ModelFile), export.Model);
        return export;
    }
}
