using EndoKED.Pipeline.Features.Centres;
using EndoKED.Pipeline.Features.Live;
using EndoKED.Pipeline.Features.Review.ReviewQueues;
using EndoKED.Pipeline.Infrastructure.Access;
using EndoKED.Shared.Live;
using EndoKED.Shared.Records;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EndoKED.Portal.Features.Review.BrowsingQueue;

public partial class ReviewQueuePage
{
    private sealed record QueueTab(string Key, string Title, ReviewItemKind Kind, QueueName Queue);

    private static readonly QueueTab[] AllTabs =
    [
        new("labels", "Examination labels", ReviewItemKind.Examination, QueueName.Votes),
        new("masks", "Masks", ReviewItemKind.Image, QueueName.Votes),
        new("crosscheck", "Report vs frames", ReviewItemKind.Examination, QueueName.CrossCheck),
        new("adjudicate-labels", "Adjudicate labels", ReviewItemKind.Examination, QueueName.Adjudication),
        new("adjudicate-masks", "Adjudicate masks", ReviewItemKind.Image, QueueName.Adjudication),
    ];

    [Inject] private LiveNotifier Notifier { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private ReviewSession Session { get; set; } = default!;
    [SupplyParameterFromQuery(Name = "tab")] public string? TabFromQuery { get; set; }

    private MudTable<ReviewQueueItem>? _table;
    private QueueTab[] _tabs = [.. AllTabs.Take(3)];
    private int _tab;
    private List<string> _centres = [];
    private long _total;
    private DateTimeOffset _updatedAt = DateTimeOffset.Now;
    private AccessScope? _caller;
    private IDisposable? _live;
    private bool _disposed;

    private QueueTab Current => _tabs[Math.Clamp(_tab, 0, _tabs.Length - 1)];

    protected override async Task OnInitializedAsync()
    {
        _caller = await CallerAsync();
        if (_caller.IsLeadOrAdmin) _tabs = AllTabs;
        _tab = Math.Max(0, Array.FindIndex(_tabs, t => t.Key == TabFromQuery));
        await using (var scope = Scopes.CreateAsyncScope())
            _centres = [.. (await scope.ServiceProvider.GetRequiredService<ListCentres>().HandleAsync(_caller)).Select(c => c.CentreId)];
        // Any vote, proposal or final label in a centre the reader sees may change the queue: re-query it.
        _live = Notifier.Subscribe(n => Concerns(n) && _caller.CanSee(n.CentreId) && n.EventType is not ("ImageIngested" or "ExaminationIngested")
            ? InvokeAsync(Current.Queue == QueueName.CrossCheck ? ReloadTwiceAsync : ReloadAsync)
            : Task.CompletedTask);
    }

    // The cross-check weighs examination events against frame scores (image events).
    private bool Concerns(LiveNotification n) => Current.Queue == QueueName.CrossCheck
        ? n.Kind is LiveKinds.Examination or LiveKinds.Image
        : n.Kind == (Current.Kind == ReviewItemKind.Image ? LiveKinds.Image : LiveKinds.Examination);

    /// <summary>The cross-check comes from the async daemon, which may lag a notification: look again a moment later.</summary>
    private async Task ReloadTwiceAsync()
    {
        await ReloadAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        if (!_disposed) await ReloadAsync();
    }

    /// <summary>The examinations of the rows on show (id, date, patient, frames).</summary>
    private IReadOnlyDictionary<Guid, QueueExamination> _exams = new Dictionary<Guid, QueueExamination>();

    private QueueExamination? ExamOf(ReviewQueueItem item) => _exams.GetValueOrDefault(item.ExaminationId ?? item.Id);

    private async Task<TableData<ReviewQueueItem>> LoadAsync(TableState state, CancellationToken ct)
    {
        var caller = await CallerAsync(); // asked per page: a grant revoked while the queue is open stops here
        _caller ??= caller;
        await using var scope = Scopes.CreateAsyncScope();
        var query = new ReviewQueueQuery(Current.Kind, Session.Centre, Current.Queue, Session.Skipped, state.Page + 1, state.PageSize);
        var (page, _) = await scope.ServiceProvider.GetRequiredService<GetReviewQueue>().HandleAsync(query, caller, ct);
        var total = page?.Total ?? 0;
        _exams = await scope.ServiceProvider.GetRequiredService<GetQueueExaminations>().HandleAsync(page?.Items ?? [], caller, ct);
        _updatedAt = DateTimeOffset.Now;
        if (total != _total)
        {
            // The count and the start button live outside the table; re-render the page only when they change, since
            // a page render hands the table a new ServerData delegate.
            _total = total;
            StateHasChanged();
        }

        return new TableData<ReviewQueueItem> { Items = page?.Items ?? [], TotalItems = (int)_total };
    }

    private async Task ReloadAsync()
    {
        if (_table is not null) await _table.ReloadServerData();
        StateHasChanged();
    }

    private async Task TabChanged(int index)
    {
        _tab = index;
        Nav.NavigateTo($"/review?tab={Current.Key}", replace: true);
        await ReloadAsync();
    }

    private async Task CentreChanged(string? centre)
    {
        Session.Centre = centre;
        await ReloadAsync();
    }

    private async Task ComeBackAsync()
    {
        Session.ComeBack();
        await ReloadAsync();
    }

    private async Task StartAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        var query = new ReviewQueueQuery(Current.Kind, Session.Centre, Current.Queue, Session.Skipped, 1, 1);
        var (page, _) = await scope.ServiceProvider.GetRequiredService<GetReviewQueue>().HandleAsync(query, await CallerAsync());
        if (page?.Items.FirstOrDefault() is { } first) Open(first);
    }

    private void Open(ReviewQueueItem? item)
    {
        if (item is null) return;
        Session.CrossChecking = Current.Queue == QueueName.CrossCheck;
        Session.StartPass();
        Nav.NavigateTo(ReviewSession.PathOf(item.Kind, item.Id));
    }

    private static string Proposal(ReviewQueueItem item) => item.Kind == ReviewItemKind.Image
        ? $"mask by {Proposer(item.ProposedBy)}"
        : $"{item.ProposedLabel?.ToString().ToLowerInvariant() ?? "no label"} ({item.Confidence?.ToString("0.00") ?? "?"})"
          + (item.CrossCheck is { } c ? $" · best frame {c.MaxProbability:0.00}" : "");

    /// <summary>A proposer as a reader reads it: a self-training round's provenance (<c>round:n;student:sha;box:student</c>) or a promoted student's (<c>student:sha</c>) with its hash cut to 8 characters, and a mask drawn from a refused box's CAM seeds (<c>refiner:version;box:cam-seeds</c>) said so.</summary>
    internal static string Proposer(string? provenance)
    {
        if (provenance is null) return "a reader";
        var parts = provenance.Split(';').Select(p => p.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var student = parts.GetValueOrDefault("student") is { Length: >= 8 } sha ? $"student {sha[..8]}" : null;
        if (parts.GetValueOrDefault("box") == "cam-seeds" && parts.Count == 2)
            return $"{student ?? provenance[..provenance.IndexOf(';')]}, seeded from the CAM (its box was refused)";
        return parts.GetValueOrDefault("round") is { } round && student is not null ? $"self-training round {round} ({student}'s box)"
            : student is not null && parts.Count == 1 ? student
            : provenance;
    }

    public void Dispose()
    {
        _disposed = true;
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }
}
