using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests;

/// <summary>The portal on a real port and headless Debian Chromium driven by Playwright (never a downloaded browser).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public RealPortal Portal { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: ./endoked test's results folder, else beside the test assembly.</summary>
    public static string ScreenshotDir
    {
        get
        {
            var dir = Path.Combine(Environment.GetEnvironmentVariable("ENDOKED_TEST_OUTPUT") ?? AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public async Task InitializeAsync()
    {
        // Playwright's 5-s default for expectations is short for a Blazor circuit on two loaded cores (CI): a live update
        // or a dialog that takes longer there is slow, not wrong. Waits that are meant to be long say so themselves.
        Assertions.SetDefaultExpectTimeout(15_000);
        Portal.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, without anything that would reach the network.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("ENDOKED_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            ],
        });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Portal.DisposeAsync();
    }

    /// <summary>A new page signed in through the login form as that user (created on first use).</summary>
    public Task<IPage> SignedInPageAsync(string user, Shared.Role role, params string[] centres) =>
        SignInAsync(Browser, Portal, user, role, centres);

    public sealed class RealPortal : PortalFactory
    {
        protected override bool UseRealPort => true;
    }

    /// <summary>A new page signed in through the login form of <paramref name="portal"/>.</summary>
    public static async Task<IPage> SignInAsync(IBrowser browser, PortalFactory portal, string user, Shared.Role role, params string[] centres)
    {
        await portal.CreateUserAsync(user, role, centres);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = portal.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", PortalFactory.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("whoami").WaitForAsync();
        return page;
    }
}
