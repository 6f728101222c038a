using EndoKED.Pipeline.Infrastructure;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Shared;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Features.Access;

public class CentreAccessInTheBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_centre_a_clinician_cannot_open_centre_b_records_or_admin_pages_and_the_admin_sees_the_views_in_the_access_log()
    {
        var frameB = TestFrames.Png(seed: 901);
        var b = TestPaths.NewTempDir("e2e-b");
        TestFrames.ExamFolder(b, "exam-b-secret", "Centre B only.", null, ("f.png", frameB));
        await fixture.Portal.IngestAsync(b, "centre-b");
        var a = TestPaths.NewTempDir("e2e-a");
        TestFrames.ExamFolder(a, "exam-a-open", "Centre A record.", null, ("f.png", TestFrames.Png(seed: 902)));
        await fixture.Portal.IngestAsync(a, "centre-a");
        var examB = StableIds.Examination("centre-b", "exam-b-secret");
        var imageB = StableIds.Image(examB, LocalFileStore.Hash(frameB));
        var examA = StableIds.Examination("centre-a", "exam-a-open");

        var clinician = await fixture.SignedInPageAsync("browser-clin-a", Role.Clinician, "centre-a");
        await clinician.GotoAsync($"/examinations/{examA}");
        await clinician.GetByTestId("report-text").WaitForAsync();

        await clinician.GotoAsync($"/examinations/{examB}");
        await Assertions.Expect(clinician.GetByText("does not exist, or you do not have access")).ToBeVisibleAsync();
        Assert.Equal(0, await clinician.GetByText("Centre B only.").CountAsync());
        var file = await clinician.GotoAsync($"/api/images/{imageB}/file");
        Assert.Equal(404, file!.Status);
        await clinician.GotoAsync("/admin/users");
        await Assertions.Expect(clinician.GetByTestId("access-denied")).ToBeVisibleAsync();
        await clinician.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "clinician-admin-denied.png") });
        await clinician.GotoAsync("/examinations");
        await Assertions.Expect(clinician.Locator("a.exam-link", new() { HasText = "Centre A record." })).ToBeVisibleAsync();
        Assert.Equal(0, await clinician.Locator("a.exam-link", new() { HasText = "Centre B only." }).CountAsync());

        var admin = await fixture.SignedInPageAsync("browser-admin", Role.Admin);
        await admin.GotoAsync("/admin/users");
        await Assertions.Expect(admin.GetByTestId("users")).ToContainTextAsync("browser-clin-a");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "admin-users.png"), FullPage = true });
        await admin.GotoAsync("/admin/access-log");
        var userBox = admin.GetByTestId("log-user");
        await userBox.FillAsync("browser-clin-a");
        await userBox.PressAsync("Tab");
        await admin.GetByTestId("log-search").ClickAsync();
        var log = admin.GetByTestId("access-log");
        // Rows name the item as people know it (the examination's key), linked to its page; the id is only the tooltip.
        await Assertions.Expect(log.Locator($"a[href='/examinations/{examA}']", new() { HasText = "exam-a-open" }).First).ToBeVisibleAsync();
        await Assertions.Expect(log).Not.ToContainTextAsync(examA.ToString());
        await Assertions.Expect(log).Not.ToContainTextAsync("exam-b-secret");
        await Assertions.Expect(log).Not.ToContainTextAsync(examB.ToString());
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "admin-access-log.png"), FullPage = true });
    }
}
