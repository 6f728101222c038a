using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.TestSupport;

/// <summary>Small frames made in the test, and the bad inputs ingest must refuse.</summary>
public static class TestFrames
{
    public static byte[] Png(int width = 64, int height = 48, int seed = 1)
    {
        using var image = Pattern(width, height, seed);
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    public static byte[] Jpeg(int width = 64, int height = 48, int seed = 1)
    {
        using var image = Pattern(width, height, seed);
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms);
        return ms.ToArray();
    }

    /// <summary>A JPEG whose entropy-coded data is overwritten with junk after the headers.</summary>
    public static byte[] CorruptJpeg()
    {
        var bytes = Jpeg(128, 96, seed: 7);
        var sos = FindMarker(bytes, 0xDA);
        for (var i = sos + 4; i < bytes.Length - 2; i++) bytes[i] = (byte)(i % 7 == 0 ? 0xFF : i * 31);
        bytes = bytes[..(sos + 40)]; // and cut short
        return bytes;
    }

    /// <summary>A valid PNG whose IHDR claims 30000×30000 pixels (with its CRC fixed), so only the header check can stop it.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var bytes = Png(16, 16);
        // IHDR data starts at offset 16 (8 signature + 4 length + 4 type).
        WriteBigEndian(bytes, 16, width);
        WriteBigEndian(bytes, 20, height);
        var crc = Crc32(bytes.AsSpan(12, 4 + 13));
        WriteBigEndian(bytes, 29, unchecked((int)crc));
        return bytes;
    }

    private static Image<Rgb24> Pattern(int width, int height, int seed)
    {
        var image = new Image<Rgb24>(width, height);
        var rng = new Random(seed);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)(150 + rng.Next(60)), (byte)(40 + (x * 3 % 40)), (byte)(50 + (y * 2 % 30)));
        return image;
    }

    private static int FindMarker(byte[] b, byte marker)
    {
        for (var i = 2; i < b.Length - 1; i++)
            if (b[i] == 0xFF && b[i + 1] == marker) return i;
        throw new InvalidOperationException("marker not found");
    }

    private static void WriteBigEndian(byte[] b, int offset, int value)
    {
        b[offset] = (byte)(value >> 24); b[offset + 1] = (byte)(value >> 16); b[offset + 2] = (byte)(value >> 8); b[offset + 3] = (byte)value;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var d in data)
        {
            crc ^= d;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>Writes an examination folder: report, optional exam.json, and the given files.</summary>
    public static string ExamFolder(string root, string name, string report, string? examJson = null, params (string Name, byte[] Bytes)[] files)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "report.txt"), report);
        if (examJson is not null) File.WriteAllText(Path.Combine(dir, "exam.json"), examJson);
        foreach (var (n, b) in files) File.WriteAllBytes(Path.Combine(dir, n), b);
        return dir;
    }
}
