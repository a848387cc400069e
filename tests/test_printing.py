"""`format_tensor` prints exactly what `repr` of the same torch tensor prints."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cybenko._printing import format_tensor, get_printoptions, set_printoptions
from oracle import installed, torch

pytestmark = pytest.mark.oracle

nan, inf = float("nan"), float("inf")


@pytest.fixture(autouse=True)
def default_printoptions():
    yield
    if installed(torch):
        torch.set_printoptions(profile="default")
    set_printoptions(profile="default")


def set_both(**options):
    torch.set_printoptions(**options)
    set_printoptions(**options)


def ours(a: np.ndarray, suffixes=()) -> str:
    name = a.dtype.name
    is_default = a.dtype in (np.float32, np.int64, np.bool_)  # torch's default float32
    return format_tensor(a, dtype_name=name, is_default_dtype=is_default, suffixes=suffixes)


def assert_same_repr(a: np.ndarray, *, suffixes=(), expected=None):
    """Our text for `a` equals repr of the torch tensor holding `a` (or `expected`)."""
    if expected is None:
        expected = repr(torch.from_numpy(a.copy()))
    assert ours(a, suffixes) == expected


def f32(*values):
    return np.array(values, np.float32)


def f64(*values):
    return np.array(values, np.float64)


rng = np.random.default_rng(0)

CASES = {
    # floats: notation and width
    "fixed": f32([0.1, 0.2]),
    "scalar_int_mode": np.array(3.0, np.float32),
    "scalar_fixed": np.array(-2.5, np.float32),
    "scalar_sci_small": np.array(1e-5, np.float32),
    "scalar_sci_large": np.array(123456789.0, np.float64),
    "scalar_nan": np.array(nan, np.float32),
    "scalar_neg_inf": np.array(-inf, np.float64),
    "scalar_neg_zero": np.array(-0.0, np.float32),
    "int_mode": f32(1, 2, -30),
    "int_mode_1e8": f32(1e8, 1),
    "int_mode_sci_ratio": f32(1, 1001),
    "int_mode_sci_large": f32(1e9, 2),
    "fixed_widths": f32(-1.5, 2.25, 100.125),
    "fixed_large": f64(123456.789, 0.5),
    "sci_ratio": f32(1.5, 2000),
    "sci_small": f32(1e-5, 1.0),
    "sci_boundary_min_1e-4": f64(1e-4, 0.05),
    "sci_boundary_min_float32_1e-4": f32(1e-4, 0.05),
    "sci_boundary_ratio_1000": f64(0.5, 500),
    "sci_boundary_max_1e8": f64(1e8, 2e5),
    "sci_mixed_exponents": f64(1e-300, 1e300, -5.5),
    "sci_float32_extremes": f32(3e38, 1e-38, 1e-45),
    "nonfinite_only": f32(nan, inf, -inf),
    "nonfinite_and_zero": f32(0, nan, inf, -inf),
    "nonfinite_int_mode": f32(1, nan, -inf, 10),
    "nonfinite_fixed": f32(0.5, nan, inf),
    "nonfinite_sci": f32(1e-7, nan, -inf),
    "zeros": f32(0, 0, 0),
    "neg_zero_int_mode": f32(-0.0, 1.0),
    "neg_zero_fixed": f32(-0.0, 0.5),
    "neg_zero_sci": f64(-0.0, 1e-9),
    "rounding_to_ten": f32(9.99996, 0.1),
    "float64_dtype": f64(1, 2),
    "float64_values": f64(0.1, 1 / 3),
    # integers and bools
    "int64": np.array([1, 2], np.int64),
    "int64_extremes": np.array([-(2**63), 2**63 - 1], np.int64),
    "int32": np.array([-7, 1000], np.int32),
    "uint8": np.array([0, 255, 7], np.uint8),
    "scalar_int": np.array(-12, np.int64),
    "scalar_uint8": np.array(3, np.uint8),
    "bool": np.array([True, False]),
    "bool_all_true": np.array([True, True]),
    "scalar_bool": np.array(False),
    "bool_2d": np.array([[True], [False]]),
    # nesting
    "2d": rng.standard_normal((3, 4)).astype(np.float32),
    "2d_one_row": f32([0.1, 0.2]),
    "3d_int": np.arange(24).reshape(2, 3, 4),
    "3d_float": rng.standard_normal((2, 2, 3)),
    "4d": np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2),
    "5d_ones": np.ones((1, 2, 1, 2, 1), np.uint8),
    # empty tensors
    "empty_1d": np.zeros(0, np.float32),
    "empty_2d": np.zeros((0, 3), np.float32),
    "empty_3d": np.zeros((2, 0, 3), np.float32),
    "empty_int64": np.zeros(0, np.int64),
    "empty_bool": np.zeros((0,), np.bool_),
    "empty_float64": np.zeros((0, 3), np.float64),
    "empty_uint8": np.zeros((3, 0), np.uint8),
    # summarisation beyond 1000 elements
    "summarized_int": np.arange(2000),
    "summarized_float": rng.standard_normal(1001).astype(np.float32),
    "summarized_2d": rng.standard_normal((100, 100)).astype(np.float32),
    "summarized_3d": np.arange(2000, dtype=np.int32).reshape(10, 10, 20),
    "summarized_long_rows": rng.standard_normal((3, 1000)),
    "summarized_column": np.arange(1001, dtype=np.float32).reshape(1001, 1),
    "summarized_hidden_outlier": np.r_[np.ones(3), np.full(1000, 1e-9), np.ones(3)],
    "summarized_nan": np.r_[np.full(500, nan), np.arange(600.0)],
    "not_summarized_at_1000": np.arange(1000),
    # line wrapping
    "wrap_float_row": rng.standard_normal(30).astype(np.float32),
    "wrap_int_row": np.arange(100),
    "wrap_2d_rows": rng.uniform(-100, 100, (3, 30)).astype(np.float32),
    "wrap_3d_rows": rng.standard_normal((2, 2, 15)),
    "wrap_sci_row": rng.standard_normal(20) * 1e-6,
    "wrap_bool_row": rng.standard_normal(40) > 0,
}


@pytest.mark.parametrize("a", CASES.values(), ids=CASES.keys())
def test_repr_matches_torch(a):
    assert_same_repr(a)


OPTIONS = {
    "precision_2": {"precision": 2},
    "precision_0": {"precision": 0},
    "precision_10": {"precision": 10},
    "threshold_5": {"threshold": 5},
    "threshold_0": {"threshold": 0},
    "edgeitems_1": {"threshold": 5, "edgeitems": 1},
    "edgeitems_0_summarized": {"threshold": 5, "edgeitems": 0},
    "edgeitems_0_full": {"edgeitems": 0},
    "linewidth_40": {"linewidth": 40},
    "linewidth_1": {"linewidth": 1},
    "linewidth_200": {"linewidth": 200},
    "profile_short": {"profile": "short"},
    "profile_full": {"profile": "full"},
    "profile_short_overridden": {"profile": "short", "precision": 6},
    "sci_true": {"sci_mode": True},
    "sci_false": {"sci_mode": False},
    "sci_true_precision_1": {"sci_mode": True, "precision": 1},
}
OPTION_ARRAYS = {
    "fixed": f32(0.123456789, -2.5, 10),
    "int_mode": f32(1, -2, 300),
    "small": f64(1e-7, 0.5, nan),
    "large": f32(1e10, -1, inf),
    "zeros": f32(0, -0.0),
    "ints": np.arange(12).reshape(3, 4),
    "scalar": np.array(0.5, np.float32),
    "long": rng.standard_normal(2000).astype(np.float32),
    "3d": rng.standard_normal((4, 5, 6)),
    "empty": np.zeros((0, 2), np.int64),
}


@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
@pytest.mark.parametrize("a", OPTION_ARRAYS.values(), ids=OPTION_ARRAYS.keys())
def test_printoptions_match_torch(options, a):
    set_both(**options)
    assert_same_repr(a)


@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_get_printoptions_matches_torch(options):
    set_both(**options)
    assert get_printoptions() == torch._tensor_str.get_printoptions()


def test_default_printoptions():
    assert get_printoptions() == {
        "precision": 4,
        "threshold": 1000,
        "edgeitems": 3,
        "linewidth": 80,
        "sci_mode": None,
    }


def test_get_printoptions_round_trips():
    set_printoptions(precision=2, sci_mode=True)
    saved = get_printoptions()
    set_printoptions(profile="full")
    set_printoptions(**saved)
    assert get_printoptions() == saved


# suffixes: requires_grad / grad_fn after size= and dtype=, wrapping at linewidth


def assert_same_suffixed(t: torch.Tensor):
    suffix = f"grad_fn=<{type(t.grad_fn).__name__}>" if t.grad_fn else "requires_grad=True"
    assert_same_repr(t.detach().numpy(), suffixes=(suffix,), expected=repr(t))


SUFFIXED = {
    "leaf": lambda: torch.tensor([1.0, 2.0], requires_grad=True),
    "scalar_leaf": lambda: torch.tensor(3.0, requires_grad=True),
    "mul": lambda: torch.tensor([1.0, 2.0], requires_grad=True) * 2,
    "float64_leaf": lambda: torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True),
    "float64_add": lambda: torch.ones(2, dtype=torch.float64, requires_grad=True) + 1,
    "empty_leaf": lambda: torch.zeros(0, 3, requires_grad=True),
    "empty_float64_mul": lambda: torch.zeros(0, dtype=torch.float64, requires_grad=True) * 2,
    "long_row_leaf": lambda: torch.linspace(-1, 1, 27).requires_grad_(),
    "long_row_mul": lambda: torch.linspace(-1, 1, 21, dtype=torch.float64).requires_grad_() * 3,
    "just_fits": lambda: torch.tensor([0.5] * 6, dtype=torch.float64, requires_grad=True),
    "2d_mul": lambda: torch.arange(12.0).reshape(3, 4).requires_grad_() * 2,
    "summarized_leaf": lambda: torch.arange(2000.0).requires_grad_(),
}


@pytest.mark.parametrize("make", SUFFIXED.values(), ids=SUFFIXED.keys())
def test_suffixes_match_torch(make):
    assert_same_suffixed(make())


@pytest.mark.parametrize("n", range(1, 12))
def test_suffix_wrap_point_matches_torch(n):
    # Rows of growing length cross the linewidth right where a suffix no longer fits.
    t = torch.full((n,), 0.25, dtype=torch.float64, requires_grad=True)
    assert_same_suffixed(t)
    assert_same_suffixed(t * 2)


def test_suffixes_follow_size_when_edgeitems_is_zero():
    set_both(edgeitems=0)
    assert_same_suffixed(torch.ones(2, 2, dtype=torch.float64, requires_grad=True))


def test_several_suffixes_in_order():
    a = f64(1, 2)
    expected = "tensor([1., 2.], dtype=torch.float64, device='meta', requires_grad=True)"
    assert ours(a, ("device='meta'", "requires_grad=True")) == expected


# random tensors


DTYPES = [np.float32, np.float64, np.int64, np.int32, np.uint8, np.bool_]


@st.composite
def arrays(draw):
    ndim = draw(st.integers(0, 4))
    big = draw(st.booleans())
    shape = [draw(st.integers(1, 12 if big else 4)) for _ in range(ndim)]
    if ndim and draw(st.integers(0, 4)) == 0:  # an empty tensor one time in five
        shape[draw(st.integers(0, ndim - 1))] = 0
    shape = tuple(shape)
    dtype = draw(st.sampled_from(DTYPES))
    g = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if dtype == np.bool_:
        return np.asarray(g.random(shape) < 0.5)
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        high = draw(st.sampled_from([10, 1000, int(info.max)]))
        low, high = max(info.min, -high), min(info.max, high)
        return np.asarray(g.integers(low, high, shape, dtype, endpoint=True))
    kind = draw(st.sampled_from(["uniform", "log", "integers"]))
    if kind == "uniform":
        scale = 10.0 ** draw(st.integers(-6, 9))
        values = g.uniform(-scale, scale, shape)
    elif kind == "log":
        low, high = sorted(draw(st.integers(-45, 45)) for _ in range(2))
        values = 10.0 ** g.uniform(low, high, shape) * g.choice([-1, 1], shape)
    else:
        values = g.integers(-(10 ** draw(st.integers(0, 10))), 1000, shape).astype(float)
    if draw(st.booleans()):
        specials = g.choice([nan, inf, -inf, 0.0, -0.0], shape)
        values = np.where(g.random(shape) < 0.1, specials, values)
    with np.errstate(over="ignore"):
        return np.asarray(values, dtype)


# The same draws every run (derandomize): a gate that fails on a fresh draw blocks whoever
# runs it next. Fresh draws are for hunting: 30000 of each passed when this was set.
@settings(max_examples=200, deadline=None, derandomize=True)
@given(arrays())
def test_random_tensors_match_torch(a):
    assert_same_repr(a)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    arrays(),
    st.fixed_dictionaries(
        {},
        optional={
            "precision": st.integers(0, 8),
            "threshold": st.sampled_from([0, 5, 50, 1000]),
            "edgeitems": st.integers(0, 4),
            "linewidth": st.integers(10, 150),
            "sci_mode": st.sampled_from([None, True, False]),
        },
    ),
)
def test_random_tensors_and_options_match_torch(a, options):
    try:
        set_both(**options)
        assert_same_repr(a)
    finally:
        torch.set_printoptions(profile="default")
        set_printoptions(profile="default")
