using EndoKED.Pipeline.Models.Refining.Sam;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Models.Refining;

/// <summary>
/// Chooses the refiner for <c>--refiner auto|sam|embedded</c>: auto takes SAM when it is configured and both files are
/// there, else the embedded refiner (the proposal's provenance says which); sam without a usable SAM is an error.
/// </summary>
public static class RefinerSelector
{
    public static readonly string[] Choices = ["auto", "sam", "embedded"];

    /// <summary>The refiner, or null with <paramref name="error"/> saying why SAM cannot be used. Dispose it when done.</summary>
    public static IMaskRefiner? Select(string choice, SamOptions sam, out string? error)
    {
        error = null;
        switch (choice)
        {
            case "embedded":
                return new EmbeddedRefiner();
            case "auto":
                return sam.IsAvailable ? LoadSam(sam, out error) : new EmbeddedRefiner();
            case "sam" when !sam.IsConfigured:
                error = $"no SAM encoder/decoder is configured on this machine (set {SamOptions.EncoderVariable} and {SamOptions.DecoderVariable}); use --refiner embedded (or auto).";
                return null;
            case "sam" when !sam.IsAvailable:
                error = $"no SAM model at {(File.Exists(sam.EncoderPath) ? sam.DecoderPath : sam.EncoderPath)}; use --refiner embedded (or auto).";
                return null;
            case "sam":
                return LoadSam(sam, out error);
            default:
                throw new ArgumentException($"Unknown refiner '{choice}'; use {string.Join(", ", Choices)}.", nameof(choice));
        }
    }

    /// <summary>A configured SAM that cannot be loaded is an error, not a silent fall back: the user asked for it.</summary>
    private static SamRefiner? LoadSam(SamOptions sam, out string? error)
    {
        error = null;
        try
        {
            return new SamRefiner(sam);
        }
        catch (Exception e) when (e is InvalidDataException or OnnxRuntimeException or IOException)
        {
            error = $"the configured SAM could not be loaded ({e.Message}); use --refiner embedded.";
            return null;
        }
    }
}
