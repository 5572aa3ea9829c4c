namespace HessianWeb.Client.Curvature;

/// <summary>The per-sample loss ℓ(f, y) of a model's outputs f ∈ ℝ^C against a class label y.</summary>
public enum LossFunction
{
    /// <summary>ℓ = −log softmax(f)_y; ∂ℓ/∂f = p − e_y and ∂²ℓ/∂f² = diag(p) − p·pᵀ with p = softmax(f).</summary>
    CrossEntropy,

    /// <summary>
    /// ℓ = (1/C)·‖f − e_y‖² against the one-hot target (torch's mse_loss with mean reduction over the N×C entries is
    /// the mean of this over samples); ∂ℓ/∂f = (2/C)·(f − e_y) and ∂²ℓ/∂f² = (2/C)·I.
    /// </summary>
    MeanSquaredError,
}
