using System.Globalization;

namespace HessianWeb.Server.Components.Pages.Runs.YourModel;

/// <summary>Byte counts as people read them: 812 bytes, 4.2 kB, 1.07 GB (powers of 1000).</summary>
public static class FileSize
{
    static readonly string[] Units = ["kB", "MB", "GB", "TB"];

    public static string Words(long bytes)
    {
        if (bytes < 1000) return $"{bytes} byte{(bytes == 1 ? "" : "s")}";
        double value = bytes;
        var unit = -1;
        while (value >= 1000 && unit < Units.Length - 1) { value /= 1000; unit++; }
        return $"{value.ToString(value < 10 ? "0.##" : value < 100 ? "0.#" : "0", CultureInfo.InvariantCulture)} {Units[unit]}";
    }
}
