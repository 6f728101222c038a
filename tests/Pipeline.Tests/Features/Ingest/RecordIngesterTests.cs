using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Ingest.Reading;
using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared.Events;

namespace EndoKED.Pipeline.Tests.Features.Ingest;

public class RecordIngesterTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task Bad_inputs_are_each_rejected_with_a_reason_and_everything_else_is_ingested()
    {
        var root = TestPaths.NewTempDir("bad-batch");
        TestFrames.ExamFolder(root, "good-1", "A 6 mm sessile polyp in the sigmoid colon.", """{"patientId":"P-1","date":"2026-02-01"}""",
            ("f1.png", TestFrames.Png(seed: 1)), ("f2.jpg", TestFrames.Jpeg(seed: 2)),
            ("corrupt.jpg", TestFrames.CorruptJpeg()), ("zero.png", []), ("huge.png", TestFrames.PngClaiming(30000, 30000)),
            ("text.jpg", "just text"u8.ToArray()));
        var notUtf8 = TestFrames.ExamFolder(root, "latin1", "placeholder", null, ("f.png", TestFrames.Png(seed: 3)));
        File.WriteAllBytes(Path.Combine(notUtf8, "report.txt"), [0x4E, 0x6F, 0x20, 0xE9, 0x74, 0xE9]); // "No été" in Latin-1

        var summary = await ledger.Ingester().IngestAsync(FolderSource.Read(root), "centre-a", "test");

        Assert.Equal(1, summary.ExaminationsAdded);
        Assert.Equal(2, summary.FramesAdded);
        var reasons = summary.Rejected.ToDictionary(r => Path.GetFileName(r.Path), r => r.Reason);
        Assert.StartsWith("corrupt jpeg", reasons["corrupt.jpg"]);
        Assert.Contains("empty", reasons["zero.png"]);
        Assert.Contains("30000×30000", reasons["huge.png"]);
        Assert.Contains("not an image", reasons["text.jpg"]);
        Assert.Contains("not valid UTF-8", reasons["latin1"]);

        await using var session = ledger.Store.QuerySession();
        var exam = await session.LoadAsync<ExaminationView>(StableIds.Examination("centre-a", "good-1"));
        Assert.NotNull(exam);
        Assert.Equal(("P-1", new DateOnly(2026, 2, 1), 2), (exam.PatientId, exam.Date!.Value, exam.FrameCount));
        Assert.Null(await session.LoadAsync<ExaminationView>(StableIds.Examination("centre-a", "latin1")));
        // The accepted frames' bytes are in the store; no rejected file's bytes are.
        Assert.True(ledger.Files.Exists(LocalFileStore.Hash(TestFrames.Png(seed: 1))));
        Assert.True(ledger.Files.Exists(LocalFileStore.Hash(TestFrames.Jpeg(seed: 2))));
        Assert.False(ledger.Files.Exists(LocalFileStore.Hash(TestFrames.CorruptJpeg())));
        Assert.False(ledger.Files.Exists(LocalFileStore.Hash(TestFrames.PngClaiming(30000, 30000))));
        Assert.False(ledger.Files.Exists(LocalFileStore.Hash(TestFrames.Png(seed: 3)))); // its examination was refused
    }

    [Fact]
    public async Task Ingesting_the_same_records_twice_adds_nothing_the_second_time()
    {
        var root = TestPaths.NewTempDir("twice");
        TestFrames.ExamFolder(root, "exam-a", "No polyps.", null, ("1.png", TestFrames.Png(seed: 11)), ("2.png", TestFrames.Png(seed: 12)));
        TestFrames.ExamFolder(root, "exam-b", "Two polyps.", null, ("1.png", TestFrames.Png(seed: 13)));

        var first = await ledger.Ingester().IngestAsync(FolderSource.Read(root), "centre-twice", "test");
        var second = await ledger.Ingester().IngestAsync(FolderSource.Read(root), "centre-twice", "test");

        Assert.Equal((2, 3), (first.ExaminationsAdded, first.FramesAdded));
        Assert.Equal((0, 0, 2, 0, 3), (second.ExaminationsAdded, second.ExaminationsUpdated, second.ExaminationsUnchanged, second.FramesAdded, second.FramesAlreadyPresent));
        await using var session = ledger.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StableIds.Examination("centre-twice", "exam-a"));
        Assert.Equal(2, events.Count); // ingested + frames attached, once
    }

    [Fact]
    public async Task A_new_frame_of_a_known_examination_is_attached_to_it_and_duplicates_within_a_folder_count_once()
    {
        var root = TestPaths.NewTempDir("new-frame");
        var dir = TestFrames.ExamFolder(root, "exam-c", "One polyp.", null, ("1.png", TestFrames.Png(seed: 21)), ("1-copy.png", TestFrames.Png(seed: 21)));
        await ledger.Ingester().IngestAsync(FolderSource.Read(root), "centre-new", "test");
        File.WriteAllBytes(Path.Combine(dir, "2.png"), TestFrames.Png(seed: 22));

        var again = await ledger.Ingester().IngestAsync(FolderSource.Read(root), "centre-new", "second-run");

        Assert.Equal((1, 1), (again.ExaminationsUpdated, again.FramesAdded));
        await using var session = ledger.Store.QuerySession();
        var examId = StableIds.Examination("centre-new", "exam-c");
        var exam = await session.LoadAsync<ExaminationView>(examId);
        Assert.Equal(2, exam!.FrameCount);
        var events = await session.Events.FetchStreamAsync(examId);
        Assert.Equal(["ExaminationIngested", "FramesAttached", "FramesAttached"], events.Select(e => e.Data.GetType().Name));
        Assert.Equal("second-run", ((FramesAttached)events[^1].Data).Actor);
    }

    [Fact]
    public async Task An_invalid_centre_id_is_refused_before_anything_is_read()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            ledger.Ingester().IngestAsync(new SourceBatch([], []), "../centre", "test"));
    }
}
