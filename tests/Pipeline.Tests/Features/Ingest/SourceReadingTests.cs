using System.IO.Compression;
using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Reading;

namespace EndoKED.Pipeline.Tests.Features.Ingest;

public class SourceReadingTests
{
    [Fact]
    public void A_zip_entry_that_climbs_out_of_the_archive_is_refused_and_the_rest_is_read()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "exam-1/report.txt", "A 5 mm polyp in the rectum."u8.ToArray());
            Add(zip, "exam-1/frame.png", TestFrames.Png());
            Add(zip, "../../evil.txt", "gotcha"u8.ToArray());
            Add(zip, "/etc/evil.txt", "gotcha"u8.ToArray());
        }
        ms.Position = 0;
        using var read = new ZipArchive(ms, ZipArchiveMode.Read);

        var batch = ZipSource.Read(read, new IngestLimits());

        var record = Assert.Single(batch.Records);
        Assert.Equal("exam-1", record.SourceKey);
        Assert.Single(record.Frames);
        Assert.Contains(batch.Rejected, r => r.Path == "../../evil.txt" && r.Reason.Contains("escapes the archive"));
        Assert.Contains(batch.Rejected, r => r.Path == "/etc/evil.txt");
    }

    [Fact]
    public void A_zip_with_one_top_folder_is_read_as_the_folders_inside_it()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "archive/e1/report.txt", "No polyps."u8.ToArray());
            Add(zip, "archive/e2/report.txt", "No polyps."u8.ToArray());
        }
        ms.Position = 0;
        using var read = new ZipArchive(ms, ZipArchiveMode.Read);
        var batch = ZipSource.Read(read, new IngestLimits());
        Assert.Equal(["e1", "e2"], batch.Records.Select(r => r.SourceKey));
    }

    [Fact]
    public void A_manifest_keeps_multi_line_quoted_reports_and_refuses_frame_paths_that_leave_its_folder()
    {
        var root = TestPaths.NewTempDir("manifest");
        File.WriteAllBytes(Path.Combine(root, "f1.png"), TestFrames.Png());
        File.WriteAllText(Path.Combine(root, "manifest.csv"),
            "exam_id,patient_id,date,report,pathology,frames\n" +
            "E1,P1,2026-01-02,\"Findings:\n- Polyp: yes, \"\"6 mm\"\"\",tubular adenoma,f1.png\n" +
            "E2,P2,2026-01-03,No polyps.,,../outside.png;missing.png\n" +
            ",P3,2026-01-04,No id,,\n");

        var batch = FolderSource.Read(root);

        Assert.Equal(["E1", "E2"], batch.Records.Select(r => r.SourceKey));
        Assert.Equal("Findings:\n- Polyp: yes, \"6 mm\"", batch.Records[0].ReportText);
        Assert.Single(batch.Records[0].Frames);
        Assert.Contains(batch.Rejected, r => r.Path.Contains("../outside.png") && r.Reason.Contains("leaves"));
        Assert.Contains(batch.Rejected, r => r.Path.Contains("missing.png") && r.Reason.Contains("not found"));
        Assert.Contains(batch.Rejected, r => r.Reason.Contains("no exam_id"));
    }

    [Fact]
    public void A_folder_without_a_report_and_loose_files_are_listed_not_ingested()
    {
        var root = TestPaths.NewTempDir("folders");
        TestFrames.ExamFolder(root, "good", "No polyps.", null, ("a.png", TestFrames.Png()), ("notes.docx", [1, 2, 3]));
        Directory.CreateDirectory(Path.Combine(root, "no-report"));
        File.WriteAllText(Path.Combine(root, "loose.txt"), "x");

        var batch = FolderSource.Read(root);

        Assert.Equal("good", Assert.Single(batch.Records).SourceKey);
        Assert.Contains(batch.Rejected, r => r.Path == "no-report" && r.Reason.Contains("no report.txt"));
        Assert.Contains(batch.Rejected, r => r.Path == "loose.txt");
        Assert.Contains(batch.Rejected, r => r.Path.EndsWith("notes.docx", StringComparison.Ordinal));
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var e = zip.CreateEntry(name);
        using var s = e.Open();
        s.Write(bytes);
    }
}
