"""torch.set_num_threads / get_num_threads: how many threads cybenko's large products use.

cybenko's arithmetic is NumPy's, and NumPy's matrix products run in its BLAS (OpenBLAS in
the wheels from PyPI), which would split a product over one thread per core. Those threads
wait for each other by spinning, so on a machine that is busy with anything else a product
can take ten times as long. cybenko therefore keeps NumPy's BLAS on one thread (set here,
once, when cybenko is imported) and runs its large products on its own worker threads
(`_parallel.py`); `set_num_threads(n)` says how many. The BLAS library NumPy loaded is found
beside NumPy and its thread setting called through ctypes, as threadpoolctl does, so the
core still needs NumPy alone; where no known BLAS is found (Apple's Accelerate, for one),
the BLAS keeps its own setting.
"""

from __future__ import annotations

import ctypes
import functools
import glob
import os

import numpy as np

# (set, get) symbol pairs of the BLAS builds NumPy ships or links: scipy-openblas (PyPI's
# wheels, 64-bit integers), plain OpenBLAS, and MKL.
_SYMBOLS = (
    ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
    ("scipy_openblas_set_num_threads", "scipy_openblas_get_num_threads"),
    ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
    ("openblas_set_num_threads", "openblas_get_num_threads"),
    ("MKL_Set_Num_Threads", "MKL_Get_Max_Threads"),
)


@functools.cache
def blas():
    """(library path, set function, get function) of the BLAS NumPy uses, or None."""
    here = os.path.dirname(np.__file__)
    folders = (f"{here}.libs", os.path.join(here, ".libs"), os.path.join(here, ".dylibs"))
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "*"))):
            if "blas" not in os.path.basename(path).lower() and "mkl" not in path.lower():
                continue
            try:
                library = ctypes.CDLL(path)  # already loaded by NumPy: the same handle
            except OSError:
                continue
            for set_name, get_name in _SYMBOLS:
                if hasattr(library, set_name) and hasattr(library, get_name):
                    setter, getter = getattr(library, set_name), getattr(library, get_name)
                    setter.argtypes, setter.restype = [ctypes.c_int], None
                    getter.argtypes, getter.restype = [], ctypes.c_int
                    return path, setter, getter
    return None


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_workers = {"threads": _usable_cores()}


def blas_threads(num: int) -> None:
    """Set NumPy's BLAS thread count (cybenko keeps it at 1; the benchmarks' hand-written
    NumPy rows use it)."""
    found = blas()
    if found is not None:
        found[1](num)


def set_num_threads(num: int) -> None:
    """Let cybenko's large products use at most `num` threads (torch.set_num_threads)."""
    if type(num) is not int:
        raise RuntimeError(f"set_num_threads expects an int, but got {type(num).__name__}")
    if num <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _workers["threads"] = num


def get_num_threads() -> int:
    """How many threads cybenko's large products may use (torch.get_num_threads)."""
    return _workers["threads"]


blas_threads(1)
