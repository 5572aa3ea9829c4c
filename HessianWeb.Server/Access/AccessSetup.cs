using System.Threading.RateLimiting;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Access.Audit;
using HessianWeb.Server.Access.Invitations;
using HessianWeb.Server.Access.Shares;
using HessianWeb.Server.Access.Tokens;
using HessianWeb.Server.Runs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;

namespace HessianWeb.Server.Access;

public static class AccessSetup
{
    /// <summary>The scheme every request is authenticated by: it hands the request to the one that fits what it presents.</summary>
    public const string Scheme = "Access";
    public const string SessionCookie = "hw.session";
    public const string LoginRateLimit = "login";

    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Sign-in cookies and share links are signed with these keys; kept with the data so that both survive a restart.
        // On PostgreSQL they are in the store, so that every instance reads what another signed (SQLite keeps the folder
        // it always had: existing share links keep working).
        var protection = services.AddDataProtection().SetApplicationName("HessianWeb");
        var dataDirectory = RunsSetup.DataDirectory(builder.Configuration, builder.Environment);
        if (StoreProvider.FromConfiguration(builder.Configuration, dataDirectory).IsPostgreSql)
            protection.PersistKeysToDbContext<PostgresRunsDbContext>();
        else
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        services.AddIdentityCore<HessianUser>(o =>
            {
                // Length is what makes a password strong (NIST SP 800-63B); composition rules mostly make it harder to remember.
                o.Password.RequiredLength = 10;
                o.Password.RequiredUniqueChars = 4;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(10);
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
            })
            .AddEntityFrameworkStores<RunsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<RoleClaimsFactory>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, Scheme, o => o.ForwardDefaultSelector = SchemeOf)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ShareLinkAuthentication>(ShareLinkAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = SessionCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.LoginPath = AccessPaths.Login;
            o.AccessDeniedPath = AccessPaths.Denied;
            // A script gets a status, not a login page.
            o.Events.OnRedirectToLogin = c => Answer(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Answer(c, StatusCodes.Status403Forbidden);
        });
        // A changed role or a removed account reaches open sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorization(Policies.Add);
        services.AddScoped<IAuthorizationHandler, ReaderHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, CircuitRevalidation>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in attempts per client address: lockout guards an account, this guards the server from guessing across accounts.
            o.AddPolicy(LoginRateLimit, c => HttpMethods.IsPost(c.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(c.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
            // A person at the sign-in form reads why nothing happened, instead of a blank page.
            o.OnRejected = (c, ct) =>
            {
                c.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                return new ValueTask(c.HttpContext.Response.WriteAsync(
                    "Too many sign-in attempts from your address. Wait a minute, then go back and try again.", ct));
            };
        });

        services.AddSingleton<AuditLog>();
        services.AddSingleton<ShareLinks>();
        services.AddSingleton<ApiTokens>();
        services.AddSingleton<WorkerTokenStore>();
        services.AddSingleton<Invitations.Invitations>();
        services.AddSingleton<Accounts.Accounts>();
        services.AddSingleton<SetupLink>();
        services.AddHostedService(sp => sp.GetRequiredService<SetupLink>());
        return builder;
    }

    static string SchemeOf(HttpContext context)
    {
        var request = context.Request;
        if (TokenAuthentication.Presented(request) is not null) return TokenAuthentication.SchemeName;
        if (request.Cookies.ContainsKey(SessionCookie)) return IdentityConstants.ApplicationScheme;
        if (ShareLinkAuthentication.IsPresented(request)) return ShareLinkAuthentication.SchemeName;
        return IdentityConstants.ApplicationScheme;
    }

    static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (AccessPaths.IsApi(context.Request)) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
