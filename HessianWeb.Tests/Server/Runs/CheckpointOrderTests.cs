using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Runs;

public sealed class CheckpointOrderTests
{
    [Fact]
    public void Training_order_then_reanalyses()
    {
        string[] arrived = ["end·2", "epoch-100", "end", "init", "epoch-20", "epoch-5", "epoch-20·2", "end·10", "end·3"];

        Assert.Equal(["init", "epoch-5", "epoch-20", "epoch-100", "end", "epoch-20·2", "end·2", "end·3", "end·10"], CheckpointOrder.Sort(arrived));
    }

    [Fact]
    public void Insert_keeps_a_list_in_order_and_without_repeats()
    {
        var list = new List<string>();
        foreach (var c in new[] { Checkpoints.End, Checkpoints.Init, Checkpoints.AtEpoch(10), Checkpoints.End, "end·2" })
            CheckpointOrder.Insert(list, c);

        Assert.Equal([Checkpoints.Init, "epoch-10", Checkpoints.End, "end·2"], list);
    }
}
