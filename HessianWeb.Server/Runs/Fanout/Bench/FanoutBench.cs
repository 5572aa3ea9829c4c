using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs.Fanout.Bench;

/// <summary>
/// <c>fanout-bench</c>: the relay's messages (<see cref="RelayMessage"/> JSON, as the store's events are) sent between two
/// connections over Redis pub/sub and over PostgreSQL's LISTEN/NOTIFY, at the rates of several live runs; prints per
/// case the publish → receive latency (p50, p95, max, including parsing the message) and what failed or never came.
/// </summary>
public static class FanoutBench
{
    /// <param name="PerRunPerSecond">A training run's epochs come tens of times a second; densities once per checkpoint, here twice a second.</param>
    sealed record Payload(string Name, int PerRunPerSecond, Func<Guid, long, RunEvent> Make);

    static readonly Payload[] Payloads =
    [
        new("epoch", 50, Epoch),
        // A density on a 201-point grid (~50 KB), and on the 1,001-point grid the stored ones have (~250 KB).
        new("density-201", 2, (run, sequence) => Density(run, sequence, 201)),
        new("density-1001", 2, (run, sequence) => Density(run, sequence, 1001)),
    ];

    /// <summary>How long messages still on their way are waited for once a case stops sending.</summary>
    static readonly TimeSpan Stragglers = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(FanoutBenchOptions options, TextWriter output)
    {
        output.WriteLine($"{"transport",-11}{"runs",5} {"payload",-13}{"bytes",8}{"sent",7}{"recvd",7}{"failed",7}{"lost",6}{"p50 ms",8}{"p95 ms",8}{"max ms",8}  first failure");
        Func<IBenchTransport>[] transports = [() => new RedisBenchTransport(options.Redis), () => new PostgresBenchTransport(options.Postgres)];
        foreach (var transport in transports)
            foreach (var runs in options.Runs)
                foreach (var payload in Payloads)
                {
                    await using var t = transport();
                    output.WriteLine(await MeasureAsync(t, runs, payload, options.Seconds));
                }
    }

    static async Task<string> MeasureAsync(IBenchTransport transport, int runs, Payload payload, int seconds)
    {
        var from = Guid.NewGuid();
        var sentAt = new ConcurrentDictionary<(Guid, long), long>();
        var latencies = new ConcurrentQueue<double>();
        await transport.ListenAsync(json =>
        {
            var e = JsonSerializer.Deserialize<RelayMessage>(json, JsonFormat.Options)!.Events![0];
            if (sentAt.TryRemove((e.RunId, e.Sequence), out var at)) latencies.Enqueue(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
        });
        long sent = 0, failed = 0, bytes = 0;
        string? firstFailure = null;
        var until = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        await Task.WhenAll(Enumerable.Range(0, runs).Select(async _ =>
        {
            var run = Guid.NewGuid();
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / payload.PerRunPerSecond));
            for (long sequence = 1; Stopwatch.GetTimestamp() < until && await timer.WaitForNextTickAsync(); sequence++)
            {
                var json = JsonSerializer.Serialize(new RelayMessage(from, RelayMessageKind.Events, [payload.Make(run, sequence)]), JsonFormat.Options);
                Interlocked.Exchange(ref bytes, Encoding.UTF8.GetByteCount(json));
                sentAt[(run, sequence)] = Stopwatch.GetTimestamp();
                try
                {
                    await transport.PublishAsync(json);
                    Interlocked.Increment(ref sent);
                }
                catch (Exception ex)
                {
                    sentAt.TryRemove((run, sequence), out long _);
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, ex.Message, null);
                }
            }
        }));
        var waited = Stopwatch.StartNew();
        while (!sentAt.IsEmpty && waited.Elapsed < Stragglers) await Task.Delay(20);
        var sorted = latencies.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{transport.Name,-11}{runs,5} {payload.Name,-13}{bytes,8}{sent,7}{sorted.Length,7}{failed,7}{sentAt.Count,6}" +
            $"{Percentile(sorted, 0.50),8:F1}{Percentile(sorted, 0.95),8:F1}{(sorted.Length > 0 ? sorted[^1] : double.NaN),8:F1}  {firstFailure}");
    }

    static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Round(p * (sorted.Length - 1))];

    static RunEvent Epoch(Guid run, long sequence) => new()
    {
        RunId = run, Sequence = sequence, Kind = RunEventKind.Epoch,
        Epoch = new EpochMetrics((int)sequence, Random.Shared.NextDouble(), Random.Shared.NextDouble(), Random.Shared.NextDouble(), Random.Shared.NextDouble(), Random.Shared.NextDouble()),
    };

    /// <summary>As the worker's stochastic Lanczos quadrature sends it: a grid, the mean density and ten probes' densities.</summary>
    static RunEvent Density(Guid run, long sequence, int points)
    {
        double[] Values() => Enumerable.Range(0, points).Select(_ => Random.Shared.NextDouble() * 0.5 - 0.25).ToArray();
        return new RunEvent
        {
            RunId = run, Sequence = sequence, Kind = RunEventKind.Density,
            Density = new DensityResult(Checkpoints.End, CurvatureOperators.Hessian, Values(), Values(),
                Enumerable.Range(0, 10).Select(_ => Values()).ToArray(), 0.01, 10, 80, "rademacher", 800),
        };
    }
}
