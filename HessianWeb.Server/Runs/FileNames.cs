using System.Text;

namespace HessianWeb.Server.Runs;

/// <summary>Names from the domain (run names, checkpoint labels such as "end·2") made safe as file and zip entry names.</summary>
public static class FileNames
{
    /// <summary>Letters, digits, '.', '-' and '_' are kept (ASCII only); every other run of characters becomes one '_'.</summary>
    public static string Sanitize(string name, string fallback = "unnamed")
    {
        var result = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') result.Append(c);
            else if (result.Length == 0 || result[^1] != '_') result.Append('_');
        }
        var safe = result.ToString().Trim('_', '.');
        return safe.Length == 0 ? fallback : safe;
    }
}
