using EndoKED.Pipeline.Features.Examinations.Listing;
using EndoKED.Pipeline.Features.Centres;
using EndoKED.Shared.Records;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EndoKED.Portal.Features.Examinations.Listing;

public partial class ExaminationsPage
{
    private MudTable<ExaminationListItem>? _table;
    private string? _centre;
    private ExaminationStatus? _status;
    private int _total;
    private IReadOnlyList<string> _centres = [];

    [SupplyParameterFromQuery(Name = "centre")]
    public string? CentreFromQuery { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _centre = CentreFromQuery;
        // A short scope per operation: never a session held for the life of the circuit.
        await using var scope = Scopes.CreateAsyncScope();
        var centres = await scope.ServiceProvider.GetRequiredService<ListCentres>().HandleAsync(await CallerAsync());
        _centres = centres.Select(c => c.CentreId).ToList();
    }

    private async Task<TableData<ExaminationListItem>> LoadAsync(TableState state, CancellationToken ct)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var query = new ExaminationListQuery(_centre, _status, state.Page + 1, state.PageSize);
        var page = await scope.ServiceProvider.GetRequiredService<ListExaminations>().HandleAsync(query, await CallerAsync(), ct);
        _total = page.Total;
        return new TableData<ExaminationListItem> { Items = page.Items, TotalItems = page.Total };
    }

    private Task CentreChanged(string? centre)
    {
        _centre = centre;
        return _table?.ReloadServerData() ?? Task.CompletedTask;
    }

    private Task StatusChanged(ExaminationStatus? status)
    {
        _status = status;
        return _table?.ReloadServerData() ?? Task.CompletedTask;
    }

    private void Open(TableRowClickEventArgs<ExaminationListItem> row)
    {
        if (row.Item is { } item) Nav.NavigateTo($"/examinations/{item.Id}");
    }
}
