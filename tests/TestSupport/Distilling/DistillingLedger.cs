using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Features.Review;
using EndoKED.Pipeline.Models.Masks;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EndoKED.TestSupport;

/// <summary>
/// A tiny labelled ledger: per centre, <c>patients</c> examinations (one patient each) of two synthetic frames (random
/// blocks with a bright disc, the disc being the mask). The first frame of each gets a consensus mask (an adjudicated
/// one for the last patient), the second a machine mask of quality 0.9; one extra frame has a low-quality machine mask
/// and one a rejected final label, and neither may enter a split.
/// </summary>
public static class DistillingLedger
{
    public const int Width = 96;
    public const int Height = 80;

    /// <summary>Seeds a class fixture's ledger once (its tests share it): centre-a and centre-b with three patients each.</summary>
    public static async Task SeedOnceAsync(LedgerFixture ledger)
    {
        await using (var session = ledger.Store.QuerySession())
            if (await session.Query<ExaminationView>().AnyAsync()) return;
        await SeedAsync(ledger.Store, (folder, centre) => ledger.Ingester().IngestAsync(FolderSource.Read(folder), centre, "test"), ["centre-a", "centre-b"], 3);
    }

    /// <param name="ingest">Ingests an examination folder for a centre (the ledger's ingester, or a portal's).</param>
    /// <param name="labels">False ingests the same frames without any mask or final label.</param>
    public static async Task SeedAsync(IDocumentStore store, Func<string, string, Task> ingest, string[] centres, int patients, bool labels = true)
    {
        var seed = 0;
        foreach (var centre in centres)
        {
            var root = TestPaths.NewTempDir("distil-" + centre);
            var masks = new Dictionary<string, BinaryMask>();
            for (var p = 0; p < patients; p++)
            {
                var files = new List<(string, byte[])>();
                for (var f = 0; f < 3; f++)
                {
                    var (png, mask) = Frame(++seed);
                    files.Add(($"{f}.png", png));
                    masks[$"p{p}/{f}.png"] = mask;
                }
                TestFrames.ExamFolder(root, $"p{p}", "A polyp in the sigmoid colon.", $$"""{"patientId": "pat-{{p}}"}""", [.. files]);
            }
            await ingest(root, centre);
            if (!labels) continue;

            await using var session = store.LightweightSession();
            for (var p = 0; p < patients; p++)
            {
                var exam = await session.LoadAsync<ExaminationView>(StableIds.Examination(centre, $"p{p}"));
                var images = (await session.LoadManyAsync<ImageView>(exam!.ImageIds)).OrderBy(i => i.OriginalName).ToList();
                var method = p == patients - 1 ? ConsensusMethod.Adjudication : ConsensusMethod.Consensus;
                session.Events.Append(images[0].Id, Final(images[0], centre, masks[$"p{p}/0.png"], method, ReviewVerdict.Correct));
                session.Events.Append(images[1].Id, Machine(images[1], exam.Id, centre, masks[$"p{p}/1.png"], 0.9));
                // The third frame: a poor machine mask, or (first patient) a final rejection over a good machine mask.
                session.Events.Append(images[2].Id, Machine(images[2], exam.Id, centre, masks[$"p{p}/2.png"], p == 0 ? 0.9 : 0.2));
                if (p == 0) session.Events.Append(images[2].Id, Final(images[2], centre, null, ConsensusMethod.Consensus, ReviewVerdict.Reject));
            }
            await session.SaveChangesAsync();
        }
    }

    private static ConsensusReached Final(ImageView image, string centre, BinaryMask? mask, ConsensusMethod method, ReviewVerdict outcome) =>
        new(image.Id, ReviewItemKind.Image, centre, outcome, null, null, mask?.ToEventMask(), method, [], [], "consensus:two-agreeing", DateTimeOffset.UtcNow);

    private static MaskProposed Machine(ImageView image, Guid exam, string centre, BinaryMask mask, double quality) =>
        new(image.Id, exam, centre, "embedded", "1", "embedded:1", new FrameBox(0, 0, Width, Height), mask.ToEventMask(), quality, null,
            "embedded:1", DateTimeOffset.UtcNow);

    /// <summary>Random 8×8 blocks (distinct dHashes per seed) and a bright disc: the PNG and its mask.</summary>
    public static (byte[] Png, BinaryMask Mask) Frame(int seed)
    {
        var random = new Random(seed);
        var (cx, cy, r) = (random.Next(25, Width - 25), random.Next(22, Height - 22), random.Next(10, 18));
        var blocks = new byte[(Width / 8) * (Height / 8)];
        random.NextBytes(blocks);
        using var image = new Image<Rgb24>(Width, Height);
        bool Inside(int x, int y) => ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r;
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
            {
                var b = (byte)(40 + (blocks[((y / 8) * (Width / 8)) + (x / 8)] / 3));
                image[x, y] = Inside(x, y) ? new Rgb24(240, 170, 150) : new Rgb24((byte)(b + 60), b, (byte)(b / 2));
            }
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return (ms.ToArray(), BinaryMask.FromPredicate(Width, Height, Inside));
    }
}
