"""float16 ops computed as torch's CPU kernels compute them.

torch does no arithmetic in float16 on the CPU: each kernel widens float16 operands to float32
(its "opmath" type), computes there (sums and matrix products accumulate there too) and rounds
the result to float16 once. A chain of NumPy float16 operations would round after every step
instead, so a Function whose inputs are float16 runs its forward on float32 copies, and its
float32 output is rounded back to float16.

Backward follows torch's autograd formulas. Most are chains of ordinary ops on float16
tensors, each rounded (div's gradient for the divisor is -grad * (a / b) / b, three
roundings): their backward runs on float16 arrays, where NumPy's float16 arithmetic, sums
and matrix products round exactly so. The activations, softmaxes, mse_loss and cumsum have a
backward kernel of their own in torch (FUSED_BACKWARD): theirs runs in float32 and is rounded
once, by the engine. Either way the backward sees the float16 output, as torch saves it.
"""

from __future__ import annotations

import numpy as np

F16 = np.dtype(np.float16)
F32 = np.dtype(np.float32)
F64 = np.dtype(np.float64)


# Ops whose gradient torch computes in one kernel (sigmoid_backward, gelu_backward, ...).
FUSED_BACKWARD = frozenset(
    "Sigmoid Tanh Relu LeakyRelu Elu Celu Selu Gelu Softplus Silu Mish Hardtanh LogSigmoid "
    "Threshold Hardsigmoid Hardswish Softmax LogSoftmax MseLoss Cumsum".split()
)


def widens(arrays) -> bool:
    """Whether an op on these arrays runs in float32: some are float16 and none float64 (an
    op that mixes float16 with float64, such as copying one into the other, casts directly).
    Called for every op, so it compares NumPy's dtype singletons by identity."""
    half = False
    for a in arrays:
        d = getattr(a, "dtype", None)
        if d is F16:
            half = True
        elif d is F64:
            return False
    return half


def widen(arrays) -> list:
    """The arrays, float16 ones copied to float32 (exactly: float32 holds every float16)."""
    return [a.astype(F32) if getattr(a, "dtype", None) == F16 else a for a in arrays]


def narrow(ctx, out, arrays, wide) -> tuple:
    """A widened op's output rounded to float16, once, and whether its backward runs in
    float32 (FUSED_BACKWARD). The saved values are made what torch's backward sees: for a
    float16 backward, the float16 inputs, the rounded output and other values rounded; for
    a float32 one, float32 copies, the output's rounded first. Returns the output, whether
    the backward is fused, and the float32 copy of the rounded output saved (or None)."""
    rounded = out.astype(F16) if getattr(out, "dtype", None) == F32 else out
    fused = type(ctx).__name__ in FUSED_BACKWARD
    saved = ctx.saved
    if type(saved) is not tuple or not saved:
        return rounded, fused, None
    if fused:
        if not any(s is out for s in saved):
            return rounded, fused, None
        again = rounded.astype(F32) if rounded is not out else out
        ctx.saved = tuple(again if s is out else s for s in saved)
        return rounded, fused, again
    originals = {id(w): a for a, w in zip(arrays, wide) if w is not a}  # noqa: B905
    ctx.saved = tuple(rounded if s is out else originals.get(id(s), _half(s)) for s in saved)
    return rounded, fused, None


def _half(value):
    return value.astype(F16) if getattr(value, "dtype", None) == F32 else value


def widen_grad(grad):
    """The gradient arriving at a widened node, in float32 for its backward (the engine rounds
    the gradients it returns to the inputs' float16)."""
    return grad.astype(F32) if grad.dtype == F16 else grad
