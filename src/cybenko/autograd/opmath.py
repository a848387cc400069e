"""float16 ops computed in float32, as torch's CPU kernels compute them.

torch does no arithmetic in float16 on the CPU: each kernel widens float16 operands to float32
(its "opmath" type), computes there (sums and matrix products accumulate there too) and rounds
the result to float16 once. A chain of NumPy float16 operations would round after every step
instead, so a Function whose inputs are float16 runs its forward and backward on float32
copies, and its float32 output is rounded back to float16. The ops stay pure math; this module
only changes the precision they run in.

Saved copies of the output are rounded too: torch's backward sees the float16 output it saved
(tanh's 1 - out^2 uses the rounded tanh), not the float32 value before rounding.
"""

from __future__ import annotations

import numpy as np

F16 = np.dtype(np.float16)
F32 = np.dtype(np.float32)
F64 = np.dtype(np.float64)


def widens(arrays) -> bool:
    """Whether an op on these arrays runs in float32: some are float16 and none float64 (an
    op that mixes float16 with float64, such as copying one into the other, casts directly)."""
    half = False
    for a in arrays:
        d = getattr(a, "dtype", None)
        if d is None:
            continue
        if d == F16:
            half = True
        elif d == F64:
            return False
    return half


def widen(arrays) -> list:
    """The arrays, float16 ones copied to float32 (exactly: float32 holds every float16)."""
    return [a.astype(F32) if getattr(a, "dtype", None) == F16 else a for a in arrays]


def narrow(ctx, out) -> tuple:
    """A widened op's output rounded to float16, once, and the float32 copy of the rounded
    output that now stands in the saved values where the float32 output was (or None), as
    torch saves its float16 result."""
    if getattr(out, "dtype", None) != F32:
        return out, None
    rounded = out.astype(F16)
    saved = ctx.saved
    if type(saved) is not tuple or not any(s is out for s in saved):
        return rounded, None
    again = rounded.astype(F32)
    ctx.saved = tuple(again if s is out else s for s in saved)
    return rounded, again


def widen_grad(grad):
    """The gradient arriving at a widened node, in float32 for its backward (the engine rounds
    the gradients it returns to the inputs' float16)."""
    return grad.astype(F32) if grad.dtype == F16 else grad
