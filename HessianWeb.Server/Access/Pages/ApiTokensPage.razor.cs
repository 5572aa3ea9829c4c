using System.Security.Claims;
using HessianWeb.Server.Access.Tokens;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace HessianWeb.Server.Access.Pages;

/// <summary>
/// The signed-in user's API tokens: make one (its secret is on the page once, right after), see when each was used,
/// revoke. Admins revoke anyone's through the API; this page is about one's own.
/// </summary>
public sealed partial class ApiTokensPage
{
    public const string Path = "/account/tokens";

    [Inject] ApiTokens Tokens { get; set; } = default!;
    [Inject] TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;

    ClaimsPrincipal user = new();
    string? userId;
    IReadOnlyList<ApiTokenRecord>? tokens;
    NewApiTokenForm form = new();
    string? problem;
    bool busy;
    /// <summary>The secret of the token just made: held by this page only until it is dismissed or left.</summary>
    string? secret;
    string? createdName;
    Guid? confirming;

    string UserRole => user.Role() ?? Roles.Viewer;
    IEnumerable<string> GrantableRoles => Roles.All.Where(r => Roles.Covers(UserRole, r));

    protected override async Task OnInitializedAsync()
    {
        user = (await Auth).User;
        userId = user.UserId();
        form.Role = UserRole;
        await LoadAsync();
    }

    async Task LoadAsync() => tokens = userId is null ? [] : await Tokens.ListAsync(userId);

    async Task CreateAsync()
    {
        problem = form.Problem(UserRole);
        if (problem is not null || userId is null) return;
        busy = true;
        try
        {
            var expires = form.ExpiresInDays is { } days ? Clock.GetUtcNow().UtcDateTime.AddDays(days) : (DateTime?)null;
            var (record, token) = await Tokens.CreateAsync(userId, user.UserName()!, form.Name!, form.Role, expires);
            (secret, createdName) = (token, record.Name);
            form = new() { Role = form.Role };
            await LoadAsync();
        }
        finally { busy = false; }
    }

    async Task RevokeAsync(Guid id)
    {
        confirming = null;
        problem = await Tokens.RevokeAsync(id, userId, user.UserName()!) ? null : "That token is gone: it may have been removed meanwhile.";
        await LoadAsync();
    }

    string State(ApiTokenRecord token) =>
        token.RevokedAt is { } revoked ? $"revoked {revoked:yyyy-MM-dd}"
        : token.ExpiresAt <= Clock.GetUtcNow().UtcDateTime ? "expired"
        : "active";
}
