using EndoKED.Shared.Events;
using EndoKED.Shared.Masks;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace EndoKED.Portal.Client.Features.Review.MaskEditing;

public partial class MaskEditor
{
    /// <summary>Palette of the mask layer: transparent background, translucent yellow polyp.</summary>
    private static readonly int[][] Palette = [[0, 0, 0, 0], [255, 214, 0, 150]];

    private static readonly (MaskTool Tool, string Key, string Icon)[] Tools =
    [
        (MaskTool.Brush, "B", Icons.Material.Filled.Brush), (MaskTool.Eraser, "X", Icons.Material.Filled.CleaningServices),
        (MaskTool.Polygon, "P", Icons.Material.Filled.Polyline), (MaskTool.Fill, "F", Icons.Material.Filled.FormatColorFill),
        (MaskTool.Pan, "H", Icons.Material.Filled.PanTool),
    ];

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The frame, e.g. <c>/api/images/{id}/file</c> (same origin, so the session cookie goes with it).</summary>
    [Parameter, EditorRequired] public required string ImageUrl { get; set; }
    [Parameter, EditorRequired] public required int Width { get; set; }
    [Parameter, EditorRequired] public required int Height { get; set; }

    /// <summary>The mask to start from (COCO RLE); empty when null.</summary>
    [Parameter] public MaskRle? InitialMask { get; set; }

    /// <summary>The corrected mask, as COCO RLE at the frame's size.</summary>
    [Parameter] public EventCallback<MaskRle> OnSave { get; set; }
    [Parameter] public EventCallback OnCancel { get; set; }

    /// <summary>What saving does, on the button and in the shortcut list.</summary>
    [Parameter] public string SaveLabel { get; set; } = "Use this mask";

    /// <summary>While true, saving is off (a save is on its way).</summary>
    [Parameter] public bool Busy { get; set; }

    private MaskEditorModel _model = new(1, 1);
    private MaskTool _tool = MaskTool.Brush;
    private int _radius = 8;
    private int _opacity = 70;
    private double _zoom = 1;
    private double _panX, _panY;
    private (double X, double Y)? _last;
    private readonly List<(int X, int Y)> _polygon = [];
    private ElementReference _root, _canvas;
    private IJSObjectReference? _module;
    private (int W, int H, MaskRle? Mask)? _loaded;

    private string PolygonPoints => string.Join(' ', _polygon.Select(p => $"{p.X},{p.Y}"));

    protected override void OnParametersSet()
    {
        if (_loaded == (Width, Height, InitialMask)) return;
        _loaded = (Width, Height, InitialMask);
        _model = new MaskEditorModel(Width, Height, InitialMask is null ? null : MaskRleCodec.Decode(InitialMask));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/mask-canvas.js");
        await PaintAsync(0, Height - 1);
        await _module.InvokeVoidAsync("focus", _root);
    }

    private void Select(MaskTool tool)
    {
        _tool = tool;
        _polygon.Clear();
    }

    private async Task PointerDownAsync(PointerEventArgs e)
    {
        var (x, y) = ((int)e.OffsetX, (int)e.OffsetY);
        switch (_tool)
        {
            case MaskTool.Brush or MaskTool.Eraser:
                _model.Checkpoint();
                _last = (e.OffsetX, e.OffsetY);
                await PaintAsync(_model.Stroke(x, y, x, y, _radius, _tool == MaskTool.Eraser));
                break;
            case MaskTool.Fill:
                _model.Checkpoint();
                await PaintAsync(_model.Fill(x, y));
                break;
            case MaskTool.Polygon:
                _polygon.Add((x, y));
                break;
            case MaskTool.Pan:
                _last = (e.ClientX, e.ClientY);
                break;
        }
    }

    private async Task PointerMoveAsync(PointerEventArgs e)
    {
        if (_last is not { } last || (e.Buttons & 1) == 0) return;
        if (_tool == MaskTool.Pan)
        {
            (_panX, _panY, _last) = (_panX + e.ClientX - last.X, _panY + e.ClientY - last.Y, (e.ClientX, e.ClientY));
            return;
        }

        await PaintAsync(_model.Stroke((int)last.X, (int)last.Y, (int)e.OffsetX, (int)e.OffsetY, _radius, _tool == MaskTool.Eraser));
        _last = (e.OffsetX, e.OffsetY);
    }

    private void PointerUp(PointerEventArgs e) => _last = null;

    private async Task ClosePolygonAsync()
    {
        if (_polygon.Count >= 3)
        {
            _model.Checkpoint();
            await PaintAsync(_model.Polygon([.. _polygon], erase: false));
        }

        _polygon.Clear();
    }

    private async Task UndoAsync()
    {
        if (_model.Undo()) await PaintAsync(0, Height - 1);
    }

    private async Task RedoAsync()
    {
        if (_model.Redo()) await PaintAsync(0, Height - 1);
    }

    private Task SaveAsync() => Busy ? Task.CompletedTask : OnSave.InvokeAsync(MaskRleCodec.Encode(_model.Mask, Width, Height));

    /// <summary>Gives the editor the keyboard again (after a button outside it took the focus).</summary>
    public async Task FocusAsync()
    {
        if (_module is not null) await _module.InvokeVoidAsync("focus", _root);
    }

    private async Task KeyDownAsync(KeyboardEventArgs e)
    {
        var ctrl = e.CtrlKey || e.MetaKey;
        switch (e.Key)
        {
            case "z" or "Z" when ctrl: await UndoAsync(); break;
            case "y" or "Y" when ctrl: await RedoAsync(); break;
            case "s" or "S" when ctrl: await SaveAsync(); break;
            case "b" or "B": Select(MaskTool.Brush); break;
            case "x" or "X": Select(MaskTool.Eraser); break;
            case "p" or "P": Select(MaskTool.Polygon); break;
            case "f" or "F": Select(MaskTool.Fill); break;
            case "h" or "H": Select(MaskTool.Pan); break;
            case "+" or "=": _zoom = Math.Min(8, _zoom * 1.25); break;
            case "-" or "_": _zoom = Math.Max(0.25, _zoom / 1.25); break;
            case "0": (_zoom, _panX, _panY) = (1, 0, 0); break;
            case "[": _radius = Math.Max(1, _radius - 2); break;
            case "]": _radius = Math.Min(64, _radius + 2); break;
            case "ArrowLeft": _panX += 40; break;
            case "ArrowRight": _panX -= 40; break;
            case "ArrowUp": _panY += 40; break;
            case "ArrowDown": _panY -= 40; break;
            case "Enter" when _polygon.Count > 0: await ClosePolygonAsync(); break;
            case "Escape" when _polygon.Count > 0: _polygon.Clear(); break;
            case "Escape": await OnCancel.InvokeAsync(); break;
        }
    }

    private Task PaintAsync((int Y0, int Y1) band) => PaintAsync(band.Y0, band.Y1);

    private async Task PaintAsync(int y0, int y1)
    {
        if (_module is null || y1 < y0) return;
        var rows = _model.Mask.AsSpan(y0 * Width, (y1 - y0 + 1) * Width).ToArray();
        await _module.InvokeVoidAsync("paint", _canvas, Width, Height, y0, rows, Palette);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try { await _module.DisposeAsync(); }
            catch (JSDisconnectedException) { }
        }

        GC.SuppressFinalize(this);
    }
}
