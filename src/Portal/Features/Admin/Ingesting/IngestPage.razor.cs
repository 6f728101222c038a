using EndoKED.Pipeline.Features.Ingest.Uploading;
using EndoKED.Portal.Infrastructure.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace EndoKED.Portal.Features.Admin.Ingesting;

public sealed partial class IngestPage : IDisposable
{

    private const long MaxUploadBytes = 4L * 1024 * 1024 * 1024;
    private string _centre = "";
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
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await using var stream = file.OpenReadStream(MaxUploadBytes);
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

    private static Color StateColor(IngestJobState s) => s switch
    {
        IngestJobState.Done => Color.Success,
        IngestJobState.Failed => Color.Error,
        IngestJobState.Running => Color.Info,
        _ => Color.Default,
    };

    public void Dispose() => _poll?.Dispose();
}
