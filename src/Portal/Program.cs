using System.Threading.RateLimiting;
using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Portal.Components;
using EndoKED.Portal.Features.Account;
using EndoKED.Portal.Features.Admin;
using EndoKED.Portal.Features.Dashboards;
using EndoKED.Portal.Features.Distilling;
using EndoKED.Portal.Features.Examinations;
using EndoKED.Portal.Features.PipelineRuns;
using EndoKED.Portal.Features.Review;
using EndoKED.Portal.Infrastructure;
using EndoKED.Portal.Infrastructure.Api;
using EndoKED.Portal.Infrastructure.Auth;
using EndoKED.Portal.Infrastructure.Live;
using EndoKED.Shared.Live;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets(); // serve package assets (MudBlazor) from a plain build, not only from a publish
builder.Logging.AddFilter("Marten", LogLevel.Warning);

// The pipeline: ledger, features and, in the single-machine default, its queue listeners in this process.
var options = PipelineServices.ReadOptions(builder.Configuration);
builder.Services.AddEndoKedPipeline(options, builder.Configuration, withMessaging: true);

// Sign-in, roles and centre scopes; keys persist beside the data so sessions survive restarts.
builder.Services.AddEndoKedAuth(builder.Configuration);
builder.Services.AddDataProtection().SetApplicationName("EndoKED")
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataRoot, "..", "keys")));
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.OnRejected = (ctx, _) => new ValueTask(ApiProblems.WriteAsync(ctx.HttpContext, 429, "Too many requests",
        "Too many sign-in attempts from this address: wait a minute, then try again."));
    o.AddPolicy(AccountEndpoints.LoginRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
        ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) }));
});

// The portal.
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents()
    .AddInteractiveWebAssemblyComponents();
builder.Services.AddMudServices();
builder.Services.AddEndoKedApiGuards();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.Services.AddAdmin();
builder.Services.AddReviewPages(options);
builder.Services.AddSignalR().AddEndoKedBackplane(options.SignalR);
builder.Services.AddHostedService<LiveHubRelay>();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseEndoKedSecurityHeaders();
app.UseEndoKedApiProblems();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseEndoKedCookieWriteCheck();
app.UseEndoKedApiGuards();

app.MapStaticAssets().AllowAnonymous();
app.MapEndoKedHealth();
app.MapAccountEndpoints();
app.MapExaminationsApi();
app.MapReviewApi();
app.MapAdminApi();
app.MapPipelineRunsApi();
app.MapStatsApi();
app.MapDistillingApi();
app.MapHub<LiveHub>(LiveHubContract.Path);
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .AddInteractiveWebAssemblyRenderMode()
    .AddAdditionalAssemblies(typeof(EndoKED.Portal.Client._Imports).Assembly);

app.Run();

/// <summary>The portal's entry point; public so that tests can host it.</summary>
public partial class Program;
