using HessianWeb.Shared;
using System.Text;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Server.Runs.Listing;

namespace HessianWeb.Tests.Server.Runs;

/// <summary>The store's quick read of epoch events gives exactly what System.Text.Json gives, and leaves everything else to it.</summary>
public sealed class StoredEventsTests
{
    static byte[] Json(RunEvent e) => Encoding.UTF8.GetBytes(JsonFormat.Serialize(e));

    [Fact]
    public void Epoch_events_read_as_System_Text_Json_reads_them_including_NaN_infinities_missing_test_values_and_phases()
    {
        var random = new Random(7);
        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -0.0, double.Epsilon, double.MaxValue, 1e-300];
        for (var i = 0; i < 500; i++)
        {
            double Value() => random.Next(10) == 0 ? specials[random.Next(specials.Length)] : random.NextDouble() * Math.Pow(10, random.Next(-12, 12));
            var e = new RunEvent
            {
                RunId = Guid.NewGuid(), Sequence = random.NextInt64(1, long.MaxValue), Kind = RunEventKind.Epoch,
                Timestamp = DateTimeOffset.UnixEpoch.AddTicks(random.NextInt64(0, 700_000_000_000_000_000)).ToOffset(TimeSpan.FromMinutes(60 * random.Next(-12, 13))),
                Epoch = new EpochMetrics(random.Next(), Value(), Value(), random.Next(3) == 0 ? null : Value(), random.Next(3) == 0 ? null : Value(), Value(),
                    random.Next(3) == 0 ? $"phase-{i}" : null),
            };
            var json = Json(e);

            var quick = StoredEvents.TryReadEpoch(json);

            Assert.NotNull(quick);
            Assert.Equal(JsonFormat.Deserialize<RunEvent>(Encoding.UTF8.GetString(json)), quick);
            Assert.Equal(e, quick);
        }
    }

    [Fact]
    public void Other_kinds_and_epoch_events_with_unexpected_fields_go_to_System_Text_Json()
    {
        var run = Guid.NewGuid();
        var status = new RunEvent { RunId = run, Sequence = 1, Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training) };
        var lanczos = new RunEvent { RunId = run, Sequence = 2, Kind = RunEventKind.Lanczos, Lanczos = new LanczosIteration(Checkpoints.End, 1, [1.0], [0.1], 1) };
        var epoch = new RunEvent { RunId = run, Sequence = 3, Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(1, 1, 0.5, null, null, 0.1) };
        // A field a later version might add: the quick read declines, the general one ignores it as before.
        var extended = Encoding.UTF8.GetBytes(JsonFormat.Serialize(epoch).Replace("\"gradNorm\"", "\"learningRate\":0.1,\"gradNorm\""));

        Assert.Null(StoredEvents.TryReadEpoch(Json(status)));
        Assert.Null(StoredEvents.TryReadEpoch(Json(lanczos)));
        Assert.Null(StoredEvents.TryReadEpoch(extended));
        Assert.Equal(status, StoredEvents.Parse(Json(status)));
        Assert.Equal(JsonFormat.Serialize(lanczos), JsonFormat.Serialize(StoredEvents.Parse(Json(lanczos))));
        Assert.Equal(epoch, StoredEvents.Parse(extended));
    }

    [Fact]
    public async Task The_store_reads_back_every_kind_it_stored()
    {
        await using var fixture = await ListingStore.CreateAsync();
        var run = await fixture.Store.CreateAsync(new ExperimentSpec());
        RunEvent Next(int i, Func<RunEvent, RunEvent> payload) => payload(new RunEvent { RunId = run.Id, Sequence = run.LastSequence + 1 + i, Kind = RunEventKind.Status });
        var events = new[]
        {
            Next(0, e => e with { Status = new StatusChange(RunStatus.Running, RunPhase.Training, ParameterCount: 109) }),
            Next(1, e => e with { Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(1, double.NaN, 0.25, 2.5, null, double.PositiveInfinity, "lb") }),
            Next(2, e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Exact, [3.0, 1.0]) }),
            Next(3, e => e with { Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(2, 0.5, 0.75, 0.6, 0.7, 1e-3) }),
        };
        await fixture.Store.AppendAsync(events);

        var read = await fixture.Results.GetEventsAsync(run.Id, after: run.LastSequence);

        Assert.Equal(events.Select(JsonFormat.Serialize), read.Select(JsonFormat.Serialize));
        Assert.Equal([1, 2], (await fixture.Results.GetEpochsAsync(run.Id)).Select(e => e.Epoch));
    }
}
