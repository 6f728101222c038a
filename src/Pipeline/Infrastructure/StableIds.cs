using System.Security.Cryptography;
using System.Text;

namespace EndoKED.Pipeline.Infrastructure;

/// <summary>
/// Deterministic stream ids: the same source record always maps to the same stream, which is what makes
/// re-ingesting idempotent without a lookup table.
/// </summary>
public static class StableIds
{
    public static Guid From(params string[] parts)
    {
        var joined = string.Join('\u001f', parts);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(joined), hash);
        var bytes = hash[..16].ToArray();
        // RFC 9562 layout: version 8 (custom), variant 10.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public static Guid Examination(string centreId, string sourceKey) => From("exam", centreId, sourceKey);

    public static Guid Image(Guid examinationId, string sha256) => From("image", examinationId.ToString("N"), sha256);
}
