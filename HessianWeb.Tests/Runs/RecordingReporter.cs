using HessianWeb.Client.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Runs;

/// <summary>Keeps every report in order, optionally acting on each (to cancel mid-run).</summary>
internal sealed class RecordingReporter(Action<object>? onReport = null) : IRunReporter
{
    public List<object> Reports { get; } = [];

    public IEnumerable<StatusChange> Statuses => Reports.OfType<StatusChange>();
    public IEnumerable<EpochMetrics> Epochs => Reports.OfType<EpochMetrics>();
    public IEnumerable<LanczosIteration> LanczosSteps => Reports.OfType<LanczosIteration>();
    public IEnumerable<SpectrumResult> Spectra => Reports.OfType<SpectrumResult>();

    public SpectrumResult SpectrumOf(string checkpoint, string method) =>
        Assert.Single(Spectra, s => s.Checkpoint == checkpoint && s.Method == method);

    public void Status(StatusChange status) => Record(status);
    public void Epoch(EpochMetrics metrics) => Record(metrics);
    public void Lanczos(LanczosIteration iteration) => Record(iteration);
    public void Spectrum(SpectrumResult spectrum) => Record(spectrum);

    void Record(object report)
    {
        Reports.Add(report);
        onReport?.Invoke(report);
    }
}
