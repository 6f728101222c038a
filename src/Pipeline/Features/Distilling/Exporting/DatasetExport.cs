using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;
using EndoKED.Shared.Records;
using Marten;

namespace EndoKED.Pipeline.Features.Distilling.Exporting;

/// <summary>What <c>export</c> writes: a format, a folder, optionally one split and some centres.</summary>
public sealed record ExportRequest(string Format, string Output, Guid? SplitId = null, IReadOnlyList<string>? Centres = null, double MinMachineQuality = 0.5)
{
    public static readonly string[] Formats = ["coco", "yolo", "masks", "findings-csv"];
}

/// <summary>Reads the export set from the ledger and writes the chosen format plus the dataset card.</summary>
public sealed class DatasetExport(IDocumentStore store, IFileStore files, TimeProvider clock)
{
    public const string FindingsFile = "findings.csv";

    public async Task<ExportSet> RunAsync(ExportRequest request, CancellationToken ct = default)
    {
        if (!ExportRequest.Formats.Contains(request.Format))
            throw new ArgumentException($"Unknown format '{request.Format}': use {string.Join(", ", ExportRequest.Formats)}.");
        var set = await ExportSet.ReadAsync(store, files, request.SplitId, request.Centres, request.MinMachineQuality, ct);
        Directory.CreateDirectory(request.Output);
        switch (request.Format)
        {
            case "coco": await DatasetWriters.WriteCocoAsync(files, set.Frames, request.Output, ct); break;
            case "yolo": await DatasetWriters.WriteYoloAsync(files, set.Frames, request.Output, ct); break;
            case "masks": await DatasetWriters.WriteMasksAsync(files, set.Frames, request.Output, ct); break;
            default:
                await File.WriteAllTextAsync(Path.Combine(request.Output, FindingsFile), FindingsCsv.Write(set.Examinations, await FinalExamLabelsAsync(ct)), ct);
                break;
        }
        var position = await store.Storage.Database.FetchHighestEventSequenceNumber(ct);
        await File.WriteAllTextAsync(Path.Combine(request.Output, "README.md"), DatasetCard.Write(set, request.Format, position, clock.GetUtcNow()), ct);
        return set;
    }

    /// <summary>The latest final label of each examination that has one (rejections have none).</summary>
    private async Task<IReadOnlyDictionary<Guid, PolypLabel>> FinalExamLabelsAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.Events.QueryRawEventDataOnly<ConsensusReached>().ToListAsync(ct))
            .Where(e => e.ItemKind == ReviewItemKind.Examination).GroupBy(e => e.ItemId).Select(g => g.MaxBy(e => e.At)!)
            .Where(e => e.Label is not null).ToDictionary(e => e.ItemId, e => e.Label!.Value);
    }
}
