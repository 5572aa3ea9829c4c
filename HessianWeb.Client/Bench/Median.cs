using System.Diagnostics;

namespace HessianWeb.Client.Bench;

internal static class Median
{
    /// <summary>
    /// The median wall times of several actions, in milliseconds, timed in rounds (each action once per round, in order)
    /// after untimed warm-up rounds, so that a drift in the machine's load affects them all alike.
    /// </summary>
    public static double[] Interleaved(int warmup, int repeats, params Action[] actions)
    {
        for (var i = 0; i < warmup; i++)
            foreach (var action in actions) action();
        var times = actions.Select(_ => new double[repeats]).ToArray();
        for (var i = 0; i < repeats; i++)
            for (var a = 0; a < actions.Length; a++)
            {
                var start = Stopwatch.GetTimestamp();
                actions[a]();
                times[a][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        return times.Select(Of).ToArray();
    }

    public static double Of(double[] values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
