using HessianWeb.Client.Worker;

namespace HessianWeb.Tests.Client.Worker;

public sealed class ReconnectBackOffTests
{
    [Fact]
    public void Waits_grow_exponentially_with_jitter_up_to_the_cap_and_stop_at_the_give_up_time()
    {
        var backOff = new ReconnectBackOff(TimeSpan.FromMinutes(1), new Random(7));
        for (var attempt = 0; attempt < 12; attempt++)
        {
            // Equal jitter: between half the step and the step; the step doubles from 0.5 s to the 10 s cap.
            var step = Math.Min(10, 0.5 * Math.Pow(2, attempt));
            var delay = backOff.NextDelay(attempt, TimeSpan.FromSeconds(1))!.Value.TotalSeconds;
            Assert.InRange(delay, step / 2, step);
        }
        var steps = Enumerable.Range(0, 200).Select(_ => backOff.NextDelay(10, TimeSpan.Zero)!.Value.TotalSeconds).ToList();
        Assert.True(steps.Distinct().Count() > 100, "the waits are jittered");

        Assert.Equal(2.0, backOff.NextDelay(10, TimeSpan.FromSeconds(58))!.Value.TotalSeconds, 1e-9); // never past the give-up time
        Assert.Null(backOff.NextDelay(10, TimeSpan.FromMinutes(1)));
        Assert.Null(backOff.NextDelay(0, TimeSpan.FromMinutes(2)));
    }
}
