using EndoKED.Pipeline.Features.Accounts;
using EndoKED.Shared;

namespace EndoKED.Portal.Features.Admin.ManagingUsers;

public partial class UsersPage
{
    private IReadOnlyList<AccountListItem> _users = [];
    private string _newName = "", _newPassword = "", _newCentres = "";
    private Role _newRole = Role.Clinician;
    private string? _message;
    private bool _ok;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        _users = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().ListAsync();
    }

    private static string CentresText(AccountListItem u) => string.Join(", ", u.Centres);

    private static string[] ParseCentres(string? text) =>
        (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task CreateAsync()
    {
        var caller = await CallerAsync();
        await using var scope = Scopes.CreateAsyncScope();
        var error = await scope.ServiceProvider.GetRequiredService<Accounts>()
            .CreateAsync(_newName, _newPassword, _newRole, ParseCentres(_newCentres), caller.Actor);
        Report(error, $"Created {_newName}.");
        if (error is null) { _newName = _newPassword = _newCentres = ""; }
        await LoadAsync();
    }

    private async Task ChangeAsync(AccountListItem user, Role role, string? centres)
    {
        var caller = await CallerAsync();
        await using var scope = Scopes.CreateAsyncScope();
        var error = await scope.ServiceProvider.GetRequiredService<AccountAdministration>()
            .ChangeGrantsAsync(user.Id, role, ParseCentres(centres), caller.Actor);
        Report(error, $"{user.Id}: {role}, centres {string.Join(", ", ParseCentres(centres))}.");
        await LoadAsync();
    }

    private async Task ToggleAsync(AccountListItem user)
    {
        var caller = await CallerAsync();
        await using var scope = Scopes.CreateAsyncScope();
        var error = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().SetDisabledAsync(user.Id, !user.Disabled, caller.Actor);
        Report(error, $"{user.Id} {(user.Disabled ? "enabled" : "disabled")}.");
        await LoadAsync();
    }

    private void Report(string? error, string success)
    {
        _ok = error is null;
        _message = error ?? success;
    }
}
