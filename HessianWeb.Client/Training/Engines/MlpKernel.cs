using System.Numerics;
using HessianWeb.Client.Curvature;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Training.Engines;

/// <summary>
/// An MLP's forward pass, mean loss and backward pass in one managed loop nest over flat arrays, no libtorch call: the
/// same network as <see cref="Models.Mlp"/> (Linear layers, the activation between them, logits out) and the same loss as
/// <see cref="TrainingLoss.Mean"/>, in the model's own floating type <typeparamref name="T"/>.
/// </summary>
/// <remarks>
/// <para>Why: a small model's step is a few thousand multiply-adds, which TorchSharp wraps in some sixty native calls
/// and as many tensor handles (forward, autograd, reads back); the calls, not the arithmetic, set the speed.</para>
/// <para>Parameters are laid out as the flat parameter vector (<see cref="Models.Network.Parameters"/>): each layer's weight
/// [out, in] row-major, then its bias. Backward is the chain rule by hand: δ_L = ∂ℓ/∂z_L (softmax − one-hot over N for
/// cross-entropy, 2(z − e_y)/(N·C) for mean squared error); ∂W_l = δ_lᵀ·a_l, ∂b_l = Σ_n δ_l; δ_{l−1} = (δ_l·W_l) ⊙ σ'(a_l),
/// with σ' read from the activation's output (ReLU: a &gt; 0, tanh: 1 − a², sigmoid: a(1 − a)), as torch's backward
/// formulas do. Sums run in a fixed order, so a run is bitwise repeatable; against torch they differ by rounding only.</para>
/// </remarks>
internal sealed class MlpKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly int[] widths;
    readonly int[] weightAt;
    readonly int[] biasAt;
    readonly Activation activation;
    readonly LossFunction loss;
    readonly T[][] activations; // a_0 (the rows' inputs) … a_{L−1}, then the logits z_L
    readonly T[][] deltas;      // ∂ℓ/∂z_l per layer, [rows, widths[l + 1]]
    readonly T[] dInput;        // δ_l·W_l before σ'
    readonly int capacity;

    /// <param name="widths">Input width, hidden widths, classes.</param>
    /// <param name="capacity">The most rows one call takes.</param>
    public MlpKernel(IReadOnlyList<int> widths, bool bias, Activation activation, LossFunction loss, int capacity)
    {
        this.widths = widths.ToArray();
        this.activation = activation;
        this.loss = loss;
        this.capacity = capacity;
        var layers = this.widths.Length - 1;
        weightAt = new int[layers];
        biasAt = new int[layers];
        var offset = 0;
        for (var l = 0; l < layers; l++)
        {
            weightAt[l] = offset;
            offset += this.widths[l + 1] * this.widths[l];
            biasAt[l] = bias ? offset : -1;
            if (bias) offset += this.widths[l + 1];
        }
        Count = offset;
        activations = this.widths.Select(w => new T[capacity * w]).ToArray();
        deltas = this.widths.Skip(1).Select(w => new T[capacity * w]).ToArray();
        dInput = new T[capacity * this.widths.Max()];
    }

    /// <summary>The number of parameters.</summary>
    public int Count { get; }

    int Layers => widths.Length - 1;
    int Classes => widths[^1];

    /// <summary>
    /// The mean loss and accuracy over the rows of <paramref name="inputs"/> ([n, d] row-major) picked by
    /// <paramref name="rows"/> (all n in order when null), at <paramref name="parameters"/>; with <paramref name="gradient"/>
    /// set, ∇ of the mean loss is written there.
    /// </summary>
    /// <remarks>The loss is summed in float64 (it is a reported number); the gradient is in <typeparamref name="T"/>.</remarks>
    public (double Loss, double Accuracy) Run(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, ReadOnlySpan<long> labels,
        ReadOnlySpan<long> rows, Span<T> gradient)
    {
        var n = rows.IsEmpty ? labels.Length : rows.Length;
        if (n > capacity) throw new ArgumentOutOfRangeException(nameof(rows), $"{n} rows, room for {capacity}.");
        var d = widths[0];
        var a0 = activations[0].AsSpan();
        if (rows.IsEmpty) inputs[..(n * d)].CopyTo(a0);
        else for (var r = 0; r < n; r++) inputs.Slice((int)rows[r] * d, d).CopyTo(a0.Slice(r * d, d));

        Forward(parameters, n);
        var (lossSum, correct) = OutputDelta(labels, rows, n, !gradient.IsEmpty);
        if (!gradient.IsEmpty) Backward(parameters, gradient, n);
        return (lossSum / n, (double)correct / n);
    }

    void Forward(ReadOnlySpan<T> parameters, int n)
    {
        for (var l = 0; l < Layers; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            var w = parameters.Slice(weightAt[l], fanOut * fanIn);
            var b = biasAt[l] >= 0 ? parameters.Slice(biasAt[l], fanOut) : default;
            ReadOnlySpan<T> input = activations[l];
            var output = activations[l + 1].AsSpan();
            var hidden = l < Layers - 1;
            for (var r = 0; r < n; r++)
            {
                var x = input.Slice(r * fanIn, fanIn);
                var z = output.Slice(r * fanOut, fanOut);
                for (var o = 0; o < fanOut; o++)
                {
                    var sum = b.IsEmpty ? T.Zero : b[o];
                    var row = w.Slice(o * fanIn, fanIn);
                    for (var i = 0; i < fanIn; i++) sum += x[i] * row[i];
                    z[o] = hidden ? Activate(sum) : sum;
                }
            }
        }
    }

    T Activate(T z) => activation switch
    {
        Activation.Relu => z > T.Zero ? z : T.Zero,
        Activation.Tanh => T.Tanh(z),
        Activation.Sigmoid => T.One / (T.One + T.Exp(-z)),
        _ => z,
    };

    /// <summary>σ'(z) from a = σ(z).</summary>
    T Slope(T a) => activation switch
    {
        Activation.Relu => a > T.Zero ? T.One : T.Zero,
        Activation.Tanh => T.One - a * a,
        Activation.Sigmoid => a * (T.One - a),
        _ => T.One,
    };

    /// <summary>Sums the loss, counts the arg-max hits and (when asked) fills δ_L = ∂(mean loss)/∂z_L.</summary>
    (double LossSum, int Correct) OutputDelta(ReadOnlySpan<long> labels, ReadOnlySpan<long> rows, int n, bool delta)
    {
        var c = Classes;
        ReadOnlySpan<T> logits = activations[^1];
        var dz = deltas[^1].AsSpan();
        var lossSum = 0.0;
        var correct = 0;
        var scale = T.One / T.CreateChecked(n);
        var mseScale = T.CreateChecked(2) / T.CreateChecked((long)n * c);
        for (var r = 0; r < n; r++)
        {
            var y = (int)labels[rows.IsEmpty ? r : (int)rows[r]];
            var z = logits.Slice(r * c, c);
            var best = 0;
            for (var j = 1; j < c; j++) if (z[j] > z[best]) best = j;
            if (best == y) correct++;
            var g = dz.Slice(r * c, c);
            if (loss == LossFunction.CrossEntropy)
            {
                // log-softmax shifted by the row's largest logit, as torch's log_softmax is.
                var max = z[best];
                var total = T.Zero;
                for (var j = 0; j < c; j++) total += T.Exp(z[j] - max);
                var logTotal = T.Log(total);
                lossSum += double.CreateChecked(logTotal + max - z[y]);
                if (!delta) continue;
                for (var j = 0; j < c; j++) g[j] = T.Exp(z[j] - max - logTotal) * scale;
                g[y] -= scale;
            }
            else
            {
                var sum = T.Zero;
                for (var j = 0; j < c; j++)
                {
                    var e = z[j] - (j == y ? T.One : T.Zero);
                    sum += e * e;
                    if (delta) g[j] = mseScale * e;
                }
                lossSum += double.CreateChecked(sum) / c;
            }
        }
        return (lossSum, correct);
    }

    void Backward(ReadOnlySpan<T> parameters, Span<T> gradient, int n)
    {
        gradient[..Count].Clear();
        for (var l = Layers - 1; l >= 0; l--)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            var w = parameters.Slice(weightAt[l], fanOut * fanIn);
            var dw = gradient.Slice(weightAt[l], fanOut * fanIn);
            var db = biasAt[l] >= 0 ? gradient.Slice(biasAt[l], fanOut) : default;
            ReadOnlySpan<T> delta = deltas[l];
            ReadOnlySpan<T> input = activations[l];
            var below = l > 0;
            var dx = dInput.AsSpan(0, n * fanIn);
            if (below) dx.Clear();
            for (var r = 0; r < n; r++)
            {
                var x = input.Slice(r * fanIn, fanIn);
                var dxRow = below ? dx.Slice(r * fanIn, fanIn) : default;
                for (var o = 0; o < fanOut; o++)
                {
                    var g = delta[r * fanOut + o];
                    if (!db.IsEmpty) db[o] += g;
                    var dwRow = dw.Slice(o * fanIn, fanIn);
                    for (var i = 0; i < fanIn; i++) dwRow[i] += g * x[i];
                    if (!below) continue;
                    var wRow = w.Slice(o * fanIn, fanIn);
                    for (var i = 0; i < fanIn; i++) dxRow[i] += g * wRow[i];
                }
            }
            if (!below) continue;
            var next = deltas[l - 1].AsSpan(0, n * fanIn);
            for (var k = 0; k < next.Length; k++) next[k] = dx[k] * Slope(input[k]);
        }
    }
}
