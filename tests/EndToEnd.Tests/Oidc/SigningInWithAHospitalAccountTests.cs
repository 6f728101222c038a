using Microsoft.Playwright;

namespace EndoKED.EndToEnd.Tests.Oidc;

/// <summary>The standard provider: the ID token carries only <c>sub</c>, everything else comes from userinfo.</summary>
public class SigningInWithAHospitalAccountTests(UserinfoProviderFixture fixture) : IClassFixture<UserinfoProviderFixture>
{
    [Fact]
    public async Task A_clinician_of_centre_b_signs_in_through_the_link_sees_only_centre_b_on_the_first_page_and_signs_out_of_the_provider_too()
    {
        var page = await fixture.LoginPageAsync();

        await HospitalSignInFixture.SignInAtProviderAsync(page, "clinician-b");

        // The first page after the provider (another site) is already signed in: no reload.
        await Assertions.Expect(page.GetByTestId("whoami")).ToContainTextAsync("clinician-b · Clinician");
        Assert.StartsWith(fixture.PortalAddress.ToString(), page.Url);
        Assert.DoesNotContain("/login", page.Url);
        await page.GotoAsync("/examinations");
        await Assertions.Expect(page.Locator("a.exam-link", new() { HasText = HospitalSignInFixture.CentreBRecord })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("a.exam-link", new() { HasText = HospitalSignInFixture.CentreARecord }).CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "oidc-clinician-b.png") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(fixture.PortalAddress, "/login").ToString());
        await page.GotoAsync("/examinations");
        await page.WaitForURLAsync("**/login?ReturnUrl=*");
        // The provider's session ended too: the link asks for the user again instead of signing straight back in.
        await page.GetByTestId("oidc-sign-in").ClickAsync();
        await Assertions.Expect(page.Locator("#login")).ToBeVisibleAsync();
        Assert.StartsWith(fixture.Provider.Issuer.ToString(), page.Url);
    }

    [Fact]
    public async Task A_lead_of_centre_a_signs_in_with_the_role_and_centres_from_userinfo_and_sees_only_centre_a()
    {
        var page = await fixture.LoginPageAsync();

        await HospitalSignInFixture.SignInAtProviderAsync(page, "lead-a");

        await Assertions.Expect(page.GetByTestId("whoami")).ToContainTextAsync("lead-a · Lead");
        await page.GotoAsync("/examinations");
        await Assertions.Expect(page.Locator("a.exam-link", new() { HasText = HospitalSignInFixture.CentreARecord })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("a.exam-link", new() { HasText = HospitalSignInFixture.CentreBRecord }).CountAsync());
    }

    [Fact]
    public async Task A_user_without_a_role_claim_is_refused_with_a_page_that_names_the_missing_claim()
    {
        var page = await fixture.LoginPageAsync();

        await HospitalSignInFixture.SignInAtProviderAsync(page, "no-role");

        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("no 'endoked_role' claim");
        Assert.StartsWith(new Uri(fixture.PortalAddress, "/login").ToString(), page.Url);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "oidc-no-role-refused.png") });
        await page.GotoAsync("/examinations");
        await page.WaitForURLAsync("**/login?ReturnUrl=*");
    }
}

/// <summary>A provider that puts every claim in the ID token and offers no userinfo endpoint.</summary>
public class SigningInWithClaimsInTheIdTokenTests(IdTokenProviderFixture fixture) : IClassFixture<IdTokenProviderFixture>
{
    [Fact]
    public async Task A_lead_of_centre_a_signs_in_with_every_claim_in_the_id_token_and_sees_only_centre_a()
    {
        var page = await fixture.LoginPageAsync();

        await HospitalSignInFixture.SignInAtProviderAsync(page, "lead-a");

        await Assertions.Expect(page.GetByTestId("whoami")).ToContainTextAsync("lead-a · Lead");
        await page.GotoAsync("/examinations");
        await Assertions.Expect(page.Locator("a.exam-link", new() { HasText = HospitalSignInFixture.CentreARecord })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("a.exam-link", new() { HasText = HospitalSignInFixture.CentreBRecord }).CountAsync());
    }
}
