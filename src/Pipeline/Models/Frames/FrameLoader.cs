using OpenCvSharp;
using SixLabors.ImageSharp;

namespace EndoKED.Pipeline.Models.Frames;

/// <summary>
/// Decodes frame files with bounds checked first: the file size, then the size the header claims (read by ImageSharp's
/// <c>Identify</c>, which touches no pixel data), and only then the pixels (OpenCV, which also converts greyscale,
/// 16-bit and CMYK files to 8-bit BGR). Any failure is a rejection with a reason, never an exception.
/// </summary>
public sealed class FrameLoader(FrameLoadOptions options)
{
    public FrameLoader() : this(new FrameLoadOptions())
    {
    }

    public FrameLoadResult LoadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return FrameLoadResult.Rejected($"file not found: {path}");
            if (info.Length > options.MaxBytes)
                return FrameLoadResult.Rejected($"file is {info.Length} bytes, more than the {options.MaxBytes} allowed");
            return Load(File.ReadAllBytes(path));
        }
        catch (IOException e)
        {
            return FrameLoadResult.Rejected($"cannot read the file: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return FrameLoadResult.Rejected($"cannot read the file: {e.Message}");
        }
    }

    public FrameLoadResult Load(byte[] bytes)
    {
        if (CheckBounds(bytes) is { } refusal) return FrameLoadResult.Rejected(refusal);
        try
        {
            var bgr = Cv2.ImDecode(bytes, ImreadModes.Color);
            if (bgr.Empty())
            {
                bgr.Dispose();
                return FrameLoadResult.Rejected("the image data could not be decoded");
            }

            return FrameLoadResult.Loaded(FrameImage.FromBgr(bgr));
        }
        catch (OpenCVException e)
        {
            return FrameLoadResult.Rejected($"the image data could not be decoded: {e.Message}");
        }
    }

    /// <summary>Decodes a single-channel mask file (0 = background, anything above half = foreground), with the same bounds.</summary>
    public (Masks.BinaryMask? Mask, string? Rejection) LoadMask(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return (null, $"file not found: {path}");
            if (info.Length > options.MaxBytes) return (null, $"file is {info.Length} bytes, more than the {options.MaxBytes} allowed");
            var bytes = File.ReadAllBytes(path);
            if (CheckBounds(bytes) is { } refusal) return (null, refusal);
            using var grey = Cv2.ImDecode(bytes, ImreadModes.Grayscale);
            if (grey.Empty()) return (null, "the mask could not be decoded");
            return (Masks.MaskMats.FromGrey(grey), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OpenCVException)
        {
            return (null, $"cannot read the mask: {e.Message}");
        }
    }

    private string? CheckBounds(byte[] bytes)
    {
        if (bytes.Length == 0) return "the file is empty";
        if (bytes.Length > options.MaxBytes) return $"file is {bytes.Length} bytes, more than the {options.MaxBytes} allowed";
        try
        {
            var info = Image.Identify(bytes);
            if (info is null) return "not an image format this system reads (PNG, JPEG, BMP, GIF, TIFF, WebP, TGA)";
            var pixels = (long)info.Width * info.Height;
            if (info.Width <= 0 || info.Height <= 0) return $"the header claims an empty image ({info.Width}x{info.Height})";
            if (pixels > options.MaxPixels)
                return $"the header claims {info.Width}x{info.Height} = {pixels} pixels, more than the {options.MaxPixels} allowed";
            return null;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            return $"the image header is not valid: {e.Message}";
        }
    }
}
