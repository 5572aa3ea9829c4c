using System.Diagnostics;
using HessianWeb.Client.Spectral;

namespace HessianWeb.Client.Bench;

/// <summary>An operator that clocks the time spent inside its products, so an algorithm's own overhead is the rest.</summary>
internal sealed class TimedOperator(ISymmetricOperator inner) : ISymmetricOperator
{
    long ticks;

    public int Dimension => inner.Dimension;
    public double RelativeAccuracy => inner.RelativeAccuracy;
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, ticks);
    public int Count { get; private set; }

    public void Apply(ReadOnlySpan<double> vector, Span<double> result)
    {
        var start = Stopwatch.GetTimestamp();
        inner.Apply(vector, result);
        ticks += Stopwatch.GetTimestamp() - start;
        Count++;
    }
}
