"""torch.nn.utils against torch: gradient clipping by total norm (any norm type, inf included)
and by value, and parameters as one vector and back.

Each test builds the same small model in both libraries (manual_seed gives torch's weights bit
for bit), runs one backward pass on the same batch, applies the utility, and compares the
returned total norm and every gradient.
"""

import warnings

import numpy as np
import pytest

import cybenko
from cases import Draws
from helpers import assert_same_tensor
from oracle import torch

pytestmark = pytest.mark.oracle

draw = Draws(seed=104)
BATCH = draw.rand(6, 5)
TARGET = draw.rand(6, 2)


def model_with_grads(lib, frozen: bool = False, scale: float = 1.0):
    """A 5-8-2 MLP after one backward pass of an MSE loss (scaled to make large grads)."""
    lib.manual_seed(0)
    model = lib.nn.Sequential(lib.nn.Linear(5, 8), lib.nn.Tanh(), lib.nn.Linear(8, 2))
    if frozen:
        model[0].bias.requires_grad_(False)
    loss = lib.nn.functional.mse_loss(model(lib.tensor(BATCH)), lib.tensor(TARGET)) * scale
    loss.backward()
    return model


def same_grads(theirs, ours) -> None:
    for t, c in zip(theirs.parameters(), ours.parameters(), strict=True):
        if t.grad is None:
            assert c.grad is None
            continue
        assert_same_tensor(t.grad, c.grad, what="grad")


@pytest.mark.parametrize("norm_type", [2.0, 1, 3, 0.5, float("inf"), "inf"])
@pytest.mark.parametrize("max_norm", [0.05, 1e3])
def test_clip_grad_norm(norm_type, max_norm):
    models, totals = [], []
    for lib in (torch, cybenko):
        model = model_with_grads(lib, scale=5.0)
        norm = float(norm_type) if norm_type == "inf" else norm_type
        totals.append(lib.nn.utils.clip_grad_norm_(model.parameters(), max_norm, norm))
        models.append(model)
    assert_same_tensor(totals[0], totals[1], what="total norm")
    same_grads(*models)


def test_clip_grad_norm_skips_parameters_without_grad_and_takes_foreach():
    models, totals = [], []
    for lib in (torch, cybenko):
        model = model_with_grads(lib, frozen=True)
        totals.append(lib.nn.utils.clip_grad_norm_(list(model.parameters()), 0.1, foreach=None))
        models.append(model)
    assert_same_tensor(totals[0], totals[1], what="total norm")
    same_grads(*models)


def test_clip_grad_norm_of_one_tensor():
    totals, grads = [], []
    for lib in (torch, cybenko):
        w = lib.tensor(draw.rand(3, 4) if not grads else grads[0][0], requires_grad=True)
        (w * w).sum().backward()
        totals.append(lib.nn.utils.clip_grad_norm_(w, 1.0, norm_type=2))
        grads.append((w.detach().numpy(), w.grad))
    assert_same_tensor(totals[0], totals[1], what="total norm")
    assert_same_tensor(grads[0][1], grads[1][1], what="grad")


def test_clip_grad_norm_without_gradients_is_zero():
    for lib in (torch, cybenko):
        lib.manual_seed(0)
        total = lib.nn.utils.clip_grad_norm_(lib.nn.Linear(2, 2).parameters(), 1.0)
        assert float(total) == 0.0 and str(total.dtype) == "torch.float32"


@pytest.mark.parametrize("bad", [float("inf"), float("nan")])
def test_clip_grad_norm_nonfinite(bad):
    messages, totals, grads = [], [], []
    for lib in (torch, cybenko):
        model = model_with_grads(lib)
        model[0].weight.grad[0, 0] = bad
        with pytest.raises(RuntimeError) as info:
            lib.nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
        messages.append(str(info.value))
        totals.append(lib.nn.utils.clip_grad_norm_(model.parameters(), 1.0))
        grads.append(model[2].weight.grad)
    assert messages[0] == messages[1]
    assert_same_tensor(totals[0], totals[1], what="total norm")
    assert_same_tensor(grads[0], grads[1], what="grad scaled by a non-finite norm")


def test_clip_grad_norm_empty_generator_warns():
    for lib in (torch, cybenko):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            total = lib.nn.utils.clip_grad_norm_((p for p in []), 1.0)
        assert float(total) == 0.0
        assert [str(w.message) for w in caught] == [
            "`parameters` is an empty generator, no gradient clipping will occur."
        ]


@pytest.mark.parametrize("clip_value", [0.01, 0.2, 5])
def test_clip_grad_value(clip_value):
    models = []
    for lib in (torch, cybenko):
        model = model_with_grads(lib, frozen=True, scale=3.0)
        assert lib.nn.utils.clip_grad_value_(model.parameters(), clip_value) is None
        models.append(model)
    same_grads(*models)


def test_clip_grad_value_of_one_tensor():
    grads = []
    x = draw.rand(4)
    for lib in (torch, cybenko):
        w = lib.tensor(x, requires_grad=True)
        (w * w * w).sum().backward()
        lib.nn.utils.clip_grad_value_(w, 1.5)
        grads.append(w.grad)
    assert_same_tensor(grads[0], grads[1], what="grad")


def test_parameters_to_vector_and_back():
    vectors, models = [], []
    for lib in (torch, cybenko):
        lib.manual_seed(0)
        model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.Linear(4, 2))
        vec = lib.nn.utils.parameters_to_vector(model.parameters())
        assert vec.grad_fn.name() == "CatBackward0"
        (vec * lib.arange(vec.numel())).sum().backward()
        lib.nn.utils.vector_to_parameters(vec.detach() * 2 + 1, model.parameters())
        vectors.append(vec)
        models.append(model)
    assert_same_tensor(vectors[0], vectors[1], what="vector")
    for t, c in zip(models[0].parameters(), models[1].parameters(), strict=True):
        assert_same_tensor(t, c, what="parameter written back")
        assert_same_tensor(t.grad, c.grad, what="grad through the vector")
        assert c.requires_grad and type(c) is cybenko.nn.Parameter


def test_vector_to_parameters_refuses_a_non_tensor():
    messages = []
    for lib in (torch, cybenko):
        with pytest.raises(TypeError) as info:
            lib.nn.utils.vector_to_parameters([1.0, 2.0], lib.nn.Linear(1, 1).parameters())
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_reachable_as_torch_nn_utils():
    import cybenko.nn.utils

    assert cybenko.nn.utils.clip_grad_norm_ is cybenko.nn.utils.clip_grad.clip_grad_norm_
    assert np.isfinite(float(cybenko.nn.utils.get_total_norm([cybenko.ones(3)])))
