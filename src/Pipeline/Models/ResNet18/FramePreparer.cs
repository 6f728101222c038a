using EndoKED.Pipeline.Models.Onnx;
using EndoKED.Pipeline.Models.Onnx.Proto;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace EndoKED.Pipeline.Models.ResNet18;

/// <summary>
/// Replicates the package's preprocessing model (ResNetPreprocess.onnx: planar RGB in 0..255 → BGR order → minus its
/// per-pixel mean image) in managed code, reading the mean image from that very file, so a batch needs no second
/// session and the preprocessing model's fixed batch of 1 does not matter. The whole frame is stretched to 224x224
/// (no crop), so every CAM cell maps back onto the full frame.
/// </summary>
public sealed class FramePreparer
{
    public const int Side = 224;
    private const int Plane = Side * Side;
    private readonly float[] _meanBgr;
    private readonly ResNet18Options _options;

    public FramePreparer(ResNet18Options options)
    {
        _options = options;
        _meanBgr = MeanImage(options);
    }

    /// <summary>The package's mean image: BGR planes of <see cref="Side"/>×<see cref="Side"/> on the 0–255 scale.</summary>
    public static float[] MeanImage(ResNet18Options options)
    {
        var prep = ModelProto.Parser.ParseFrom(File.ReadAllBytes(options.PreprocessPath));
        var mean = OnnxTensors.Floats(prep.Graph.Initializer.Single(t => t.Name == "MeanImage"));
        return mean.Length == 3 * Plane ? mean : throw new InvalidDataException($"MeanImage has {mean.Length} values, expected {3 * Plane}.");
    }

    public PreparedFrame? TryPrepare(string path, out string? error)
    {
        error = null;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) { error = "file not found"; return null; }
            if (info.Length > _options.MaxFileBytes) { error = $"file larger than {_options.MaxFileBytes} bytes"; return null; }
            var header = Image.Identify(path);
            if (header is null) { error = "not a recognised image format"; return null; }
            if ((long)header.Width * header.Height > _options.MaxPixels)
            {
                error = $"the header claims {header.Width}x{header.Height} pixels, more than the {_options.MaxPixels} allowed";
                return null;
            }
            using var image = Image.Load<Rgb24>(path);
            return Prepare(image, path);
        }
        catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException or IOException or NotSupportedException)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Prepares an image already in memory (decoded within bounds by the caller); the image is not changed.</summary>
    public PreparedFrame Prepare(Image<Rgb24> image, string source)
    {
        using var resized = image.Clone(x => x.Resize(Side, Side, KnownResamplers.Bicubic));
        return new PreparedFrame(source, image.Width, image.Height, Fill(resized));
    }

    private float[] Fill(Image<Rgb24> image)
    {
        var input = new float[3 * Plane];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < Side; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < Side; x++)
                {
                    var i = y * Side + x;
                    input[i] = row[x].B - _meanBgr[i];
                    input[Plane + i] = row[x].G - _meanBgr[Plane + i];
                    input[2 * Plane + i] = row[x].R - _meanBgr[2 * Plane + i];
                }
            }
        });
        return input;
    }
}
