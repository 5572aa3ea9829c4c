using System.Globalization;

namespace HessianWeb.Shared.Artifacts;

/// <summary>File sizes in the words a person reads in an error: "12.3 MB", "1.2 GB" (decimal units, as disks are sold).</summary>
public static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        < 1_000 => $"{bytes} B",
        < 1_000_000 => Scaled(bytes, 1e3, "kB"),
        < 1_000_000_000 => Scaled(bytes, 1e6, "MB"),
        _ => Scaled(bytes, 1e9, "GB"),
    };

    static string Scaled(long bytes, double unit, string name) =>
        (bytes / unit).ToString(bytes / unit >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + name;
}
