"""cybenko._memory: large buffers kept for reuse, never handed out while something uses them."""

import numpy as np
import pytest

import cybenko
from cybenko import _memory

LARGE = (256, 1024)  # 1 MiB of float32: above MIN_BYTES


@pytest.fixture(autouse=True)
def empty_pool():
    _memory.release()
    yield
    _memory.release()


def test_a_large_buffer_nothing_uses_is_handed_out_again():
    first = _memory.empty(LARGE, np.float32)
    address = first.ctypes.data
    del first
    assert _memory.empty(LARGE, np.float32).ctypes.data == address


@pytest.mark.parametrize("hold", ["array", "view", "tensor"])
def test_a_buffer_still_referred_to_is_not_handed_out(hold):
    first = _memory.empty(LARGE, np.float32)
    first.fill(7)
    kept = {"array": first, "view": first[3:, ::2], "tensor": cybenko.from_numpy(first)}[hold]
    del first
    second = _memory.empty(LARGE, np.float32)
    second.fill(0)
    assert (np.asarray(kept) == 7).all()


def test_shape_and_dtype_must_match():
    address = _memory.empty(LARGE, np.float32).ctypes.data
    assert _memory.empty(LARGE, np.float64).ctypes.data != address
    assert _memory.empty(LARGE[::-1], np.float32).ctypes.data != address


def test_small_arrays_are_not_kept():
    _memory.empty((4, 4), np.float32)
    assert _memory.kept() == []


def test_an_array_of_another_kind_gets_one_of_its_own_kind_unpooled():
    # a CuPy array on a GPU must get a CuPy array back; a NumPy subclass stands in for it
    class Other(np.ndarray):
        pass

    got = _memory.empty_like(np.zeros(LARGE, np.float32).view(Other))
    assert type(got) is Other and got.shape == LARGE and got.dtype == np.float32
    assert _memory.kept() == []


def test_the_pool_forgets_the_least_recently_used_beyond_its_slots(monkeypatch):
    monkeypatch.setattr(_memory, "SLOTS", 2)
    buffers = [_memory.empty((256, 1024 + i), np.float32) for i in range(3)]
    assert [b.shape for b in _memory.kept()] == [b.shape for b in buffers[1:]]


def test_zeros_are_zero_even_in_a_used_buffer():
    first = _memory.empty(LARGE, np.float32)
    first.fill(5)
    del first
    assert not _memory.zeros(LARGE, np.float32).any()


def test_tensors_kept_from_earlier_steps_keep_their_values():
    # relu's output, the layer's output and the gradients come from the pool every step
    cybenko.manual_seed(0)
    net = cybenko.nn.Sequential(
        cybenko.nn.Linear(1, 4096), cybenko.nn.ReLU(), cybenko.nn.Linear(4096, 1)
    )
    x = cybenko.linspace(-1, 1, 100).reshape(-1, 1)
    optimizer = cybenko.optim.SGD(net.parameters(), lr=0.01)
    kept, copies = [], []
    for _ in range(3):
        hidden = net[1](net[0](x))
        loss = net[2](hidden).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        kept.append(hidden)
        copies.append(hidden.detach().clone())
    for held, copy in zip(kept, copies, strict=True):
        assert cybenko.equal(held.detach(), copy)
    assert not cybenko.equal(kept[0], kept[2])


@pytest.mark.parametrize("flat", [True, False], ids=["one-group", "per-parameter"])
def test_adam_takes_its_scratch_arrays_from_the_pool(flat):
    # fresh scratch memory every step would cost a page fault per 4 KiB written
    layer = cybenko.nn.Linear(1, 20000)  # 80 KB per parameter, 160 KB for the group
    amsgrad = not flat  # amsgrad takes the per-parameter path
    optimizer = cybenko.optim.Adam(layer.parameters(), amsgrad=amsgrad)
    x = cybenko.ones(3, 1)

    def step_and_kept():
        optimizer.zero_grad()
        layer(x).sum().backward()
        optimizer.step()
        return {(b.shape, b.ctypes.data) for b in _memory.kept() if b.ndim == 1}

    step_and_kept()
    kept = step_and_kept()
    assert kept, "Adam's temporaries did not come from the pool"
    assert step_and_kept() == kept
