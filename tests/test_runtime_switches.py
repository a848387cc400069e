"""torch's process-wide switches and small names: accepted, read back, and as torch's.

Deterministic algorithms, the default device, torch.compile (cybenko runs eagerly, so a
compiled model is the model), the math constants, and nn.init's pre-0.4 names.
"""

import sys
import warnings

import numpy as np
import pytest

import cybenko
from helpers import check, check_error
from oracle import torch

pytestmark = pytest.mark.oracle


@pytest.fixture(autouse=True)
def restore_switches():
    """cybenko's switches back to their defaults after each test, and torch's when a test
    loaded it (without torch, naming it here would skip the teardown itself)."""
    yield
    for lib in (cybenko, sys.modules.get("torch")):
        if lib is not None:
            lib.use_deterministic_algorithms(False)
            lib.set_default_device(None)


@pytest.mark.parametrize("mode, warn_only", [(True, False), (True, True), (False, False)])
def test_deterministic_algorithms_read_back(mode, warn_only):
    for lib in (torch, cybenko):
        lib.use_deterministic_algorithms(mode, warn_only=warn_only)
    assert (
        cybenko.are_deterministic_algorithms_enabled()
        is torch.are_deterministic_algorithms_enabled()
    )
    assert (
        cybenko.is_deterministic_algorithms_warn_only_enabled()
        is torch.is_deterministic_algorithms_warn_only_enabled()
    )


def test_deterministic_algorithms_want_a_bool():
    check_error(lambda T: T.use_deterministic_algorithms("yes"), match=True)
    check_error(lambda T: T.use_deterministic_algorithms(True, warn_only=1), match=True)


def test_default_device_is_the_cpu_until_set():
    for where in ("cpu", None, torch.device("cpu")):
        torch.set_default_device(where)
        cybenko.set_default_device(None if where is None else str(where))
        assert str(cybenko.get_default_device()) == str(torch.get_default_device())
        assert str(cybenko.zeros(2).device) == str(torch.zeros(2).device)


def test_a_bad_default_device_is_refused_as_torch_refuses():
    check_error(lambda T: T.set_default_device("cpux"))  # cybenko lists the types it has
    with pytest.raises(RuntimeError, match="at start of device string: cpux"):
        cybenko.set_default_device("cpux")


def test_the_default_device_makes_tensors_and_parameters(monkeypatch):
    monkeypatch.setenv("CYBENKO_TEST_CUDA", "1")
    cybenko.set_default_device("cuda")
    made = [cybenko.zeros(2), cybenko.tensor([1.0]), cybenko.rand(3), cybenko.arange(4)]
    made += list(cybenko.nn.Linear(2, 3).parameters())
    assert {str(t.device) for t in made} == {"cuda:0"}
    assert cybenko.from_numpy(np.zeros(2)).device.type == "cpu"  # NumPy's memory stays put


def test_no_gpu_no_cuda_default(monkeypatch):
    monkeypatch.delenv("CYBENKO_TEST_CUDA", raising=False)
    with pytest.raises(RuntimeError, match="CUDA is not available"):
        cybenko.set_default_device("cuda")


def linear_model(T):
    T.manual_seed(0)
    return T.nn.Sequential(T.nn.Linear(3, 4), T.nn.Tanh(), T.nn.Linear(4, 1))


def test_a_compiled_model_gives_the_model_numbers():
    x = np.random.default_rng(0).uniform(-1, 1, (5, 3)).astype(np.float32)
    # torch's graph shows its compiled node; the numbers and gradients are the model's
    check(lambda T, x: T.compile(linear_model(T), backend="eager")(x), x, names=False)
    check(lambda T, x: T.compile(backend="eager")(linear_model(T))(x), x, names=False)


def test_compile_wants_a_callable():
    check_error(lambda T: T.compile(3), match=True)


def test_math_constants():
    for name in ("pi", "e", "inf", "nan", "newaxis"):
        a, b = getattr(cybenko, name), getattr(torch, name)
        assert a == b or (a != a and b != b), name


OLD_INIT_NAMES = [
    ("uniform", (-0.5, 0.5)),
    ("normal", (0.0, 2.0)),
    ("constant", (0.3,)),
    ("eye", ()),
    ("xavier_uniform", ()),
    ("xavier_normal", (1.5,)),
    ("kaiming_uniform", ()),
    ("kaiming_normal", ()),
    ("orthogonal", ()),
]


@pytest.mark.parametrize("name, args", OLD_INIT_NAMES, ids=[n for n, _ in OLD_INIT_NAMES])
def test_init_old_names_warn_and_fill_as_torch(name, args):
    filled, messages = [], []
    for lib in (torch, cybenko):
        lib.manual_seed(3)
        w = lib.empty(4, 5)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            getattr(lib.nn.init, name)(w, *args)
        filled.append(w.numpy())
        messages.append([(c.category, str(c.message)) for c in caught])
    np.testing.assert_allclose(filled[1], filled[0], rtol=1e-5, atol=1e-6)  # float32 LAPACK
    assert messages[1] == messages[0]
