using System.Security.Cryptography;
using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EndoKED.Pipeline.Models.Refining.Sam;

/// <summary>
/// A box-promptable SAM served through ONNX Runtime: the encoder embeds the frame (longest side 1024, padded), the
/// decoder turns the box (two points labelled 2 and 3) into mask logits at the frame's size. The quality is the
/// decoder's own IoU prediction. Input and output names are read from the sessions, so exports that name the image
/// input <c>images</c> or <c>input_image</c>, or leave out an optional input, work alike. One instance per process.
/// </summary>
public sealed class SamRefiner : IMaskRefiner, IDisposable
{
    private readonly OnnxSession _encoder;
    private readonly OnnxSession _decoder;
    private readonly SamOptions _options;
    private readonly SamSignature _signature;

    public SamRefiner(SamOptions options, ILogger<SamRefiner>? logger = null)
    {
        if (!options.IsConfigured)
            throw new InvalidOperationException($"No SAM is configured: set {SamOptions.EncoderVariable} and {SamOptions.DecoderVariable} (or {SamOptions.Section}).");
        foreach (var path in new[] { options.EncoderPath, options.DecoderPath })
            if (!File.Exists(path))
                throw new FileNotFoundException($"SAM model file not found: {path}", path);
        _options = options;
        Version = $"{ShaPrefix(options.EncoderPath)}+{ShaPrefix(options.DecoderPath)}";
        _encoder = OnnxSessionFactory.Create(options.EncoderPath, options.Runtime, logger);
        try
        {
            _decoder = OnnxSessionFactory.Create(options.DecoderPath, options.Runtime, logger);
            _signature = SamSignature.Read(_encoder.Session, _decoder.Session);
        }
        catch
        {
            _encoder.Dispose();
            _decoder?.Dispose();
            throw;
        }
    }

    public string Name => "sam";

    /// <summary>SHA-256 prefixes of the encoder and decoder files: the provenance reads <c>sam:&lt;encoder&gt;+&lt;decoder&gt;</c>.</summary>
    public string Version { get; }

    /// <summary>CUDA or CPU, as the encoder really runs.</summary>
    public string Provider => _encoder.Provider;

    internal InferenceSession EncoderSession => _encoder.Session;
    internal InferenceSession DecoderSession => _decoder.Session;
    internal SamSignature Signature => _signature;

    public MaskProposal Refine(FrameImage image, Box box, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (box.ClipTo(image.Width, image.Height) is not { } rect)
            return new MaskProposal(BinaryMask.Empty(image.Width, image.Height), 0, Name, Version, "the box lies outside the frame");

        var geometry = SamImage.For(image.Width, image.Height);
        using var run = new RunOptions();
        using var imageTensor = _signature.ImageTensor(geometry, image.Bgr);
        using var embedded = _encoder.Session.Run(run, [_signature.EncoderInput], [imageTensor], [_signature.EncoderOutput]);
        ct.ThrowIfCancellationRequested();

        var (x0, y0) = geometry.ToModel(rect.X, rect.Y);
        var (x1, y1) = geometry.ToModel(rect.Right, rect.Bottom);
        var inputs = _signature.DecoderInputs(embedded[0], [x0, y0, x1, y1], image.Width, image.Height);
        try
        {
            using var decoded = _decoder.Session.Run(run, [.. inputs.Keys], [.. inputs.Values], [_signature.MaskOutput, _signature.IouOutput]);
            var (mask, iou) = SamMasks.Best(decoded[0], decoded[1], geometry, _options.MaskThreshold);
            var quality = double.IsFinite(iou) ? Math.Clamp(iou, 0, 1) : 0;
            return new MaskProposal(mask, quality, Name, Version, mask.IsEmpty ? "SAM found nothing in the box" : null);
        }
        finally
        {
            foreach (var (name, value) in inputs)
                if (name != _signature.EmbeddingInput) value.Dispose();
        }
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }

    private static string ShaPrefix(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..10];
    }
}
