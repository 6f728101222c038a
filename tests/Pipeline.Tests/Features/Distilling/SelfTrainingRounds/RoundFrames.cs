using EndoKED.Pipeline.Features.Distilling.SelfTrainingRounds;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Models.Frames;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Models.Refining;
using EndoKED.Shared.Events;
using OpenCvSharp;

namespace EndoKED.Pipeline.Tests.Features.Distilling.SelfTrainingRounds;

/// <summary>A frame of a round test: its image stream and what the fake student predicts on it (a disc, or nothing).</summary>
public sealed record RoundTestFrame(Guid ImageId, string Key, (int X, int Y, int R)? Predicts);

/// <summary>Frames ingested into one centre, each with a kept CAM box and a machine mask from that box, as the segment stage leaves them.</summary>
public static class RoundFrames
{
    /// <summary>The box the frames' current masks came from (96×80 frames).</summary>
    public static readonly FrameBox Earlier = new(20, 20, 60, 60);

    public static async Task<List<Guid>> IngestAsync(LedgerFixture ledger, string centre, int count, int seed)
    {
        var root = TestPaths.NewTempDir("round-frames");
        var files = Enumerable.Range(0, count).Select(i => ($"{i}.png", DistillingLedger.Frame(seed + i).Png)).ToArray();
        TestFrames.ExamFolder(root, "exam", "A polyp.", null, files);
        await ledger.Ingester().IngestAsync(FolderSource.Read(root), centre, "test");
        await using var session = ledger.Store.QuerySession();
        var exam = (await session.LoadAsync<ExaminationView>(StableIds.Examination(centre, "exam")))!;
        var images = await session.LoadManyAsync<ImageView>([.. exam.ImageIds]);
        return [.. images.OrderBy(i => i.OriginalName, StringComparer.Ordinal).Select(i => i.Id)];
    }

    /// <summary>The CAM's box and the refiner's mask from it (or, with <paramref name="refiner"/>, an import).</summary>
    public static async Task ProposeAsync(LedgerFixture ledger, Guid image, string refiner = "embedded", string? rejection = null)
    {
        await using var session = ledger.Store.LightweightSession();
        var view = (await session.LoadAsync<ImageView>(image))!;
        var now = DateTimeOffset.UtcNow;
        session.Events.Append(image, new ImageLocalised(image, view.ExaminationId, view.CentreId, rejection is null ? Earlier : null, rejection,
            rejection, "cam/1", "mil/1", now));
        var mask = BinaryMask.FromPredicate(96, 80, (x, y) => x >= 25 && x < 55 && y >= 25 && y < 55);
        session.Events.Append(image, new MaskProposed(image, view.ExaminationId, view.CentreId, refiner, "1", $"{refiner}:1", Earlier,
            mask.ToEventMask(), 0.7, null, $"{refiner}:1", now.AddMilliseconds(1)));
        await session.SaveChangesAsync();
    }

    /// <summary>What identifies a frame to the fake student: the first row of its random blocks.</summary>
    public static string KeyOf(FrameImage frame) =>
        string.Join(',', Enumerable.Range(0, 12).Select(i => frame.Bgr.At<Vec3b>(0, i * 8).Item0));

    public static async Task<string> KeyOfAsync(LedgerFixture ledger, Guid image)
    {
        await using var session = ledger.Store.QuerySession();
        var view = (await session.LoadAsync<ImageView>(image))!;
        await using var stream = ledger.Files.OpenRead(view.Sha256)!;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        using var frame = new FrameLoader().Load(buffer.ToArray()).Frame!;
        return KeyOf(frame);
    }
}

/// <summary>A student that predicts a chosen disc (or nothing) per frame, recognised by its pixels.</summary>
public sealed class FakeStudents(IReadOnlyDictionary<string, (int X, int Y, int R)?> discs) : IStudentPredictors
{
    public int Loaded { get; private set; }

    public IStudentPredictor Load(byte[] onnx)
    {
        Loaded++;
        return new Predictor(discs);
    }

    private sealed class Predictor(IReadOnlyDictionary<string, (int X, int Y, int R)?> discs) : IStudentPredictor
    {
        public BinaryMask Predict(FrameImage frame) => discs.GetValueOrDefault(RoundFrames.KeyOf(frame)) is { } d
            ? BinaryMask.FromPredicate(frame.Width, frame.Height, (x, y) => ((x - d.X) * (x - d.X)) + ((y - d.Y) * (y - d.Y)) <= d.R * d.R)
            : BinaryMask.Empty(frame.Width, frame.Height);

        public void Dispose()
        {
        }
    }
}

/// <summary>A refiner that fills the box, at a fixed quality: the gate's outcome depends on the student's box alone.</summary>
public sealed class BoxFillingRefiner(double quality) : IMaskRefiner
{
    public string Name => "box-fill";

    public string Version => "1";

    public MaskProposal Refine(FrameImage image, Box box, CancellationToken ct) =>
        new(BinaryMask.FromPredicate(image.Width, image.Height, (x, y) => x >= box.X0 && x < box.X1 && y >= box.Y0 && y < box.Y1), quality, Name, Version);
}
