using Bunit;
using HessianWeb.Server.Access.Tokens;
using HessianWeb.Server.Components.Pages.Workers;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Access.Admin;

public sealed class WorkerTokensCardTests : DashboardTestContext
{
    [Fact]
    public async Task A_new_worker_token_is_shown_once_with_the_command_that_starts_a_worker()
    {
        var card = Render<WorkerTokensCard>();
        card.WaitForAssertion(() => card.Find("[data-testid=worker-tokens-empty]"), Patience);

        card.Find("input").Change("gpu-1");
        card.Find("[data-testid=worker-token-create]").Click();

        card.WaitForAssertion(() => card.Find("[data-testid=worker-token-value]"), Patience);
        var token = card.Find("[data-testid=worker-token-value]").TextContent;
        Assert.StartsWith("hww_", token);
        Assert.Equal($"HESSIANWEB_WORKER_TOKEN={token} dotnet run -c Release --project HessianWeb.Client -- --server http://localhost --name gpu-1",
            card.Find("[data-testid=worker-token-command]").TextContent);
        var store = Services.GetRequiredService<WorkerTokenStore>();
        var row = Assert.Single(await store.ListAsync());
        Assert.Equal(("gpu-1", "tester"), (row.Name, row.CreatedBy));
        Assert.Equal(row.Id, await store.IdentifyAsync(token));
        Assert.Contains("gpu-1", card.Find("[data-testid=worker-token-row]").TextContent);

        // Opened again, the card lists the token but no longer shows it.
        var again = Render<WorkerTokensCard>();
        again.WaitForAssertion(() => Assert.Contains("tester", again.Find("[data-testid=worker-token-row]").TextContent), Patience);
        Assert.Empty(again.FindAll("[data-testid=worker-token-value]"));
        Assert.DoesNotContain(token, again.Markup);
    }
}
