namespace HessianWeb.Server.Components.Layout;

/// <summary>
/// Where the reader is, as the browser reports it: the layout cascades it so that every page shows
/// times in the reader's local time, not the server's.
/// </summary>
public sealed record BrowserTimeZone(TimeZoneInfo Zone)
{
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The browser's IANA zone when this machine knows it, else its current UTC offset.</summary>
    public static BrowserTimeZone From(string? id, int offsetMinutes)
    {
        if (id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return new(zone);
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var name = $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}";
        return new(TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name));
    }
}
