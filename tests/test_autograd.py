"""The autograd engine, specified against torch 2.13: accumulation, retain_graph, grad modes,
autograd.grad, hooks, in-place rules and the errors a student meets."""

import subprocess
import sys

import numpy as np
import pytest

import cybenko
from helpers import LIBS, check_error, scaled_atol
from oracle import torch

pytestmark = pytest.mark.oracle


def both(fn):
    """Run fn on each library; return (cybenko result, torch result)."""
    return fn(cybenko), fn(torch)


def assert_same(ours, theirs, rtol=1e-7, atol=None):
    """Same values within `rtol`, and within `atol` (default: `rtol` of the largest value, for
    entries near zero made by cancellation), dtype and shape."""
    if theirs is None:
        assert ours is None
        return
    want = theirs.detach().numpy()
    atol = scaled_atol(want, rtol) if atol is None else atol
    np.testing.assert_allclose(np.asarray(ours.detach()), want, rtol=rtol, atol=atol)
    assert str(ours.dtype) == str(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)


def raises_like(fn, match=None):
    """Both libraries raise the same exception type (and message, when given)."""
    with pytest.raises(Exception) as theirs:
        fn(torch)
    with pytest.raises(type(theirs.value), match=match) as ours:
        fn(cybenko)
    return str(ours.value), str(theirs.value)


X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype=np.float32)


def leaf(lib, array=X):
    return lib.tensor(array, requires_grad=True)


def test_grad_accumulates_over_backward_calls():
    def run(lib):
        x = leaf(lib)
        for _ in range(3):
            (x * x).sum().backward()
        return x.grad

    assert_same(*both(run), rtol=1e-6)


def test_accumulation_keeps_the_same_grad_tensor():
    x = leaf(cybenko)
    (x * 2).sum().backward()
    first = x.grad
    (x * 3).sum().backward()
    assert x.grad is first
    np.testing.assert_allclose(first.numpy(), np.full_like(X, 5.0))


def test_a_tensor_used_twice_sums_both_paths():
    def run(lib):
        x = leaf(lib)
        y = x.exp()
        (y * x + y.sin()).sum().backward()
        return x.grad

    assert_same(*both(run), rtol=1e-5)


def test_backward_with_gradient_for_non_scalar_output():
    g = np.arange(6, dtype=np.float32).reshape(2, 3)

    def run(lib):
        x = leaf(lib)
        (x**3).backward(lib.tensor(g))
        return x.grad

    assert_same(*both(run), rtol=1e-6)


def test_second_backward_through_freed_graph_raises():
    message, _ = raises_like(lambda lib: _twice(lib, retain=False), match="second time")
    assert "retain_graph=True" in message


def test_retain_graph_allows_a_second_backward():
    assert_same(*both(lambda lib: _twice(lib, retain=True)), rtol=1e-6)


def _twice(lib, retain):
    x = leaf(lib)
    y = x.exp().sum()
    y.backward(retain_graph=retain)
    y.backward()
    return x.grad


@pytest.mark.parametrize(
    "fn",
    [lambda x: (x + 1).sum(), lambda x: x.sum(), lambda x: x.T.sum(), lambda x: x.mean()],
)
def test_nodes_that_saved_nothing_can_backward_twice(fn):
    def run(lib):
        x = leaf(lib)
        y = fn(x)
        y.backward()
        y.backward()
        return x.grad

    assert_same(*both(run))


@pytest.mark.parametrize("fn", [lambda x: (x * 2).sum(), lambda x: (x * x).sum()])
def test_nodes_that_saved_values_free_them(fn):
    def run(lib):
        y = fn(leaf(lib))
        y.backward()
        y.backward()

    raises_like(run, match="second time")


@pytest.mark.parametrize(
    "fn, match",
    [
        (lambda lib: leaf(lib).sum().detach().backward(), "does not require grad"),
        (lambda lib: (leaf(lib) * 2).backward(), "implicitly created only for scalar outputs"),
        (lambda lib: (leaf(lib) * 2).backward(lib.ones(3)), "Mismatch in shape"),
    ],
)
def test_backward_errors(fn, match):
    raises_like(fn, match=match)


def test_autograd_grad_returns_without_accumulating():
    def run(lib):
        x = leaf(lib)
        h = x.tanh()
        (gx, gh) = lib.autograd.grad((h * h).sum(), (x, h))
        assert x.grad is None
        return gx, gh

    (ox, oh), (tx, th) = both(run)
    # 2 tanh(x) (1 - tanh(x)**2) cancels where tanh(x) nears 1: an ulp of difference in tanh
    # (NumPy's and torch's kernels vary with the CPU) becomes 1e-6 of the largest value
    assert_same(ox, tx, rtol=1e-6, atol=scaled_atol(tx.numpy(), 1e-5))
    assert_same(oh, th, rtol=1e-6)


def test_autograd_grad_unused_input():
    def unused(lib, allow):
        x, z = leaf(lib), leaf(lib)
        return lib.autograd.grad((x * 2).sum(), (x, z), allow_unused=allow)

    raises_like(lambda lib: unused(lib, False), match="appears to not have been used")
    ours, theirs = both(lambda lib: unused(lib, True))
    assert ours[1] is None and theirs[1] is None


def test_backward_inputs_accumulates_only_into_those():
    def run(lib):
        x, w = leaf(lib), leaf(lib)
        (x * w).sum().backward(inputs=[w])
        return x.grad, w.grad

    (ox, ow), (tx, tw) = both(run)
    assert ox is None and tx is None
    assert_same(ow, tw)


def test_no_grad_records_nothing_and_restores_the_mode():
    for lib in (cybenko, torch):
        x = leaf(lib)
        with lib.no_grad():
            y = x * 2
            assert not lib.is_grad_enabled()
            with lib.enable_grad():
                z = x * 2
        assert lib.is_grad_enabled()
        assert y.grad_fn is None and not y.requires_grad
        assert z.requires_grad


def test_grad_mode_switches_work_as_decorators_and_functions():
    @cybenko.no_grad()
    def predict(x):
        return x * 2

    x = leaf(cybenko)
    assert not predict(x).requires_grad
    with cybenko.set_grad_enabled(False):
        assert (x * 2).grad_fn is None
    assert cybenko.is_grad_enabled()
    cybenko.set_grad_enabled(False)
    try:
        assert not cybenko.is_grad_enabled()
    finally:
        cybenko.set_grad_enabled(True)


def test_leaf_and_grad_fn():
    for lib in (cybenko, torch):
        x = leaf(lib)
        y = x + 1
        assert x.is_leaf and x.grad_fn is None
        assert not y.is_leaf and y.grad_fn.name() == "AddBackward0"
        assert lib.tensor([1.0]).is_leaf
        assert type(y.grad_fn.next_functions[0][0]).__name__ == "AccumulateGrad"


def test_nothing_recorded_when_nothing_requires_grad():
    y = cybenko.ones(3) * 2 + 1
    assert y.grad_fn is None and not y.requires_grad


def test_a_deep_graph_does_not_hit_the_recursion_limit():
    depth = sys.getrecursionlimit() * 3
    x = cybenko.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(depth):
        y = y * 1.0001
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0001**depth], rtol=1e-3)


def test_changing_a_saved_tensor_in_place_raises_at_backward():
    def run(lib):
        x = leaf(lib)
        y = x.exp()
        y.add_(1)
        y.sum().backward()

    message, _ = raises_like(run, match="modified by an inplace operation")
    assert "is at version 1; expected version 0" in message


@pytest.mark.parametrize(
    "fn, match",
    [
        (lambda lib: leaf(lib).add_(1), "a leaf Variable that requires grad"),
        (lambda lib: leaf(lib)[0].mul_(2), "a view of a leaf Variable"),
        (lambda lib: leaf(lib).__setitem__(0, 1.0), "a leaf Variable that requires grad"),
    ],
)
def test_in_place_on_a_leaf_that_requires_grad_raises(fn, match):
    raises_like(fn, match=match)


def test_in_place_on_a_leaf_is_allowed_under_no_grad():
    for lib in (cybenko, torch):
        x = leaf(lib)
        with lib.no_grad():
            x -= 1
        assert x.is_leaf and x.requires_grad


def test_in_place_on_a_graph_tensor_is_recorded():
    def run(lib):
        x = leaf(lib)
        y = x * 2
        y += x
        y *= x
        y[0, 1] = 7.0
        y.sum().backward()
        return x.grad

    assert_same(*both(run), rtol=1e-6)


def test_in_place_through_index_views_is_replayed_on_the_base():
    def run(lib):
        x = lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
        v = lib.tensor([10.0, 20.0, 30.0], requires_grad=True)
        y = x * 2
        y[0] += v
        y[1:] += 1
        y[0].mul_(2)
        y[1][2] = 7.0
        buf = lib.zeros(2, 3)  # a plain tensor that becomes part of the graph
        buf[0] += v
        buf[1].copy_(v * 3)
        (y * y).sum().add((buf * lib.arange(6.0).reshape(2, 3)).sum()).backward()
        return y, buf, x.grad, v.grad

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs, rtol=1e-6)


def test_an_element_view_shares_memory_with_its_base():
    for lib in (cybenko, torch):
        x = lib.zeros(3)
        element = x[1]
        element += 5
        assert x.tolist() == [0.0, 5.0, 0.0]


def test_in_place_through_other_views_of_graph_tensors_is_refused_clearly():
    y = leaf(cybenko) * 2
    with pytest.raises(RuntimeError, match="only for views made by indexing"):
        y.T.add_(1)


def test_retain_grad_and_hooks():
    def run(lib):
        x = leaf(lib)
        h = x * 3
        h.retain_grad()
        x.register_hook(lambda g: g * 10)
        (h * h).sum().backward()
        return h.grad, x.grad

    (oh, ox), (th, tx) = both(run)
    assert_same(oh, th, rtol=1e-6)
    assert_same(ox, tx, rtol=1e-6)


def test_reading_grad_of_a_non_leaf_warns():
    for lib in (cybenko, torch):
        y = leaf(lib) * 2
        with pytest.warns(UserWarning, match="not a leaf Tensor"):
            assert y.grad is None


def test_data_is_a_view_outside_the_graph():
    for lib in (cybenko, torch):
        x = leaf(lib)
        x.data -= 1
        x.data.mul_(2)
        assert not x.data.requires_grad and x.requires_grad
        np.testing.assert_allclose(x.detach().numpy(), (X - 1) * 2)
        x.data = lib.zeros(2, 3)
        assert float(x.detach().sum()) == 0.0


def test_detach_shares_memory():
    x = leaf(cybenko)
    d = x.detach()
    d[0, 0] = 42.0
    assert x[0, 0].item() == 42.0 and not d.requires_grad


def test_numpy_of_a_tensor_that_requires_grad_raises():
    raises_like(lambda lib: leaf(lib).numpy(), match="Use tensor.detach\\(\\).numpy\\(\\)")


def test_requires_grad_only_for_floats_and_leaves():
    raises_like(lambda lib: lib.tensor([1, 2], requires_grad=True), match="floating point")
    raises_like(lambda lib: setattr(leaf(lib) * 2, "requires_grad", False), match="leaf")


def test_grad_of_a_float64_leaf_used_in_float32_ops_is_float64():
    def run(lib):
        x = lib.tensor(X.astype(np.float64), requires_grad=True)
        (x.float() * 2).sum().backward()
        return x.grad

    assert_same(*both(run))


def test_autograd_backward_functional_form():
    def run(lib):
        a, b = leaf(lib), leaf(lib)
        lib.autograd.backward([(a * b).sum(), (a + b)], [None, lib.ones(2, 3)])
        return a.grad, b.grad

    (oa, ob), (ta, tb) = both(run)
    assert_same(oa, ta, rtol=1e-6)
    assert_same(ob, tb, rtol=1e-6)


def test_variable_is_the_legacy_wrapper():
    v = cybenko.autograd.Variable(cybenko.ones(2), requires_grad=True)
    assert v.requires_grad and v.is_leaf


@pytest.mark.parametrize("flag", [1, 0, True])
def test_variable_takes_an_integer_flag_as_torch(flag):
    flags = [T.autograd.Variable(T.ones(2), requires_grad=flag).requires_grad for T in LIBS]
    assert flags[1] is flags[0]


@pytest.mark.parametrize("flag", ["yes", None, 1.5])
def test_variable_refuses_a_flag_that_is_no_integer(flag):
    check_error(lambda T: T.autograd.Variable(T.ones(2), requires_grad=flag), match=True)


def test_create_graph_is_refused_clearly():
    x = leaf(cybenko)
    with pytest.raises(RuntimeError, match="not supported"):
        x.sum().backward(create_graph=True)


def test_no_numpy_warnings_leak_from_ops():
    # A fresh interpreter, as a student's script runs (pytest swaps the warning filters).
    script = (
        "import cybenko as torch\n"
        "log = torch.log(torch.tensor([-1.0, 0.0]))\n"
        "torch.tensor([1.0]) / 0; torch.exp(torch.tensor([1000.0]))\n"
        "print(log)\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", script], capture_output=True, text=True
    )
    assert done.stderr == ""
    assert done.stdout.strip() == "tensor([nan, -inf])"  # torch's values, silently


def test_self_times_self_in_place_is_caught_like_torch():
    def run(lib):
        x = leaf(lib)
        y = x * 2
        y *= y
        y.sum().backward()

    raises_like(run, match="modified by an inplace operation")


def test_relu_gradient_keeps_torchs_zeros_and_nans():
    def run(lib):
        x = lib.tensor([-1.0, 0.0, 2.0, float("nan")], requires_grad=True)
        lib.relu(x).backward(lib.tensor([float("inf"), float("inf"), 3.0, 4.0]))
        return x.grad

    ours, theirs = both(run)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(3, 5), (7, 40000), (40000, 7)])  # over relu's chunk of zeros
def test_relu_keeps_nans_and_infinities_on_long_and_strided_inputs(dtype, shape):
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape).astype(dtype)
    special = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-40, -1e-40]
    x.flat[rng.integers(0, x.size, 64)] = rng.choice(special, 64)

    def run(lib):
        t = lib.tensor(x)
        return lib.relu(t), lib.relu(t.t())  # t() is not contiguous

    for ours, theirs in zip(*both(run), strict=True):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(3, 5), (7, 40000)])  # small, and split over the workers
def test_relu_gradient_is_torchs_bit_for_bit_with_nans_infinities_and_signed_zeros(dtype, shape):
    rng = np.random.default_rng(4)
    x, g = rng.standard_normal((2, *shape)).astype(dtype)
    special = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-40, -1e-40]
    x.flat[rng.integers(0, x.size, 64)] = rng.choice(special, 64)
    g.flat[rng.integers(0, g.size, 64)] = rng.choice(special, 64)

    def run(lib):
        t = lib.tensor(x, requires_grad=True)
        lib.relu(t).backward(lib.tensor(g))
        return t.grad

    ours, theirs = both(run)
    bits = {np.float32: np.int32, np.float64: np.int64}[dtype]
    np.testing.assert_array_equal(ours.numpy().view(bits), theirs.numpy().view(bits))


def test_sigmoid_gradient_is_bit_for_bit_torchs():
    rng = np.random.default_rng(5)
    x, g = rng.standard_normal((2, 1000)).astype(np.float32) * 4

    def run(lib):
        t = lib.tensor(x, requires_grad=True)
        lib.sigmoid(t).backward(lib.tensor(g))
        return t.grad

    ours, theirs = both(run)
    theirs_again = torch.ops.aten.sigmoid_backward(torch.tensor(g), torch.sigmoid(torch.tensor(x)))
    # the same arithmetic in the same order: equal wherever the forward values are equal
    same_forward = (
        cybenko.sigmoid(cybenko.tensor(x)).numpy() == torch.sigmoid(torch.tensor(x)).numpy()
    )
    assert np.array_equal(ours.numpy()[same_forward], theirs.numpy()[same_forward])
    assert np.array_equal(theirs.numpy(), theirs_again.numpy())


def test_copy_copy_shares_memory_as_torch():
    import copy

    for lib in (cybenko, torch):
        x = lib.zeros(3, requires_grad=True)
        shallow = copy.copy(x)
        assert shallow.requires_grad and shallow.is_leaf
        with lib.no_grad():
            shallow[0] = 5.0
        assert x[0].item() == 5.0


def _hooked_backward(lib, hook, non_leaf=False):
    x = lib.ones(3, requires_grad=True)
    watched = x * 2 if non_leaf else x
    watched.register_hook(hook)
    (watched * 3).sum().backward()


def _named_hook(grad):
    return grad[:2]


@pytest.mark.parametrize("non_leaf", [False, True])
@pytest.mark.parametrize(
    "hook",
    [
        lambda g: g[:2],  # another size
        lambda g: g.reshape(1, 3),  # a broadcastable size is still another size
        lambda g: g.double(),  # another dtype
        lambda g: g[:2].double(),  # the dtype is checked before the size
        lambda g: 5,  # not a tensor
        _named_hook,  # the message names the function
    ],
)
def test_a_hook_may_not_change_the_gradients_size_dtype_or_type(hook, non_leaf):
    check_error(lambda T: _hooked_backward(T, hook, non_leaf), match=True)


def _steps_of_decorated_generator(lib, decorator):
    """The grad mode inside a decorated generator at each step, and outside between them."""

    @decorator(lib)
    def steps():
        yield lib.is_grad_enabled()
        yield lib.is_grad_enabled()

    it = steps()
    return [next(it), lib.is_grad_enabled(), next(it), lib.is_grad_enabled()]


@pytest.mark.parametrize(
    "decorator",
    [
        lambda T: T.no_grad(),
        lambda T: T.no_grad,  # bare, without parentheses
        lambda T: T.set_grad_enabled(False),
        lambda T: T.inference_mode(),
    ],
)
def test_a_decorated_generator_runs_each_step_in_the_mode(decorator):
    ours, theirs = both(lambda lib: _steps_of_decorated_generator(lib, decorator))
    assert ours == theirs == [False, True, False, True]


def test_a_decorated_generator_passes_on_sent_values_thrown_errors_and_its_result():
    def run(lib):
        @lib.no_grad()
        def echo():
            try:
                sent = yield lib.is_grad_enabled()
                yield sent, lib.is_grad_enabled()
            except ValueError:
                yield "caught", lib.is_grad_enabled()
            return "done"

        it = echo()
        first, second = next(it), it.send(3)
        it = echo()
        next(it)
        thrown = it.throw(ValueError())
        with pytest.raises(StopIteration) as stop:
            next(it)
        return first, second, thrown, stop.value.value, lib.is_grad_enabled()

    ours, theirs = both(run)
    assert ours == theirs


def test_bare_no_grad_and_enable_grad_decorate_a_function():
    def run(lib):
        x = leaf(lib)

        @lib.no_grad
        def without(x):
            return (x * 2).requires_grad

        @lib.enable_grad
        def with_grad(x):
            return (x * 2).requires_grad

        with lib.no_grad():
            inside = with_grad(x)
        return without(x), inside, without.__name__

    ours, theirs = both(run)
    assert ours == theirs == (False, True, "without")


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.set_grad_enabled("no"),
        lambda T: T.set_grad_enabled(0),  # an int is not a bool either
        lambda T: T.ones(2).requires_grad_("yes"),
        lambda T: T.ones(2).requires_grad_(1),
        lambda T: setattr(T.ones(2), "requires_grad", 1),
    ],
)
def test_grad_flags_must_be_bools(fn):
    try:
        check_error(fn, match=True)
        assert cybenko.is_grad_enabled()  # the mode is left as it was
    finally:
        cybenko.set_grad_enabled(True)


def test_requires_grad_on_a_non_leaf_is_a_no_op_only_when_setting_it_true():
    def run(lib):
        h = leaf(lib) * 2
        return h.requires_grad_() is h, h.requires_grad_(True).requires_grad, h.is_leaf

    ours, theirs = both(run)
    assert ours == theirs == (True, True, False)
    check_error(lambda T: (leaf(T) * 2).requires_grad_(False), match=True)
    check_error(lambda T: setattr(leaf(T) * 2, "requires_grad", True), match=True)


def _inference_ones(T, *shape):
    with T.inference_mode():
        return T.ones(*shape or (2,))


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.ones(2, requires_grad=True) * _inference_ones(T),
        lambda T: T.ones(2, requires_grad=True) @ _inference_ones(T),
        lambda T: T.ones(2, requires_grad=True) * _inference_ones(T, 2, 2)[0],  # a view is one too
    ],
)
def test_an_inference_tensor_cannot_be_saved_for_backward(fn):
    # refused at the forward op that would save it
    check_error(fn, match=True)


def test_an_inference_tensor_that_is_not_saved_can_join_the_graph():
    def run(lib):
        w = lib.ones(2, requires_grad=True)
        (w + _inference_ones(lib)).sum().backward()  # add saves nothing
        x = _inference_ones(lib)
        return w.grad.tolist(), x.detach().is_inference(), x.exp().is_inference()

    ours, theirs = both(run)
    assert ours == theirs == ([1.0, 1.0], True, False)


def test_version_is_an_int_counting_writes_shared_with_views_and_detached_aliases():
    def run(lib):
        a = lib.ones(2)
        a.add_(1)
        a.view(2).mul_(2)
        return type(a._version), a._version, a.detach()._version

    ours, theirs = both(run)
    assert ours == theirs == (int, 2, 2)
