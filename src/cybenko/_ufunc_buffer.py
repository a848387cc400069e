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
row long, and only while their op runs. Setting it and back costs 0.5-1 us: large ops only.
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
    size = -(-row // 16) * 16  # a multiple of 16 numbers, as NumPy asks
    if _extobj_contextvar is None:
        previous = np.setbufsize(size)  # the setting belongs to this thread
        try:
            return fn(*args)
        finally:
            np.setbufsize(previous)
    # the setting belongs to this thread's context; the program's other settings are kept
    token = _extobj_contextvar.set(_make_extobj(bufsize=size))
    try:
        return fn(*args)
    finally:
        _extobj_contextvar.reset(token)
