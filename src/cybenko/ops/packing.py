"""Packing a padded batch of sequences: keep only the real steps, time step after time step.

A padded batch is (T, B, *) with the sequences sorted longest first; packing reads, for each
time step t, the first batch_sizes[t] rows (the sequences still running at t) and stacks them
into one (sum(batch_sizes), *) array, the layout an RNN walks through step by step.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def packed_positions(batch_sizes) -> tuple[np.ndarray, np.ndarray]:
    """(time, batch) of each packed row: step t gives rows (t, 0) ... (t, batch_sizes[t] - 1)."""
    times = np.repeat(np.arange(len(batch_sizes)), batch_sizes)
    rows = np.concatenate([np.arange(n) for n in batch_sizes]) if len(batch_sizes) else times
    return times, rows


class PackPaddedSequence(Function):
    # d pack(a) = grad put back at the (t, b) each packed row came from; zero on the padding
    @staticmethod
    def forward(ctx, a, batch_sizes):
        ctx.shape = a.shape
        ctx.positions = packed_positions(batch_sizes)
        return a[ctx.positions]

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(ctx.shape, dtype=grad.dtype)
        out[ctx.positions] = grad  # each (t, b) is read once, so plain assignment suffices
        return out


def pack_padded(input, batch_sizes):
    """The rows of time-major `input` (T, B, *) that `batch_sizes` keeps, in packed order."""
    return PackPaddedSequence.apply(input, batch_sizes=np.asarray(batch_sizes, dtype=np.int64))
