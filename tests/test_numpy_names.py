"""axis= and keepdims=: NumPy's names for dim= and keepdim=, taken where torch takes them.

torch's argument parser accepts them for every torch.* function and Tensor method with a dim;
the Python functions of torch.nn.functional do not. Each case runs on both libraries.
"""

import inspect

import numpy as np
import pytest

import cybenko
from helpers import check, check_error

pytestmark = pytest.mark.oracle

rng = np.random.default_rng(3)
X = np.asarray(rng.uniform(-2, 2, (2, 3, 4)), np.float32)
B = np.asarray(rng.random((2, 3)) < 0.5)

CALLS = {
    "sum": lambda T, x: T.sum(x, axis=(0, 2)),
    "sum_keepdims": lambda T, x: T.sum(x, axis=1, keepdims=True),
    "method_sum": lambda T, x: x.sum(axis=-1, keepdims=True),
    "mean": lambda T, x: T.mean(x, axis=1),
    "method_mean": lambda T, x: x.mean(axis=(1, 2), keepdims=True),
    "std": lambda T, x: T.std(x, axis=2, keepdims=True),
    "var": lambda T, x: x.var(axis=0),
    "prod": lambda T, x: T.prod(x, axis=1, keepdims=True),
    "max": lambda T, x: T.max(x, axis=1),
    "min_keepdims": lambda T, x: x.min(axis=2, keepdims=True),
    "amax": lambda T, x: T.amax(x, axis=(0, 1)),
    "argmax": lambda T, x: T.argmax(x, axis=2, keepdims=True),
    "cumsum": lambda T, x: x.cumsum(axis=1),
    "logsumexp": lambda T, x: T.logsumexp(x, axis=2, keepdims=True),
    "softmax": lambda T, x: T.softmax(x, axis=1),
    "method_log_softmax": lambda T, x: x.log_softmax(axis=0),
    "cat": lambda T, x: T.cat([x, x], axis=1),
    "stack": lambda T, x: T.stack([x, x], axis=1),
    "squeeze_unsqueeze": lambda T, x: x.unsqueeze(axis=0).squeeze(axis=0),
    "chunk": lambda T, x: x.chunk(2, axis=0),
    "unbind": lambda T, x: T.unbind(x, axis=1),
    "narrow": lambda T, x: x.narrow(axis=2, start=1, length=2),
}


@pytest.mark.parametrize("fn", CALLS.values(), ids=CALLS.keys())
def test_axis_and_keepdims_mean_dim_and_keepdim(fn):
    check(fn, X)


def test_bool_reductions_take_axis():
    check(lambda T, b: (T.all(b, axis=1), b.any(axis=0, keepdims=True)), B, grad=False)


def test_naming_both_is_an_unexpected_keyword_as_in_torch():
    check_error(lambda T, x: T.sum(x, dim=1, axis=1), X, match=True)
    check_error(lambda T, x: x.mean(keepdim=True, keepdims=True, dim=0), X, match=True)


def test_functions_torch_writes_in_python_keep_their_names():
    check_error(lambda T, x: T.nn.functional.softmax(x, axis=1), X, match=True)
    check_error(lambda T, x: T.split(x, 2, axis=2), X)
    check_error(lambda T, x: x.split(2, axis=2), X)


def public_functions_with_dim():
    for owner in (cybenko, cybenko.Tensor):
        for name, value in vars(owner).items():
            if name.startswith("_") or not inspect.isfunction(value):
                continue
            parameters = inspect.signature(value).parameters
            if "dim" in parameters or "keepdim" in parameters:
                yield f"{owner.__name__}.{name}", value


@pytest.mark.parametrize("name, fn", list(public_functions_with_dim()))
def test_every_public_function_with_a_dim_takes_axis(name, fn):
    kind, short = name.split(".")
    if short in cybenko._numpy_names.PYTHON_IN_TORCH["torch" if kind == "cybenko" else kind]:
        assert not hasattr(fn, "__wrapped__"), f"{name} takes axis= where torch does not"
    else:
        assert hasattr(fn, "__wrapped__"), f"{name} was bound after apply_to: no axis= for it"
