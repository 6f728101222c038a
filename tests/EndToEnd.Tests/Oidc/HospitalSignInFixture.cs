using EndoKED.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Oidc;

/// <summary>A portal whose sign-in link leads to <see cref="TestHospitalProvider"/>, with one record in centre-a and one in centre-b.</summary>
public abstract class HospitalSignInFixture : IAsyncLifetime
{
    public const string CentreARecord = "Hospital sign-in record of centre A.";
    public const string CentreBRecord = "Hospital sign-in record of centre B.";

    private IPlaywright? _playwright;

    /// <summary>Where the claims travel: "userinfo" or "idtoken".</summary>
    protected abstract string Claims { get; }

    public TestHospitalProvider Provider { get; private set; } = null!;
    public HospitalPortal Portal { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The portal as the browser sees it: 127.0.0.1, another site than the provider's localhost.</summary>
    public Uri PortalAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        var port = TestHospitalProvider.FreePort();
        PortalAddress = new Uri($"http://127.0.0.1:{port}");
        Provider = await TestHospitalProvider.StartAsync(Claims, PortalAddress);
        Portal = new HospitalPortal(Provider.Issuer) { Port = port };
        Portal.Start();
        var a = TestPaths.NewTempDir("oidc-a");
        TestFrames.ExamFolder(a, "oidc-exam-a", CentreARecord, null, ("f.png", TestFrames.Png(seed: 931)));
        await Portal.IngestAsync(a, "centre-a");
        var b = TestPaths.NewTempDir("oidc-b");
        TestFrames.ExamFolder(b, "oidc-exam-b", CentreBRecord, null, ("f.png", TestFrames.Png(seed: 932)));
        await Portal.IngestAsync(b, "centre-b");
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser context on the portal's login page.</summary>
    public async Task<IPage> LoginPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = PortalAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        return page;
    }

    /// <summary>Clicks "Sign in with your hospital account" and signs in at the provider as that user.</summary>
    public static async Task SignInAtProviderAsync(IPage page, string user)
    {
        await page.GetByTestId("oidc-sign-in").ClickAsync();
        await page.Locator("#login").FillAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Portal is not null) await Portal.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
    }

    public sealed class HospitalPortal(Uri authority) : PortalFactory
    {
        protected override bool UseRealPort => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("EndoKED:Oidc:Authority", authority.ToString());
            builder.UseSetting("EndoKED:Oidc:ClientId", TestHospitalProvider.ClientId);
            builder.UseSetting("EndoKED:Oidc:ClientSecret", TestHospitalProvider.ClientSecret);
            builder.UseSetting("EndoKED:Oidc:RequireHttpsMetadata", "false"); // a plain-http provider on loopback
        }
    }
}

/// <summary>The standard settings: the ID token carries only <c>sub</c>; the profile, role and centres come from userinfo.</summary>
public sealed class UserinfoProviderFixture : HospitalSignInFixture
{
    protected override string Claims => "userinfo";
}

/// <summary>Every claim in the ID token and no userinfo endpoint at all.</summary>
public sealed class IdTokenProviderFixture : HospitalSignInFixture
{
    protected override string Claims => "idtoken";
}
