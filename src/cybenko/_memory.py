"""Large arrays from buffers cybenko keeps, instead of fresh memory on every call.

A training loop asks for the same large arrays every step: a layer's output, relu's, the
gradients flowing back, a convolution's window matrix. The C allocator hands a freed large
block back to the system (glibc does so for blocks above its mmap threshold, and trims the
heap's free top), so the next step's array of that size costs a page fault per 4 KiB it
writes: a few microseconds each on a virtual machine, as much as the arithmetic on them.

`empty(shape, dtype)` (and `zeros`, `empty_like`) hands out a kept buffer that nothing
uses any more, or makes one and keeps it. A buffer is free again once the only references
left are the pool's own: the tensors that held it, and the graph nodes that saved it, are
gone. Small arrays come from NumPy as usual; the pool keeps at most `SLOTS` buffers and
`MAX_BYTES` in all, forgetting the oldest buffer of the least recently used kind (shape and
dtype) first (one still in use just stops being the pool's). Buffers are looked up by kind:
a step asks for a few dozen, and a scan of every kept buffer cost more than it saved.
"""

from __future__ import annotations

import sys
import threading

import numpy as np

# glibc maps blocks from 128 KiB on afresh, and gives back a free heap top from 128 KiB, until
# a larger freed block raises both: so a step's arrays of a few hundred KiB (100 x 512 relu
# outputs, Adam's scratch for 60,000 numbers) fault afresh in a fresh process
MIN_BYTES = 1 << 16
SLOTS = 24
MAX_BYTES = 1 << 29  # what the notes' widest net (1-204800-1) keeps alive in a step, and more

# (shape, dtype) -> the buffers of that kind, oldest first; the least recently used kind first
_kept: dict = {}
_count = 0
_kept_bytes = 0
_lock = threading.Lock()  # the playground trains on a thread beside the main one


def empty(shape: tuple, dtype) -> np.ndarray:
    """np.empty(shape, dtype), from a kept buffer when the array is large."""
    dtype = np.dtype(dtype)
    nbytes = dtype.itemsize
    for n in shape:
        nbytes *= n
    if nbytes < MIN_BYTES:
        return np.empty(shape, dtype)
    return _from_pool(tuple(shape), dtype)


def zeros(shape: tuple, dtype) -> np.ndarray:
    """np.zeros(shape, dtype), from a kept buffer when the array is large."""
    out = empty(shape, dtype)
    out.fill(0)
    return out


def empty_like(array: np.ndarray) -> np.ndarray:
    """empty(array.shape, array.dtype); an array of another module (CuPy's, on a GPU) gets
    one of its own kind, from that module, as np.empty_like gives it."""
    if array.nbytes < MIN_BYTES or type(array) is not np.ndarray:
        return np.empty_like(array)
    return _from_pool(array.shape, array.dtype)


def _from_pool(shape: tuple, dtype: np.dtype) -> np.ndarray:
    kind = (shape, dtype)
    with _lock:
        buffers = _kept.pop(kind, None)
        if buffers is not None:
            _kept[kind] = buffers  # now the most recently used kind
            for buffer in buffers:
                # referred to by the list, `buffer` and getrefcount's argument only: unused
                if sys.getrefcount(buffer) == 3:
                    return buffer
        buffer = np.empty(shape, dtype)
        _keep(kind, buffer)
        return buffer


def kept() -> list:
    """The kept buffers, the least recently used kind first (for tests and curious readers)."""
    with _lock:
        return [buffer for buffers in _kept.values() for buffer in buffers]


def release() -> None:
    """Forget every kept buffer (their memory goes back once no array uses it)."""
    global _count, _kept_bytes
    with _lock:
        _kept.clear()
        _count = _kept_bytes = 0


def _keep(kind: tuple, buffer: np.ndarray) -> None:
    global _count, _kept_bytes
    if buffer.nbytes > MAX_BYTES:
        return
    _kept.setdefault(kind, []).append(buffer)
    _count += 1
    _kept_bytes += buffer.nbytes
    while _count > SLOTS or _kept_bytes > MAX_BYTES:
        oldest_kind = next(iter(_kept))
        buffers = _kept[oldest_kind]
        _count -= 1
        _kept_bytes -= buffers.pop(0).nbytes
        if not buffers:
            del _kept[oldest_kind]
