using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using EndoKED.Portal.Client.Features.Review.CorrectingMasks;
using MudBlazor.Services;

var builder = WebAssemblyHostBuilder.CreateDefault(args);

// The WebAssembly islands (the mask editor) call the portal's own API: same origin, so the session cookie goes along.
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddMudServices();
builder.Services.AddScoped<MaskVotes>();

await builder.Build().RunAsync();
