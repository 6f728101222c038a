namespace EndoKED.Pipeline.Features.FrameLabels.PseudoLabelling;

/// <summary>
/// Which MIL head a verb uses: the one named, else ENDOKED_MIL_MODEL, else the one `train mil` writes by default.
/// No head ships with the program (it is trained on each site's examinations), so a missing one is a clear message.
/// </summary>
public static class MilModelLocator
{
    public const string Variable = "ENDOKED_MIL_MODEL";

    public static string DefaultPath => Path.Combine(Environment.CurrentDirectory, ".endoked", "models", "mil.onnx");

    /// <param name="option">The verb's option that names the head (pseudo-label: model, self-train: mil).</param>
    public static string? Find(string? given, out string? error, string option = "model")
    {
        error = null;
        var path = given ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : DefaultPath);
        if (File.Exists(path))
            return path;
        error = given is null
            ? $"no MIL model: none at {path}. Train one with './endoked train mil --bags DIR --output {DefaultPath}' " +
              $"(or pass --{option} MODEL.onnx, or set {Variable})."
            : $"--{option} '{given}' does not exist (train one with './endoked train mil --bags DIR --output {given}').";
        return null;
    }
}
