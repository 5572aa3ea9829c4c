using HessianWeb.Server.Access.Accounts;
using Microsoft.AspNetCore.Identity;

namespace HessianWeb.Server.Access.Pages;

/// <summary>What the account pages' forms post: a user name, a password and, for a new account, the password again.</summary>
public sealed class AccountForm
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? Repeat { get; set; }

    /// <summary>What is wrong with a new account's fields before Identity sees them, in words; null when nothing is.</summary>
    public string? NewAccountProblem() =>
        string.IsNullOrWhiteSpace(UserName) ? "Choose a user name."
        : string.IsNullOrEmpty(Password) ? "Choose a password."
        : Password != Repeat ? "The two passwords differ: type the same password twice."
        : null;

    /// <summary>Empties the password fields of a form that is shown again, so that the page does not carry them back.</summary>
    public void ForgetPasswords() => Password = Repeat = null;

    /// <summary>Signs the browser in as the account just made from this form (a persistent session, as the sign-in page makes).</summary>
    public async Task SignInAsNewAsync(SignInManager<HessianUser> signIn, HttpContext http)
    {
        signIn.Context = http;
        var user = await signIn.UserManager.FindByNameAsync(UserName!.Trim())
            ?? throw new InvalidOperationException($"The account {UserName} was made but cannot be found.");
        await signIn.SignInAsync(user, isPersistent: true);
    }

    /// <summary>Identity's reasons (a taken name, a short password) as one paragraph.</summary>
    public static string Reasons(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
