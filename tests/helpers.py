"""One helper runs an op in torch and in cybenko and compares everything a user can see.

    check(lambda T, x, y: T.add(x, y), rand(2, 3), rand(3))

builds the same tensors from the NumPy arrays for both libraries (float arrays require grad),
applies the lambda with the library as `T`, and compares the outputs (values, dtype, shape,
requires_grad, grad_fn name), then the gradients reaching every float input. Arguments that are
not arrays (numbers, tuples, index keys) are passed to the lambda unchanged.

`check_error` asserts that both libraries refuse the same call with the same exception type
(and, with `match=True`, the same message; with `match="start"`, a message that begins as
torch's does).
"""

from __future__ import annotations

import numpy as np
import pytest

import cybenko
from oracle import torch

LIBS = (torch, cybenko)


def tensors(lib, inputs, grad: bool) -> list:
    """The inputs as `lib` tensors: float arrays require grad when `grad` is set."""
    return [
        lib.tensor(x, requires_grad=grad and x.dtype.kind == "f")
        if isinstance(x, np.ndarray)
        else x
        for x in inputs
    ]


def _is_sequence(out) -> bool:
    return isinstance(out, (tuple, list)) and not isinstance(out, (torch.Size, cybenko.Size))


def flat(out) -> list:
    """The leaves of an output: a tensor, a number, or (nested) tuples and lists of them."""
    if _is_sequence(out):
        return [leaf for item in out for leaf in flat(item)]
    return [out]


def _tolerances(dtype, atol, rtol):
    if dtype in ("torch.float64",):
        return (1e-10 if atol is None else atol), (1e-10 if rtol is None else rtol)
    # float32: torch.testing's own atol. Test inputs are of order 1, and a result made by
    # cancellation from them (a loss summing 24 log-probabilities to 0.02, say) keeps ~1e-7
    # to 1e-6 of their rounding however small it is.
    return (1e-5 if atol is None else atol), (1e-5 if rtol is None else rtol)


def scaled_atol(expected, fraction: float) -> float:
    """An absolute tolerance: `fraction` of the largest finite |value| in `expected`.

    An entry near zero is usually the result of a cancellation (a gradient summed over a
    batch, a dot product): its rounding error scales with the magnitudes that cancelled, not
    with the entry, so a purely relative comparison fails on it by chance. The largest
    magnitude in the tensor stands for the magnitudes involved."""
    values = np.abs(np.asarray(expected, dtype=np.float64))
    values = values[np.isfinite(values)]
    return fraction * float(values.max()) if values.size else 0.0


def assert_same_tensor(expected, actual, *, atol=None, rtol=None, what="output") -> None:
    """Same type, dtype, shape and values (exactly for integers and bools, nan == nan).

    Floats agree within `rtol` of each entry or `atol`, and never need to agree more closely
    than `rtol` of the tensor's largest magnitude (see `scaled_atol`)."""
    assert isinstance(actual, cybenko.Tensor), f"{what}: {type(actual).__name__} is not a Tensor"
    assert str(actual.dtype) == str(expected.dtype), f"{what}: dtype"
    assert tuple(actual.shape) == tuple(expected.shape), f"{what}: shape"
    want = expected.detach().numpy()
    got = actual.detach().numpy()
    if want.dtype.kind == "f":
        atol, rtol = _tolerances(str(expected.dtype), atol, rtol)
        atol = max(atol, scaled_atol(want, rtol))
        np.testing.assert_allclose(got, want, atol=atol, rtol=rtol, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


def assert_same(expected, actual, *, atol=None, rtol=None, names=True) -> None:
    """Outputs agree leaf by leaf: tensors as above, numbers exactly (or nan == nan)."""
    if _is_sequence(expected):
        assert _is_sequence(actual), f"{type(actual).__name__} is not a sequence"
        assert len(actual) == len(expected), "number of outputs"
    want, got = flat(expected), flat(actual)
    for i, (e, a) in enumerate(zip(want, got, strict=True)):
        what = f"output {i}"
        if isinstance(e, torch.Tensor):
            assert_same_tensor(e, a, atol=atol, rtol=rtol, what=what)
            assert a.requires_grad == e.requires_grad, f"{what}: requires_grad {a.requires_grad}"
            assert a.is_leaf == e.is_leaf, f"{what}: is_leaf"
            if names and e.grad_fn is not None:
                got = a.grad_fn.name() if a.grad_fn is not None else None
                assert got == e.grad_fn.name(), f"{what}: grad_fn {got} != {e.grad_fn.name()}"
        elif isinstance(e, torch.Size):
            assert isinstance(a, cybenko.Size) and tuple(a) == tuple(e), what
        elif isinstance(e, torch.dtype):
            assert str(a) == str(e), what
        else:
            assert type(a) is type(e), f"{what}: {type(a).__name__} is not {type(e).__name__}"
            assert a == e or (a != a and e != e), f"{what}: {a!r} != {e!r}"


def check(
    fn,
    *inputs,
    grad: bool = True,
    atol=None,
    rtol=None,
    grad_atol=None,
    grad_rtol=None,
    names: bool = True,
) -> None:
    """Run `fn(T, *tensors)` on torch and cybenko and compare outputs and gradients.

    The gradient compared is that of a weighted sum of every output that requires grad (fixed
    random weights, so a gradient sent to the wrong element shows), with respect to every
    float input; an input that gets no gradient must get None in both.
    """
    results = []
    for lib in LIBS:
        xs = tensors(lib, inputs, grad)
        results.append((xs, fn(lib, *xs)))
    (t_in, t_out), (c_in, c_out) = results
    assert_same(t_out, c_out, atol=atol, rtol=rtol, names=names)
    if not grad:
        return
    t_leaves = [o for o in flat(t_out) if isinstance(o, torch.Tensor) and o.requires_grad]
    if not t_leaves:
        return
    c_leaves = [o for o in flat(c_out) if isinstance(o, cybenko.Tensor) and o.requires_grad]
    rng = np.random.default_rng(1)
    weights = [rng.uniform(0.5, 1.5, tuple(o.shape)) for o in t_leaves]
    for lib, leaves in ((torch, t_leaves), (cybenko, c_leaves)):
        loss = sum(
            (o * lib.tensor(w, dtype=o.dtype)).sum() for o, w in zip(leaves, weights, strict=True)
        )
        loss.backward()
    for i, (t, c) in enumerate(zip(t_in, c_in, strict=True)):
        if not isinstance(t, torch.Tensor) or not t.requires_grad:
            continue
        if t.grad is None:
            assert c.grad is None, f"input {i}: cybenko has a grad, torch None"
            continue
        assert c.grad is not None, f"input {i}: cybenko has no grad"
        assert_same_tensor(
            t.grad, c.grad, atol=grad_atol or atol, rtol=grad_rtol or rtol, what=f"grad {i}"
        )


def check_finite_differences(fn, *inputs, eps=1e-6, atol=1e-6, rtol=1e-5) -> None:
    """cybenko's gradient of a weighted sum of `fn(cybenko, *xs)` against central differences.

    A second oracle, independent of torch: inputs are float64 arrays, small enough that each
    element can be nudged by +-eps.
    """
    xs = [cybenko.tensor(x, requires_grad=x.dtype.kind == "f") for x in inputs]
    out = fn(cybenko, *xs)
    weights = np.random.default_rng(2).uniform(0.5, 1.5, tuple(out.shape))
    (out * cybenko.tensor(weights)).sum().backward()

    def loss(arrays) -> float:
        with cybenko.no_grad():
            return float((fn(cybenko, *map(cybenko.tensor, arrays)).numpy() * weights).sum())

    for k, (x, t) in enumerate(zip(inputs, xs, strict=True)):
        if not t.requires_grad:
            continue
        numeric = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            nudged = [a.copy() for a in inputs]
            nudged[k][i] = x[i] + eps
            up = loss(nudged)
            nudged[k][i] = x[i] - eps
            numeric[i] = (up - loss(nudged)) / (2 * eps)
        got = np.zeros_like(x) if t.grad is None else t.grad.numpy()
        np.testing.assert_allclose(got, numeric, atol=atol, rtol=rtol, err_msg=f"input {k}")


def check_same_or_error(fn, *inputs, **options) -> None:
    """check(), or, where torch refuses the call, check_error() with the same message."""
    try:
        fn(torch, *tensors(torch, inputs, False))
    except Exception:
        check_error(fn, *inputs, match=True)
        return
    check(fn, *inputs, **options)


def _builtin_base(error: BaseException) -> type:
    """The standard exception class an error is (torch subclasses some, e.g. LinAlgError)."""
    for cls in type(error).__mro__:
        if cls.__module__ == "builtins":
            return cls
    return type(error)


def message_start(message: str, limit: int = 40) -> str:
    """The opening words of an error message: its first sentence, at most `limit` characters."""
    text = str(message).strip()
    first = text.splitlines()[0].split(". ")[0] if text else ""
    return first[:limit]


def check_error(fn, *inputs, match: bool | str = False, grad: bool = False) -> None:
    """Both libraries raise the same exception type; with `match=True` the same message, with
    `match="start"` a message that starts with the opening words of torch's."""
    errors = []
    for lib in LIBS:
        with pytest.raises(Exception) as info:
            fn(lib, *tensors(lib, inputs, grad))
        errors.append(info.value)
    expected, actual = errors
    assert _builtin_base(actual) is _builtin_base(expected), (
        f"torch raised {type(expected).__name__}: {expected}; "
        f"cybenko raised {type(actual).__name__}: {actual}"
    )
    if match == "start":
        assert str(actual).strip().startswith(message_start(expected)), (
            f"\ntorch:   {expected}\ncybenko: {actual}"
        )
    elif match:
        assert str(actual) == str(expected), f"\ntorch:   {expected}\ncybenko: {actual}"
