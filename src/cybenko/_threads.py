"""torch.set_num_threads / get_num_threads: how many threads a matrix product may use.

cybenko's arithmetic is NumPy's, and NumPy's matrix products run in its BLAS (OpenBLAS in
the wheels from PyPI), which starts one thread per core. The BLAS library NumPy loaded is
found beside NumPy and its own thread setting is called through ctypes, as threadpoolctl
does, so the core still needs NumPy alone. Where no known BLAS is found (Apple's
Accelerate, for one), the number is remembered but changes nothing, and `blas()` says so.
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


_remembered = {"threads": os.cpu_count() or 1}


def set_num_threads(num: int) -> None:
    """Let each matrix product use at most `num` threads (torch.set_num_threads)."""
    if type(num) is not int:
        raise RuntimeError(f"set_num_threads expects an int, but got {type(num).__name__}")
    if num <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    found = blas()
    if found is not None:
        found[1](num)
    _remembered["threads"] = num


def get_num_threads() -> int:
    """How many threads a matrix product may use (torch.get_num_threads)."""
    found = blas()
    return found[2]() if found is not None else _remembered["threads"]
