using EndoKED.Pipeline.Models.Frames;
using OpenCvSharp;

namespace EndoKED.Pipeline.Features.Distilling.DraftingSplits.Drafting;

/// <summary>
/// dHash (difference hash), 64 bits: the frame in grey, shrunk to 9×8 by area averaging; bit (r·8 + c) is set when
/// pixel (c, r) is brighter than its right neighbour. Robust to scale, compression and mild brightness changes, so
/// neighbouring video frames land a few bits apart while unrelated frames differ in about half the bits.
/// </summary>
public static class PerceptualHash
{
    public static ulong DHash(FrameImage frame)
    {
        using var grey = new Mat();
        Cv2.CvtColor(frame.Bgr, grey, ColorConversionCodes.BGR2GRAY);
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(9, 8), 0, 0, InterpolationFlags.Area);
        ulong hash = 0;
        for (var r = 0; r < 8; r++)
            for (var c = 0; c < 8; c++)
                if (small.At<byte>(r, c) > small.At<byte>(r, c + 1))
                    hash |= 1UL << ((r * 8) + c);
        return hash;
    }
}
