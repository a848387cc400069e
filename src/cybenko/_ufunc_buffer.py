"""NumPy's ufunc buffer, one row long where NumPy would join rows of a few hundred to a few
thousand numbers.

A ufunc runs an array as one inner loop only where all its operands lie alike in memory.
Where they do not (a column times a row, as in a one-feature layer's outer product; a
channel's value over its images, as in batch norm and a convolution's bias; strided views of
two arrays, as in col2im's adds), each row is an inner loop, and NumPy 2 then joins rows into
buffers of `np.getbufsize()` numbers (8192), copying every operand into them. Three such
buffers no longer fit a core's first cache: for rows of 256 to 4096 numbers the op runs
1.3-4 times slower than a loop over each row (a 100 x 512 outer product 35 us against 14,
100 x 2048 139 against 34; the notes' second convolution's col2im 0.74 ms against 0.36; the
MNIST CNN's first bias 0.93 ms against 0.48). Shorter rows gain from being joined, longer
ones are never joined, and ops that cast need the buffer: so only such rows get a buffer one
row long, and only while their op runs. Rows of 16 to 255 numbers are best joined into
buffers of about a thousand numbers where both operands are strided (col2im's adds, 10-30%
faster; a bias or an outer product on such rows gains nothing). Setting the buffer and back
costs 0.5-1 us: large ops only.
"""

from __future__ import annotations

import numpy as np

try:  # NumPy 2 keeps the setting in a context variable: set directly, as np.setbufsize does,
    # it costs 0.5 us instead of 3.5 for np.setbufsize's wrapper, called twice
    from numpy._core.umath import _extobj_contextvar, _make_extobj
except ImportError:  # NumPy 1
    _extobj_contextvar = None

SHORTEST, LONGEST = 256, 4096  # the row lengths that joining slows down (measured)
FEWEST = 1 << 14  # numbers in all: on fewer, the setting costs more than it saves


def one_row_at_a_time(row: int, numbers: int, fn, *args):
    """fn(*args), a few ufunc calls over `numbers` numbers whose inner loops run `row`
    numbers, with NumPy's buffer one row long where such rows would be joined and copied."""
    if numbers < FEWEST or not SHORTEST <= row <= LONGEST:
        return fn(*args)
    return _with_buffer(-(-row // 16) * 16, fn, *args)  # a multiple of 16, as NumPy asks


JOINED = 1024  # numbers: three buffers of them fit a core's first cache


def short_rows_joined(row: int, numbers: int, fn, *args):
    """fn(*args), ufunc calls over `numbers` numbers in rows of `row` numbers where both
    operands are strided views (col2im's adds), with NumPy's buffer JOINED numbers long
    where rows of 16 to 255 numbers would be joined into 8192 (a wide convolution's col2im,
    rows of 32: 26 -> 18 ms; other patterns of short rows gain nothing, so only these)."""
    if numbers < FEWEST or not 16 <= row < SHORTEST:
        return fn(*args)
    return _with_buffer(JOINED, fn, *args)


def _with_buffer(size: int, fn, *args):
    """fn(*args) with NumPy's buffer `size` numbers long in this thread's context, the
    program's own settings kept and restored, also when fn raises."""
    if _extobj_contextvar is None:
        previous = np.setbufsize(size)
        try:
            return fn(*args)
        finally:
            np.setbufsize(previous)
    token = _extobj_contextvar.set(_make_extobj(bufsize=size))
    try:
        return fn(*args)
    finally:
        _extobj_contextvar.reset(token)
