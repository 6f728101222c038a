using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EndoKED.Pipeline.Features.Demo.Planning;
using EndoKED.Pipeline.Features.Demo.Rendering;
using EndoKED.Pipeline.Features.Demo.Reporting;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;

namespace EndoKED.Pipeline.Features.Demo.Generating;

/// <summary>
/// Writes the synthetic multi-centre demo: per centre an ingest folder (report.txt, pathology.txt, exam.json, frames)
/// and, in a separate ground-truth tree, the masks and truth.json that the frames and texts were made from.
/// </summary>
public static class DemoRecordsGenerator
{
    public const string GroundTruthFolder = "ground-truth";
    public const string ManifestFile = "demo-manifest.json";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    private static readonly JsonSerializerOptions CamelCase = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
    private static readonly PngEncoder MaskEncoder = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };

    /// <summary>
    /// Writes the demo into <see cref="DemoOptions.OutputDirectory"/>, which must be empty, absent, or a previous demo
    /// (recognised by its manifest; its centre folders are replaced).
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The output folder holds something else.</exception>
    public static DemoSummary Generate(DemoOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(options.OutputDirectory);
        PrepareOutput(root);
        // The manifest comes first, marked incomplete: a generation stopped half-way leaves a folder recognised as this
        // generator's, which the next generation replaces.
        WriteManifest(root, options, [], complete: false);

        var shape = new CohortShape(options.ExaminationsPerCentre, options.MinFramesPerExamination, options.MaxFramesPerExamination,
            options.PolypExaminationShare, options.FirstDate, options.DateSpanDays);
        var frameWriter = new ExaminationFrameWriter(options.FrameWidth, options.FrameHeight, new JpegEncoder { Quality = options.JpegQuality }, MaskEncoder);
        var centres = new List<DemoCentreSummary>();
        for (var i = 0; i < CentreProfile.All.Count; i++)
        {
            var centre = CentreProfile.All[i];
            var plans = ExaminationPlanner.PlanCentre(centre, i, shape, (ulong)options.Seed);
            foreach (var plan in plans)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteExamination(root, plan, frameWriter, options.Seed);
            }

            centres.Add(new DemoCentreSummary(
                centre.Name, Path.Combine(root, centre.Name), Path.Combine(root, GroundTruthFolder, centre.Name),
                plans.Count, plans.Select(p => p.PatientId).Distinct(StringComparer.Ordinal).Count(), plans.Count(p => p.Polyps.Count > 0),
                plans.Sum(p => p.FramePolyps.Count), plans.Sum(p => p.FramePolyps.Count(f => f.Count > 0))));
        }

        var summary = new DemoSummary(root, Path.Combine(root, GroundTruthFolder), options.Seed, centres, clock.Elapsed);
        WriteManifest(root, options, [.. centres.Select(c => c.Centre)], complete: true);
        return summary;
    }

    private static void WriteManifest(string root, DemoOptions options, IReadOnlyList<string> centres, bool complete) =>
        File.WriteAllText(Path.Combine(root, ManifestFile), JsonSerializer.Serialize(new
        {
            generator = TruthDocument.Version, options.Seed, options.ExaminationsPerCentre, centres, complete,
        }, CamelCase), Utf8);

    /// <summary>
    /// The centres of a complete previous generation in <paramref name="root"/> with the same generator, seed and size (so
    /// its bytes are what <see cref="Generate"/> would write again), or null.
    /// </summary>
    public static IReadOnlyList<string>? CompleteCentres(string root, DemoOptions options)
    {
        var path = Path.Combine(root, ManifestFile);
        if (!File.Exists(path)) return null;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var m = json.RootElement;
            bool Is(string name, Func<JsonElement, bool> test) => m.TryGetProperty(name, out var v) && test(v);
            if (!Is("complete", v => v.ValueKind == JsonValueKind.True) || !Is("generator", v => v.GetString() == TruthDocument.Version)
                || !Is("seed", v => v.GetInt32() == options.Seed) || !Is("examinationsPerCentre", v => v.GetInt32() == options.ExaminationsPerCentre))
                return null;
            var centres = m.GetProperty("centres").EnumerateArray().Select(c => c.GetString()!).ToList();
            return centres.All(c => Directory.Exists(Path.Combine(root, c))) ? centres : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static void WriteExamination(string root, ExaminationPlan plan, ExaminationFrameWriter frameWriter, int seed)
    {
        var examDir = Directory.CreateDirectory(Path.Combine(root, plan.Centre.Name, plan.Folder)).FullName;
        var truthDir = Directory.CreateDirectory(Path.Combine(root, GroundTruthFolder, plan.Centre.Name, plan.Folder)).FullName;

        var texts = ReportWriter.Write(plan);
        File.WriteAllText(Path.Combine(examDir, "report.txt"), texts.Report, Utf8);
        if (texts.Pathology is not null) File.WriteAllText(Path.Combine(examDir, "pathology.txt"), texts.Pathology, Utf8);

        var metadata = new ExamMetadata(plan.Centre.Name, plan.Folder[(plan.Folder.IndexOf('_', StringComparison.Ordinal) + 1)..],
            plan.Context.Indication.ToString(), plan.Context.BostonScore, $"E-{(plan.Seed % 6) + 1:D2}", true, TruthDocument.Version, seed);
        var exam = new ExamDocument(plan.PatientId, plan.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), metadata);
        File.WriteAllText(Path.Combine(examDir, "exam.json"), JsonSerializer.Serialize(exam, CamelCase), Utf8);

        var frames = frameWriter.Write(plan, examDir, truthDir);
        File.WriteAllText(Path.Combine(truthDir, "truth.json"), JsonSerializer.Serialize(TruthDocument.From(plan, frames), SnakeCase), Utf8);
    }

    // Never delete what this generator did not write: only a folder holding its manifest is recycled.
    private static void PrepareOutput(string root)
    {
        if (!Directory.Exists(root) || !Directory.EnumerateFileSystemEntries(root).Any())
        {
            Directory.CreateDirectory(root);
            return;
        }

        if (!File.Exists(Path.Combine(root, ManifestFile)))
            throw new InvalidOperationException($"{root} is not empty and is not a previous demo ({ManifestFile} is missing); choose an empty folder.");
        foreach (var name in CentreProfile.All.Select(c => c.Name).Append(GroundTruthFolder))
        {
            var path = Path.Combine(root, name);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }

        File.Delete(Path.Combine(root, ManifestFile));
    }
}
