using EndoKED.Pipeline.Features.Review.History;
using EndoKED.Pipeline.Features.Examinations;
using EndoKED.Pipeline.Features.Examinations.Viewing;
using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Portal.Infrastructure.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EndoKED.Portal.Features.Examinations.Viewing;

public partial class ExaminationPage
{

    [Parameter] public Guid Id { get; set; }

    private bool _loading = true;
    private ExaminationDetails? _details;
    private IReadOnlyList<HistoryEntry> _history = [];
    private List<BreadcrumbItem> _crumbs = [];
    private ImageView? _shown;
    private IReadOnlyList<EndoKED.Pipeline.Features.Extraction.Findings.EvidenceSpan> _evidence = [];
    private bool _dialogOpen;
    private readonly DialogOptions _dialogOptions = new() { MaxWidth = MaxWidth.Large, CloseOnEscapeKey = true, CloseButton = true };

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        var caller = await CallerAsync();
        await using var scope = Scopes.CreateAsyncScope();
        _details = await scope.ServiceProvider.GetRequiredService<GetExamination>().HandleAsync(Id, caller);
        _history = await scope.ServiceProvider.GetRequiredService<GetItemHistory>().HandleAsync("examination", Id, caller) is { } h ? h.Entries : [];
        if (_details is not null)
            await scope.ServiceProvider.GetRequiredService<AccessLog>().RecordViewAsync(caller, "examination", Id, _details.Examination.CentreId, RemoteAddress, "page");
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
