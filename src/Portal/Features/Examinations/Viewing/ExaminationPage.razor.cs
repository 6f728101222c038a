using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Examinations.History;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using EndoKED.Portal.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EndoKED.Portal.Features.Examinations.Viewing;

public partial class ExaminationPage
{
    [Inject] private IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] private CallerScope Caller { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    private bool _loading = true;
    private ExaminationDetails? _details;
    private IReadOnlyList<HistoryEntry> _history = [];
    private List<BreadcrumbItem> _crumbs = [];
    private ImageView? _shown;
    private bool _dialogOpen;
    private readonly DialogOptions _dialogOptions = new() { MaxWidth = MaxWidth.Large, CloseOnEscapeKey = true, CloseButton = true };

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        await using var scope = Scopes.CreateAsyncScope();
        _details = await scope.ServiceProvider.GetRequiredService<GetExamination>().HandleAsync(Id, Caller.Current);
        _history = await scope.ServiceProvider.GetRequiredService<GetItemHistory>().HandleAsync("examination", Id, Caller.Current) ?? [];
        _crumbs =
        [
            new BreadcrumbItem("Examinations", "/examinations"),
            new BreadcrumbItem(_details?.Examination.CentreId ?? "", $"/examinations?centre={_details?.Examination.CentreId}"),
            new BreadcrumbItem(_details?.Examination.SourceKey ?? "", null, disabled: true),
        ];
        _loading = false;
    }

    private void Show(ImageView image)
    {
        _shown = image;
        _dialogOpen = true;
    }
}
