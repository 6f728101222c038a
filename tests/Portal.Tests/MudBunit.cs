using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EndoKED.Portal.Tests;

/// <summary>A bUnit context for MudBlazor components, rendered as the interactive server renders them.</summary>
public static class MudBunit
{
    public static BunitContext Context()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", true));
        return ctx;
    }
}
