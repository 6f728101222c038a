namespace EndoKED.Pipeline.Models.ResNet18;

/// <summary>A frame resized to the network input and normalised, with the size it had on disk (CAMs go back to it).</summary>
public sealed record PreparedFrame(string Source, int Width, int Height, float[] Input)
{
    /// <summary>The same frame mirrored left to right (the whole frame is stretched to the input, so mirroring the
    /// input mirrors the frame): the second view of a flip-averaged CAM.</summary>
    public PreparedFrame Mirrored()
    {
        const int side = FramePreparer.Side;
        var mirrored = new float[Input.Length];
        for (var row = 0; row < Input.Length; row += side)
        {
            Input.AsSpan(row, side).CopyTo(mirrored.AsSpan(row, side));
            mirrored.AsSpan(row, side).Reverse();
        }
        return this with { Input = mirrored };
    }
}

/// <summary>A frame that could not be read, with the reason (a bad file never stops a batch).</summary>
public sealed record UnreadableFrame(string Source, string Reason);

/// <summary>
/// Pooled 512-d features and the 512x7x7 map they were pooled from (channel-major), for one frame.
/// </summary>
public sealed record FrameFeatures(string Source, int Width, int Height, float[] Pooled, float[] FeatureMap)
{
    public const int Channels = 512;
    public const int MapSide = 7;
    public const int MapCells = MapSide * MapSide;
}
