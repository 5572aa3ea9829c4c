using HessianWeb.Shared;
using System.Data.Common;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs;

/// <summary>
/// Reads stored events without first turning each row's JSON into a .NET string: SQLite hands over the UTF-8 bytes it
/// keeps, and epoch events, the bulk of a long run (one per epoch), are read by one pass that knows their few fields.
/// Every other kind, and an epoch event with anything that pass does not expect, goes through System.Text.Json as
/// before, so both give the same events. Reading a run of 100,000 epoch events took a half to a third of the time here.
/// </summary>
static class StoredEvents
{
    /// <summary>The events whose JSON <paramref name="json"/> selects, in its order.</summary>
    public static async Task<List<RunEvent>> ReadAsync(RunsDbContext db, IQueryable<string> json, CancellationToken ct)
    {
        await using var command = json.CreateDbCommand();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var events = new List<RunEvent>();
            while (await reader.ReadAsync(ct)) events.Add(Parse(Utf8(reader)));
            return events;
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    /// <summary>SQLite's text as its bytes (sqlite3_column_blob of a TEXT value is its UTF-8).</summary>
    static byte[] Utf8(DbDataReader reader) => reader.GetFieldValue<byte[]>(0);

    public static RunEvent Parse(ReadOnlySpan<byte> json) =>
        TryReadEpoch(json) ?? JsonSerializer.Deserialize<RunEvent>(json, JsonFormat.Options)!;

    /// <summary>An epoch event as <see cref="JsonFormat"/> writes it; null for anything else, or anything unexpected in one.</summary>
    internal static RunEvent? TryReadEpoch(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        Guid? runId = null;
        long? sequence = null;
        DateTimeOffset? timestamp = null;
        EpochMetrics? metrics = null;
        var isEpoch = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("epoch"u8))
            {
                if (!reader.Read() || ReadMetrics(ref reader) is not { } m) return null;
                metrics = m;
                continue;
            }
            var name = reader.ValueTextEquals("runId"u8) ? 1 : reader.ValueTextEquals("sequence"u8) ? 2
                : reader.ValueTextEquals("kind"u8) ? 3 : reader.ValueTextEquals("timestamp"u8) ? 4 : 0;
            if (name == 0 || !reader.Read()) return null;
            switch (name)
            {
                case 1 when reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var id): runId = id; break;
                case 2 when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s): sequence = s; break;
                case 3 when reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("epoch"u8): isEpoch = true; break;
                case 4 when reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var t): timestamp = t; break;
                default: return null;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return null;
        if (!isEpoch || runId is null || sequence is null || timestamp is null || metrics is null) return null;
        return new RunEvent { RunId = runId.Value, Sequence = sequence.Value, Kind = RunEventKind.Epoch, Timestamp = timestamp.Value, Epoch = metrics };
    }

    static EpochMetrics? ReadMetrics(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        int? epoch = null;
        double? trainLoss = null, trainAccuracy = null, testLoss = null, testAccuracy = null, gradNorm = null;
        string? phase = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("epoch"u8) ? 1 : reader.ValueTextEquals("trainLoss"u8) ? 2
                : reader.ValueTextEquals("trainAccuracy"u8) ? 3 : reader.ValueTextEquals("testLoss"u8) ? 4
                : reader.ValueTextEquals("testAccuracy"u8) ? 5 : reader.ValueTextEquals("gradNorm"u8) ? 6
                : reader.ValueTextEquals("phase"u8) ? 7 : 0;
            if (name == 0 || !reader.Read()) return null;
            if (name == 1)
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var e)) return null;
                epoch = e;
                continue;
            }
            if (name == 7)
            {
                if (reader.TokenType != JsonTokenType.String) return null;
                phase = reader.GetString();
                continue;
            }
            if (Number(ref reader) is not { } value) return null;
            switch (name)
            {
                case 2: trainLoss = value; break;
                case 3: trainAccuracy = value; break;
                case 4: testLoss = value; break;
                case 5: testAccuracy = value; break;
                default: gradNorm = value; break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || epoch is null || trainLoss is null || trainAccuracy is null || gradNorm is null) return null;
        return new EpochMetrics(epoch.Value, trainLoss.Value, trainAccuracy.Value, testLoss, testAccuracy, gradNorm.Value, phase);
    }

    /// <summary>A number, or one of the names <see cref="JsonFormat"/> writes for the values JSON has none for (NaN, ±∞: a diverged run's).</summary>
    static double? Number(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetDouble(out var d) ? d : null;
        if (reader.TokenType != JsonTokenType.String) return null;
        if (reader.ValueTextEquals("NaN"u8)) return double.NaN;
        if (reader.ValueTextEquals("Infinity"u8)) return double.PositiveInfinity;
        if (reader.ValueTextEquals("-Infinity"u8)) return double.NegativeInfinity;
        return null;
    }
}
