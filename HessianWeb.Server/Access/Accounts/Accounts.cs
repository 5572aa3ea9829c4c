using HessianWeb.Server.Access.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Access.Accounts;

/// <summary>The group's accounts as an admin manages them: list, change a role, remove. The last admin stays an admin.</summary>
public sealed class Accounts(IServiceScopeFactory scopes, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<HessianUser>> ListAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>();
        return await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
    }

    public async Task<bool> AnyAdminAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>();
        return await users.Users.AnyAsync(u => u.Role == Roles.Admin, ct);
    }

    /// <summary>The first admin, made from the setup link; fails once an admin exists.</summary>
    public async Task<IdentityResult> CreateFirstAdminAsync(string userName, string password, CancellationToken ct = default)
    {
        if (await AnyAdminAsync(ct)) return Failed("An admin already exists: sign in, or ask them for an invitation.");
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>();
        var user = new HessianUser { UserName = userName.Trim(), Role = Roles.Admin, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded) await audit.WriteAsync(user.UserName!, "account created", user.UserName!, "first admin, from the setup link", ct);
        return created;
    }

    /// <summary>Gives a user another role; their sessions pick it up at the next security-stamp check.</summary>
    public async Task<IdentityResult> SetRoleAsync(string userId, string role, string actor, CancellationToken ct = default)
    {
        if (!Roles.IsRole(role)) return Failed($"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}.");
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>();
        if (await users.FindByIdAsync(userId) is not { } user) return Failed($"There is no user {userId}.");
        if (user.Role == role) return IdentityResult.Success;
        if (user.Role == Roles.Admin && await users.Users.CountAsync(u => u.Role == Roles.Admin, ct) == 1)
            return Failed($"{user.UserName} is the only admin: make another admin first.");
        var was = user.Role;
        user.Role = role;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return updated;
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(actor, "role changed", user.UserName!, $"{was} → {role}", ct);
        return updated;
    }

    /// <summary>Removes an account; the runs it launched stay, under its name.</summary>
    public async Task<IdentityResult> RemoveAsync(string userId, string actor, CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HessianUser>>();
        if (await users.FindByIdAsync(userId) is not { } user) return Failed($"There is no user {userId}.");
        if (user.Role == Roles.Admin && await users.Users.CountAsync(u => u.Role == Roles.Admin, ct) == 1)
            return Failed($"{user.UserName} is the only admin and cannot be removed.");
        var removed = await users.DeleteAsync(user);
        if (removed.Succeeded) await audit.WriteAsync(actor, "account removed", user.UserName!, $"was {user.Role}", ct);
        return removed;
    }

    static IdentityResult Failed(string why) => IdentityResult.Failed(new IdentityError { Code = "Access", Description = why });
}
