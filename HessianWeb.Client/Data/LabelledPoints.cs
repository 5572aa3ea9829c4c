namespace HessianWeb.Client.Data;

/// <summary>Points with class labels; point i is <c>Inputs[i·Dimension .. (i+1)·Dimension)</c>.</summary>
public sealed record LabelledPoints(double[] Inputs, int[] Labels, int Dimension)
{
    public int Count => Labels.Length;

    public ReadOnlySpan<double> Point(int index) => Inputs.AsSpan(index * Dimension, Dimension);
}
