using EndoKED.Pipeline.Features.Ingest.Checking;
using EndoKED.Pipeline.Features.Ingest.Uploading;
using EndoKED.Pipeline.Infrastructure.Files;
using EndoKED.Portal.Infrastructure.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace EndoKED.Portal.Features.Admin.Ingesting;

public sealed partial class IngestPage : IDisposable
{
    private string _centre = "";
    private string _fileName = "";
    private long _size, _sent;
    private bool _busy;
    private string? _error;
    private IReadOnlyList<IngestJob> _jobs = [];
    private Timer? _poll;

    protected override async Task OnInitializedAsync()
    {
        await RefreshAsync();
        // Jobs run on the queue, not on this circuit: poll their state while the page is open.
        _poll = new Timer(_ => InvokeAsync(async () => { await RefreshAsync(); StateHasChanged(); }), null, 2000, 2000);
    }

    private async Task RefreshAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _jobs = await scope.ServiceProvider.GetRequiredService<ArchiveUploads>().RecentAsync(20, CancellationToken.None);
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _error = null;
        if (string.IsNullOrWhiteSpace(_centre))
        {
            _error = "Enter the centre id the records belong to (for example centre-a), then choose the file again.";
            return;
        }
        _busy = true;
        (_fileName, _size, _sent) = (file.Name, file.Size, 0);
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var limits = scope.ServiceProvider.GetRequiredService<IngestLimits>();
            if (file.Size > limits.MaxArchiveBytes)
            {
                _error = $"{file.Name} is {file.Size:N0} bytes, over the {limits.MaxArchiveBytes:N0}-byte limit for one archive: split it and upload the parts.";
                return;
            }
            // The browser's bytes stream to a file in the store as they come; the page's poll redraws the bar.
            await using var stream = new ReadCountingStream(file.OpenReadStream(limits.MaxArchiveBytes), sent => _sent = sent);
            await scope.ServiceProvider.GetRequiredService<ArchiveUploads>()
                .AcceptAsync(stream, file.Name, _centre.Trim(), (await CallerAsync()).Actor, CancellationToken.None);
            await RefreshAsync();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private double UploadPercent => _size > 0 ? 100.0 * _sent / _size : 0;

    private static Color StateColor(IngestJobState s) => s switch
    {
        IngestJobState.Done => Color.Success,
        IngestJobState.Failed => Color.Error,
        IngestJobState.Running => Color.Info,
        _ => Color.Default,
    };

    public void Dispose() => _poll?.Dispose();
}
