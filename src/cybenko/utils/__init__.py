"""Utilities beside the tensor library, as torch.utils: `cybenko.utils.data` loads datasets."""

from . import data

__all__ = ["data"]
