using EndoKED.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace EndoKED.Portal.Tests.Infrastructure.Auth;

public sealed class PlainHttpProviderTests
{
    private sealed class PlainHttpPortal : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("EndoKED:Oidc:Authority", "http://localhost:9/");
            builder.UseSetting("EndoKED:Oidc:ClientId", "endoked");
        }
    }

    [Fact]
    public void A_portal_with_a_plain_http_provider_and_https_metadata_required_does_not_start_and_says_which_setting_to_change()
    {
        using var portal = new PlainHttpPortal();

        var error = Assert.ThrowsAny<Exception>(portal.Start);

        Assert.Contains("EndoKED__Oidc__RequireHttpsMetadata=false", error.ToString());
    }
}
