using MudBlazor;

namespace EndoKED.Portal.Client.Infrastructure;

/// <summary>The portal's colours, shared by the server layout and the WebAssembly islands (each hosts its own theme provider).</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#8e2c48", Secondary = "#2c6e8e", AppbarBackground = "#8e2c48" },
    };
}
