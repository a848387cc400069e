"""Zeros carry torch's sign, which shows when a tensor is printed ("-0.") and in 1 / x.

relu, hardtanh and clamp to a number keep their input where it ties with the bound as -0
against 0: relu(-0.) is -0. (Between two tensors, as in maximum, torch's choice on such a tie
depends on whether its vector loop or its scalar tail computed the element, so no test can
hold there.) Gradients that select entries are +0 off the selected ones where torch starts
from zeros (max pooling, max()), and carry the gradient's sign where torch multiplies by a
mask (amax, amin): a learner printing x.grad sees the same zeros."""

import numpy as np
import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle

EDGES = [0.0, -0.0, -0.0, 0.0, -1.0, 2.0, float("nan"), float("inf"), -float("inf")]
X = EDGES * 7  # long enough for the vector loops of torch and NumPy, and their tails

CASES = {
    "relu": lambda T, x: T.relu(x),
    "functional relu": lambda T, x: T.nn.functional.relu(x),
    "ReLU module": lambda T, x: T.nn.ReLU()(x),
    "relu in place": lambda T, x: x.clone().relu_(),
    "relu6": lambda T, x: T.nn.functional.relu6(x),
    "hardtanh": lambda T, x: T.nn.functional.hardtanh(x, -1.0, 0.0),
    "clamp min 0": lambda T, x: T.clamp(x, min=0.0),
    "clamp min -0": lambda T, x: T.clamp(x, min=-0.0),
    "clamp max 0": lambda T, x: T.clamp(x, max=0.0),
    "clamp max -0": lambda T, x: T.clamp(x, max=-0.0),
    "clamp both": lambda T, x: T.clamp(x, -0.0, 0.0),
    "clamp_min": lambda T, x: T.clamp_min(x, -0.0),
    "clamp_max": lambda T, x: T.clamp_max(x, 0.0),
    "clamp in place": lambda T, x: x.clone().clamp_(min=0.0),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", CASES)
def test_a_tie_of_signed_zeros_keeps_the_input(name, dtype):
    fn = CASES[name]
    want, got = (fn(T, T.tensor(X, dtype=getattr(T, dtype))).numpy() for T in (torch, cybenko))
    np.testing.assert_array_equal(got, want)  # NaN equals NaN here
    numbers = ~np.isnan(want)
    np.testing.assert_array_equal(np.signbit(got[numbers]), np.signbit(want[numbers]))


# --- gradients that select entries --------------------------------------------------------------

F = lambda T: T.nn.functional  # noqa: E731
SELECTING = {
    "max_pool2d 2x2": (lambda T, x: F(T).max_pool2d(x, 2), (2, 3, 4, 6)),
    "max_pool2d odd side": (lambda T, x: F(T).max_pool2d(x, 2), (2, 3, 5, 5)),
    "max_pool2d overlapping": (lambda T, x: F(T).max_pool2d(x, 3, 1), (1, 2, 5, 5)),
    "max_pool2d padded": (lambda T, x: F(T).max_pool2d(x, 3, 2, 1), (1, 2, 5, 5)),
    "max_pool1d": (lambda T, x: F(T).max_pool1d(x, 2), (1, 2, 6)),
    "adaptive_max_pool2d": (lambda T, x: F(T).adaptive_max_pool2d(x, 2), (1, 2, 5, 5)),
    "max()": (lambda T, x: x.max(), (3, 4)),
    "min()": (lambda T, x: x.min(), (3, 4)),
    "max along a dim": (lambda T, x: x.max(dim=1)[0], (3, 4)),
    "amax": (lambda T, x: x.amax(dim=1), (3, 4)),
    "amax of all": (lambda T, x: x.amax(), (3, 4)),
    "amin": (lambda T, x: x.amin(dim=0), (3, 4)),
}


@pytest.mark.parametrize("name", SELECTING)
def test_a_negative_gradient_leaves_torchs_zeros_off_the_selected_entries(name):
    fn, shape = SELECTING[name]
    data = np.random.default_rng(3).standard_normal(shape).astype(np.float32)
    grads = []
    for T in (torch, cybenko):
        x = T.tensor(data, requires_grad=True)
        y = fn(T, x)
        y.backward(-T.ones_like(y))
        grads.append(x.grad.numpy())
    want, got = grads
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))


@pytest.mark.parametrize("op", ["amax", "amin"])
def test_amax_of_a_row_holding_nan_sends_nan_to_every_entry_as_torch(op):
    data = np.array([[1.0, np.nan, 2.0], [3.0, 5.0, 4.0]], np.float32)
    grads = []
    for T in (torch, cybenko):
        x = T.tensor(data, requires_grad=True)
        getattr(x, op)(dim=1).sum().backward()
        grads.append(x.grad.numpy())
    np.testing.assert_array_equal(grads[1], grads[0])  # [nan, nan, nan] in the first row
    assert np.isnan(grads[0][0]).all()


# --- a one-column by one-row product ------------------------------------------------------------

# torch multiplies them entry by entry when both have more than one entry (a -0 product stays
# -0), and as a BLAS product from a +0 sum otherwise; linear with a bias adds the bias to the
# entrywise product in every shape
ONE_COLUMN_BY_ONE_ROW = {
    "mm": lambda T, x, w, b: T.mm(x, w.t()),
    "matmul": lambda T, x, w, b: x @ w.t(),
    "linear": lambda T, x, w, b: T.nn.functional.linear(x, w),
    "linear with a bias": lambda T, x, w, b: T.nn.functional.linear(x, w, b),
}


@pytest.mark.parametrize("rows, columns", [(1, 1), (1, 5), (5, 1), (2, 2), (9, 3)])
@pytest.mark.parametrize("name", ONE_COLUMN_BY_ONE_ROW)
def test_a_one_column_by_one_row_product_has_torchs_zeros(name, rows, columns):
    x_values = ([0.0, -0.0, 2.0] * rows)[:rows]
    w_values = ([-1.0, -0.0, 0.0, 3.0] * columns)[:columns]
    b_values = ([-0.0, 0.0, -0.0] * columns)[:columns]

    def run(T):
        x, w = T.tensor(x_values).reshape(rows, 1), T.tensor(w_values).reshape(columns, 1)
        return ONE_COLUMN_BY_ONE_ROW[name](T, x, w, T.tensor(b_values)).numpy()

    want, got = run(torch), run(cybenko)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))


# --- running sums -------------------------------------------------------------------------------

# torch's cumsum starts each running sum from +0, so none is -0, forward or in the gradient
# (a reversed running sum); cumprod starts from 1 and keeps the sign
RUNNING = {
    "cumsum": lambda T, x: x.cumsum(0),
    "cumsum of rows": lambda T, x: x.reshape(2, -1).cumsum(1),
    "cumprod": lambda T, x: x.cumprod(0),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", RUNNING)
def test_running_sums_of_signed_zeros_as_torch(name, dtype):
    values = [-0.0, -0.0, 1.0, -1.0, -0.0, 0.0, -0.0, -0.0]
    upstream = [-0.0, -0.0, -0.0, 2.0, -0.0, -0.0, 0.0, -0.0]

    def run(T):
        x = T.tensor(values, dtype=getattr(T, dtype), requires_grad=True)
        y = RUNNING[name](T, x)
        y.backward(T.tensor(upstream, dtype=x.dtype).reshape(y.shape))
        return y.detach().numpy(), x.grad.numpy()

    for got, want in zip(run(cybenko), run(torch), strict=True):
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(np.signbit(got), np.signbit(want))
