"""cybenko.nn.parallel: DataParallel, so multi-GPU course code runs (on one device here)."""

from .data_parallel import DataParallel, data_parallel

__all__ = ["DataParallel", "data_parallel"]
