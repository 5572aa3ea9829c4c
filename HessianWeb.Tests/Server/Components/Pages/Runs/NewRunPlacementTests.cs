using Bunit;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

/// <summary>The new-run form's device, and a run no connected worker could hold, refused in words when it is started.</summary>
public sealed class NewRunPlacementTests : DashboardTestContext
{
    [Fact]
    public async Task The_device_chosen_reaches_the_stored_spec_and_any_leaves_it_out()
    {
        var page = Render<NewRun>();
        Assert.Contains("Any", page.Find("[data-testid=field-device]").OuterHtml);

        await ChooseDevice(page, DeviceKind.Cuda);
        await page.Find("[data-testid=submit-run]").ClickAsync(new());

        Assert.Equal(DeviceKind.Cuda, Assert.Single(await Listing.ListAsync()).Spec.Device);
    }

    [Fact]
    public async Task A_run_no_connected_worker_can_hold_is_refused_in_words_and_nothing_is_stored()
    {
        Registry.Add(Worker("gpu-07") with { MemoryBytes = 80_000 });
        var page = Render<NewRun>();

        await page.Find("[data-testid=submit-run]").ClickAsync(new());

        Assert.Equal("No worker can hold this run: it needs about 110 kB for its vectors and Lanczos basis; the largest worker, 'gpu-07', has 80.0 kB.",
            page.Find("[data-testid=submit-error]").TextContent.Trim());
        Assert.Empty(await Listing.ListAsync());
        Assert.EndsWith("/", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.False(page.Find("[data-testid=submit-run]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_device_no_worker_has_is_refused_in_words()
    {
        Registry.Add(Worker("cpu-1"));
        var page = Render<NewRun>();

        await ChooseDevice(page, DeviceKind.Cuda);
        await page.Find("[data-testid=submit-run]").ClickAsync(new());

        Assert.Equal("No connected worker has a CUDA device (workers: 'cpu-1' cpu).", page.Find("[data-testid=submit-error]").TextContent.Trim());
        Assert.Empty(await Listing.ListAsync());
    }

    /// <summary>Picks a device as the select's popover would: through the select's bound callback.</summary>
    static async Task ChooseDevice(IRenderedComponent<NewRun> page, DeviceKind? device)
    {
        var select = page.FindComponent<MudBlazor.MudSelect<DeviceKind?>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(device));
    }
}
