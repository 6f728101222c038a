using EndoKED.Pipeline.Infrastructure.Hosting;
using EndoKED.Portal.Components;
using EndoKED.Portal.Features.Admin;
using EndoKED.Portal.Features.Examinations;
using EndoKED.Portal.Infrastructure;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets(); // serve package assets (MudBlazor) from a plain build, not only from a publish
builder.Logging.AddFilter("Marten", LogLevel.Warning);

// The pipeline: ledger, features and, in the single-machine default, its queue listeners in this process.
var options = PipelineServices.ReadOptions(builder.Configuration);
builder.Services.AddEndoKedPipeline(options, builder.Configuration, withMessaging: true);

// The portal.
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents()
    .AddInteractiveWebAssemblyComponents();
builder.Services.AddMudServices();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.Services.AddScoped<CallerScope>();
builder.Services.AddAdmin();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseEndoKedSecurityHeaders();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapEndoKedHealth();
app.MapExaminationsApi();
app.MapAdminApi();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .AddInteractiveWebAssemblyRenderMode()
    .AddAdditionalAssemblies(typeof(EndoKED.Portal.Client._Imports).Assembly);

app.Run();

/// <summary>The portal's entry point; public so that tests can host it.</summary>
public partial class Program;
