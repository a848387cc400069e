"""Helpers around the layers, as torch.nn.utils: `rnn` packs batches of sequences."""

from . import rnn

__all__ = ["rnn"]
