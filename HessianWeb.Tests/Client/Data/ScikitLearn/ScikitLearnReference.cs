using System.Diagnostics;
using System.Globalization;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Data.ScikitLearn;

/// <summary>
/// Runs make_blobs_reference.py with Debian's Python (which has numpy and scikit-learn; the pyenv python3 on PATH has
/// not) and reads its points back exactly, from float.hex() text.
/// </summary>
static class ScikitLearnReference
{
    const string Python = "/usr/bin/python3";
    const string Install = "install Debian's python3-sklearn (test.sh does: apt-get install python3-sklearn)";

    public static (string Versions, int[] Labels, double[] Inputs) MakeBlobs(DataSpec spec)
    {
        if (!File.Exists(Python)) Assert.Fail($"{Python} is missing: the scikit-learn comparison needs it; {Install}.");
        var script = Path.Combine(AppContext.BaseDirectory, "Client", "Data", "ScikitLearn", "make_blobs_reference.py");
        string[] args =
        [
            script, Text(spec.Classes), Text(spec.ClustersPerClass), Text(spec.InputDim), Text(spec.TrainSize + spec.TestSize),
            spec.ClusterStd.ToString("R", CultureInfo.InvariantCulture), Text(spec.Seed),
            spec.Separation is { } s ? s.ToString("R", CultureInfo.InvariantCulture) : "none", spec.Standardise ? "1" : "0",
        ];
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Python} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            Assert.Fail($"{Python} make_blobs_reference.py failed (exit {process.ExitCode}); {Install}.\n{error.Result}");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var labels = new int[lines.Length - 1];
        var inputs = new List<double>();
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ');
            labels[i - 1] = int.Parse(fields[0], CultureInfo.InvariantCulture);
            inputs.AddRange(fields.Skip(1).Select(ParseHex));
        }
        return (lines[0], labels, inputs.ToArray());
    }

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Python's float.hex(): [-]0x1.hhhhhhhhhhhhhp±e (or 0x0.… for zero and subnormals), exact by construction.</summary>
    public static double ParseHex(string text)
    {
        var negative = text.StartsWith('-');
        var body = text.TrimStart('-');
        if (!body.StartsWith("0x", StringComparison.Ordinal)) throw new FormatException($"Not a float.hex() value: {text}");
        var p = body.IndexOf('p');
        var mantissa = body[2..p].Split('.');
        var fraction = mantissa.Length > 1 ? mantissa[1] : "";
        var digits = ulong.Parse(mantissa[0] + fraction, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var exponent = int.Parse(body[(p + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) - 4 * fraction.Length;
        var value = Math.ScaleB(digits, exponent); // digits < 2^53, so the conversion and the scaling are exact
        return negative ? -value : value;
    }
}
