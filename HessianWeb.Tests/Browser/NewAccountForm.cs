using HessianWeb.Tests.Hosting;
using Microsoft.Playwright;

namespace HessianWeb.Tests.Browser;

/// <summary>The new-account fields of the setup and invitation pages (Access/Pages/NewAccountFields.razor).</summary>
public static class NewAccountForm
{
    public static async Task FillAsync(IPage page, string name, string repeat = SignedInUsers.Password)
    {
        await page.FillAsync("[data-testid=user-name]", name);
        await page.FillAsync("[data-testid=password]", SignedInUsers.Password);
        await page.FillAsync("[data-testid=repeat]", repeat);
    }
}
