using System.Text.Json;
using Bunit;
using HessianWeb.Server.Components.Charts;

namespace HessianWeb.Tests.Server.Components.Charts;

public sealed class ApexChartTests : BunitContext
{
    static readonly ChartOptions Loss = new() { Title = "Loss", XAxisTitle = "epoch", YAxisTitle = "loss (nats)" };

    readonly BunitJSModuleInterop module;

    public ApexChartTests()
    {
        module = JSInterop.SetupModule("./js/charts.js");
        foreach (var method in new[] { "append", "replace", "update", "destroy" })
            module.SetupVoid(method, _ => true).SetVoidResult();
    }

    [Fact]
    public async Task Data_sent_while_the_chart_is_being_created_is_drawn_once_it_exists()
    {
        var create = module.Setup<int>("create", _ => true);
        var chart = Render<ApexChart>(p => p.Add(c => c.Options, Loss));
        Assert.Single(module.Invocations["create"]);

        // "create" has not answered yet: the chart has no id to send to.
        await chart.InvokeAsync(() => chart.Instance.AppendAsync([Series("train", [1, 0.9])]));
        Assert.Empty(module.Invocations["append"]);

        create.SetResult(7);
        // The component resumes on the renderer's dispatcher; a no-op queued after it runs once it has.
        await chart.InvokeAsync(() => { });

        var append = Assert.Single(module.Invocations["append"]);
        Assert.Equal(7, append.Arguments[0]);
        var sent = Assert.Single((IEnumerable<ChartSeries>)append.Arguments[1]!);
        Assert.Equal([[1, 0.9]], sent.Points);
    }

    [Fact]
    public async Task New_options_restyle_the_chart_without_sending_its_data_again()
    {
        module.Setup<int>("create", _ => true).SetResult(3);
        var chart = Render<ApexChart>(p => p.Add(c => c.Options, Loss));
        await chart.InvokeAsync(() => chart.Instance.AppendAsync([Series("train", [1, 0.9], [2, 0.5])]));

        chart.Render(p => p.Add(c => c.Options, Loss with { LogY = true, YAxisTitle = "loss (nats, log scale)" }));
        chart.Render(p => p.Add(c => c.Options, Loss with { LogY = true, YAxisTitle = "loss (nats, log scale)" }));

        var update = Assert.Single(module.Invocations["update"]);
        Assert.Equal(3, update.Arguments[0]);
        var options = JsonSerializer.SerializeToElement(update.Arguments[1]);
        Assert.True(options.GetProperty("logY").GetBoolean());
        Assert.Equal("loss (nats, log scale)", options.GetProperty("yTitle").GetString());
        Assert.Single(module.Invocations["append"]);
        Assert.Single(module.Invocations["create"]);
    }

    [Fact]
    public void Points_that_are_not_finite_are_left_out()
    {
        var series = ChartSeries.Of("train", [(1, 0.5), (2, double.NaN), (3, double.PositiveInfinity), (4, 0.25)]);

        Assert.Equal([[1, 0.5], [4, 0.25]], series.Points);
    }

    static ChartSeries Series(string name, params double[][] points) => new(name, points);
}
