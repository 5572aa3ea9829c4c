namespace HessianWeb.Client.Spectral;

public enum TraceMethod { Hutchinson, HutchPlusPlus }

/// <param name="Value">The estimate of tr(A).</param>
/// <param name="StandardError">Of the random part: for Hutchinson the sample standard deviation of zᵀAz over √probes;
/// for Hutch++ that of the deflated remainder's probes (conditional on the sketch, whose part is exact).</param>
/// <param name="OperatorApplications">Products with A taken.</param>
public sealed record TraceEstimate(double Value, double StandardError, int OperatorApplications, TraceMethod Method);
