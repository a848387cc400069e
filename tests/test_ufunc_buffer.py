"""Ops that run rows of 256 to 4096 numbers with NumPy's buffer one row long
(`_ufunc_buffer.py`: a one-feature layer's outer product, col2im's adds) give torch's
numbers, and leave NumPy's buffer size as the program had set it."""

import numpy as np
import pytest

import cybenko
from cybenko import _ufunc_buffer
from oracle import torch

pytestmark = pytest.mark.oracle


@pytest.fixture(autouse=True)
def restore_threads_and_buffer():
    threads, size = cybenko.get_num_threads(), np.getbufsize()
    yield
    cybenko.set_num_threads(threads)
    np.setbufsize(size)


def one_feature_layer(lib, x, width, bias):
    """Linear(1, width) forward and backward on x (rows, 1), weights from a fixed stream."""
    rng = np.random.default_rng(3)
    w = rng.standard_normal((width, 1)).astype(np.float32)
    w[:3, 0] = [-0.0, np.inf, 0.0]
    b = rng.standard_normal(width).astype(np.float32) if bias else None
    tx, tw = lib.tensor(x, requires_grad=True), lib.tensor(w, requires_grad=True)
    tb = None if b is None else lib.tensor(b, requires_grad=True)
    out = lib.nn.functional.linear(tx, tw, tb)
    grad = rng.standard_normal(tuple(out.shape)).astype(np.float32)
    out.backward(lib.tensor(grad))
    return [out.detach().numpy(), tx.grad.numpy(), tw.grad.numpy()]


@pytest.mark.parametrize("width", [256, 512, 2048, 4096, 5000])
@pytest.mark.parametrize("bias", [True, False])
def test_a_one_feature_layer_gives_torchs_numbers(width, bias):
    x = np.linspace(-1, 1, 100, dtype=np.float32).reshape(-1, 1)
    x[:2, 0] = [-0.0, np.nan]
    ours = one_feature_layer(cybenko, x, width, bias)
    theirs = one_feature_layer(torch, x, width, bias)
    if bias:  # torch's BLAS fuses x w + b into one rounding on some CPUs (MKL on AVX-512)
        np.testing.assert_allclose(ours[0], theirs[0], rtol=0, atol=1e-6)  # an ulp of x w
    else:  # the entrywise product, -0 and inf * 0 included
        np.testing.assert_array_equal(ours[0].view(np.int32), theirs[0].view(np.int32))
    for a, b in zip(ours[1:], theirs[1:], strict=True):  # sums: torch's order differs
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize(("batch", "width"), [(32, 16), (100, 14), (8, 10)])
def test_a_convolutions_input_gradient_gives_torchs_numbers(batch, width):
    # 16 -> 16 channels, 3 x 3: the batch-innermost layout, whose col2im adds rows of
    # batch x width numbers (512, 1400; 80 is left to NumPy's joining)
    rng = np.random.default_rng(4)
    x = rng.standard_normal((batch, 16, width, width)).astype(np.float32)
    w = (rng.standard_normal((16, 16, 3, 3)) * 0.1).astype(np.float32)
    found = []
    for lib in (cybenko, torch):
        tx = lib.tensor(x, requires_grad=True)
        out = lib.nn.functional.conv2d(tx, lib.tensor(w), padding=1)
        out.backward(lib.ones_like(out))
        found.append(tx.grad.numpy())
    np.testing.assert_allclose(found[0], found[1], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("threads", [1, 2])
def test_numpys_buffer_size_is_left_as_the_program_set_it(threads):
    cybenko.set_num_threads(threads)
    np.setbufsize(4096)
    x = np.linspace(-1, 1, 400, dtype=np.float32).reshape(-1, 1)
    one_feature_layer(cybenko, x, 512, bias=True)
    assert np.getbufsize() == 4096


def test_the_buffer_size_comes_back_when_the_op_fails():
    def fails():
        assert np.getbufsize() == 512  # one row of 512 numbers while it runs
        raise ValueError("inside")

    with pytest.raises(ValueError, match="inside"):
        _ufunc_buffer.one_row_at_a_time(512, fails)
    assert np.getbufsize() == 8192
