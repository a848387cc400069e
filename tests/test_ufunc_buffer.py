"""Ops that run rows of 256 to 4096 numbers (`_ufunc_buffer.py`: a one-feature layer's outer
product, col2im's adds, batch norm and a first convolution's bias over images) set NumPy's
buffer one row long while they run, give torch's numbers, and leave the buffer size as the
program had set it."""

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


@pytest.mark.parametrize(
    ("batch", "channels", "width"), [(32, 16, 16), (100, 16, 14), (8, 16, 10), (4, 8, 32)]
)
def test_a_convolutions_input_gradient_gives_torchs_numbers(batch, channels, width):
    # to 16 channels, 3 x 3. From 16: the batch-innermost layout, whose col2im adds rows of
    # batch x width numbers (512, 1400; 80 is left to NumPy's joining). From 8 on 32 x 32
    # images: batch first, whose col2im adds rows of 32, joined into buffers of 1024
    rng = np.random.default_rng(4)
    x = rng.standard_normal((batch, channels, width, width)).astype(np.float32)
    w = (rng.standard_normal((16, channels, 3, 3)) * 0.1).astype(np.float32)
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
        _ufunc_buffer.one_row_at_a_time(512, 1 << 20, fails)
    assert np.getbufsize() == 8192


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_over_images_of_hundreds_of_numbers_gives_torchs_numbers(training):
    # 16 x 20 images: each channel's statistics broadcast over rows of 320 numbers
    rng = np.random.default_rng(5)
    x = (rng.standard_normal((20, 3, 16, 20)) * 2 + 1).astype(np.float32)
    grad = rng.standard_normal(x.shape).astype(np.float32)
    found = []
    for lib in (cybenko, torch):
        lib.manual_seed(0)
        norm = lib.nn.BatchNorm2d(3)
        with lib.no_grad():
            norm.weight.copy_(lib.tensor([0.5, -1.0, 2.0]))
            norm.running_mean.copy_(lib.tensor([0.2, 0.0, -0.3]))
        norm.train(training)
        tx = lib.tensor(x, requires_grad=True)
        out = norm(tx)
        out.backward(lib.tensor(grad))
        found.append([out.detach().numpy(), tx.grad.numpy(), norm.weight.grad.numpy()])
    for a, b in zip(*found, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


def test_a_first_convolutions_bias_gives_torchs_numbers():
    # one input channel: the batch-first layout, each channel's bias along rows of 20 x 20
    rng = np.random.default_rng(6)
    x = rng.standard_normal((12, 1, 20, 20)).astype(np.float32)
    w = rng.standard_normal((16, 1, 3, 3)).astype(np.float32)  # more outputs than 3 x 3
    b = np.repeat(np.array([0.5, -0.0, -2.0, 1e-3], np.float32), 4)
    ours, theirs = (
        lib.nn.functional.conv2d(lib.tensor(x), lib.tensor(w), lib.tensor(b), padding=1).numpy()
        for lib in (cybenko, torch)
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("numpy_setting", ["context variable", "np.setbufsize (NumPy 1)"])
def test_the_ops_run_with_a_buffer_one_row_long_and_set_it_back(numpy_setting, monkeypatch):
    # the buffer size each op's ufunc calls run with: one row (a multiple of 16), or NumPy's
    # default for small ops; the default again once the op is done
    if numpy_setting != "context variable":
        monkeypatch.setattr(_ufunc_buffer, "_extobj_contextvar", None)
    sizes = []

    def recorded(real):
        def run(row, numbers, fn, *args):
            def inside(*a):
                sizes.append(np.getbufsize())
                return fn(*a)

            return real(row, numbers, inside, *args)

        return run

    for name in ("one_row_at_a_time", "short_rows_joined"):
        monkeypatch.setattr(_ufunc_buffer, name, recorded(getattr(_ufunc_buffer, name)))
    cybenko.set_num_threads(1)
    runs = {
        "outer product, 100 x 300": lambda: cybenko.nn.Linear(1, 300)(cybenko.randn(100, 1)),
        "col2im, rows of 100 x 14": lambda: conv_backward(cybenko.randn(100, 16, 14, 14)),
        "col2im batch first, rows of 32": lambda: conv_backward(cybenko.randn(4, 8, 32, 32)),
        "batch norm, images of 16 x 20": lambda: cybenko.nn.BatchNorm2d(3)(
            cybenko.randn(20, 3, 16, 20)
        ),
        "batch norm, few numbers: NumPy's default": lambda: cybenko.nn.BatchNorm2d(3)(
            cybenko.randn(2, 3, 16, 20)
        ),
        "small product: not asked": lambda: cybenko.nn.Linear(1, 300)(cybenko.randn(4, 1)),
    }
    expected = {
        "outer product, 100 x 300": [304],
        "col2im, rows of 100 x 14": [1408],
        "col2im batch first, rows of 32": [1024],
        "batch norm, images of 16 x 20": [320],
        "batch norm, few numbers: NumPy's default": [8192],
        "small product: not asked": [],
    }
    for name, run in runs.items():
        sizes.clear()
        run()
        assert sizes == expected[name], name
        assert np.getbufsize() == 8192


def conv_backward(x):
    x.requires_grad_()
    out = cybenko.nn.functional.conv2d(x, cybenko.randn(16, x.shape[1], 3, 3), padding=1)
    out.backward(cybenko.ones_like(out))
