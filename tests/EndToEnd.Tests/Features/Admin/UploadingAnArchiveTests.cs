using System.IO.Compression;
using EndoKED.Shared;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.Admin;

public class UploadingAnArchiveTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_uploads_a_zip_and_sees_it_ingested_with_its_rejections_listed()
    {
        var zipPath = Path.Combine(Path.GetTempPath(), $"upload-{Guid.NewGuid():N}.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            Add(zip, "exam-up-1/report.txt", "Uploaded: a 5 mm polyp in the transverse colon."u8.ToArray());
            Add(zip, "exam-up-1/f1.jpg", TestFrames.Jpeg(320, 240, seed: 77));
            Add(zip, "exam-up-1/broken.jpg", "not an image"u8.ToArray());
            Add(zip, "../../evil.txt", "no"u8.ToArray());
        }

        var page = await fixture.SignedInPageAsync("browser-uploader", Role.Admin);
        await page.GotoAsync("/admin/ingest");
        await page.GetByTestId("upload-centre").FillAsync("centre-up");
        await page.GetByTestId("upload-centre").PressAsync("Tab");
        await page.Locator("input[type=file]").SetInputFilesAsync(zipPath);

        var jobs = page.GetByTestId("ingest-jobs");
        await Assertions.Expect(jobs).ToContainTextAsync("Done", new() { Timeout = 60_000 });
        await Assertions.Expect(jobs).ToContainTextAsync("examinations: 1 added");
        await Assertions.Expect(jobs).ToContainTextAsync("../../evil.txt: path escapes the archive");
        await Assertions.Expect(jobs).ToContainTextAsync("broken.jpg: not an image");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "admin-upload.png"), FullPage = true });

        await page.GotoAsync("/examinations?centre=centre-up");
        await Assertions.Expect(page.Locator("a.exam-link", new() { HasText = "transverse colon" })).ToBeVisibleAsync();
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var s = zip.CreateEntry(name).Open();
        s.Write(bytes);
    }
}
