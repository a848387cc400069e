"""torch.cuda as it answers on a machine without a GPU: nothing is available.

Course code starts with `device = 'cuda' if torch.cuda.is_available() else 'cpu'` and
`torch.cuda.manual_seed_all(777)`; both work here and choose the CPU. Asking for a GPU
explains how to get one.
"""

from __future__ import annotations


def is_available() -> bool:
    return False


def device_count() -> int:
    return 0


def manual_seed(seed: int) -> None:
    """Seeds the GPU generators, of which there are none: nothing to do (as torch)."""


def manual_seed_all(seed: int) -> None:
    """Seeds every GPU generator, of which there are none: nothing to do (as torch)."""


def _no_gpu(*args, **kwargs):
    raise AssertionError(
        "Torch not compiled with CUDA enabled: cybenko runs on the CPU here. Install "
        "cupy-cudaXX and run on a machine with an NVIDIA GPU, or use device='cpu'."
    )


current_device = get_device_name = synchronize = set_device = _no_gpu
