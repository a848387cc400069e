"""Devices. Only the CPU, backed by NumPy, exists so far."""

from __future__ import annotations


class device:
    """Where a tensor lives: `device(type='cpu')`. Accepts 'cpu', 'cpu:0' or a device."""

    __slots__ = ("type", "index")

    def __init__(self, type: str | device, index: int | None = None):  # noqa: A002
        if isinstance(type, device):
            type, index = type.type, type.index
        name, _, number = str(type).partition(":")
        if name not in ("cpu", "cuda"):
            raise RuntimeError(
                "Expected one of cpu, cuda device type at start of device string: " + str(type)
            )
        self.type = name
        self.index = int(number) if number else index

    def __repr__(self) -> str:
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other) -> bool:
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


def check_device(where) -> None:
    """Accept the CPU; explain that CUDA is not available for anything else."""
    if where is None:
        return
    if device(where).type != "cpu":
        raise RuntimeError(
            "CUDA is not available: cybenko runs on the CPU here. Install cupy-cudaXX and run "
            "on a machine with an NVIDIA GPU, or use device='cpu'."
        )
