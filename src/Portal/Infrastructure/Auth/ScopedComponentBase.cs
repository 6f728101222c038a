using EndoKED.Pipeline.Infrastructure.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace EndoKED.Portal.Infrastructure.Auth;

/// <summary>A page that queries data: it asks for the caller's scope per operation, never caches a session.</summary>
public abstract class ScopedComponentBase : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }
    [Inject] private CallerScopes CallerScopes { get; set; } = default!;
    [Inject] protected IServiceScopeFactory Scopes { get; set; } = default!;

    /// <summary>Where the browser connects from (for the access log).</summary>
    [CascadingParameter(Name = "RemoteAddress")] protected string? RemoteAddress { get; set; }

    protected async Task<AccessScope> CallerAsync()
    {
        var state = AuthState is null ? null : await AuthState;
        return await CallerScopes.ForAsync(state?.User)
               ?? throw new UnauthorizedAccessException("Your session ended or your account was disabled: sign in again.");
    }
}
