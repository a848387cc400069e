"""Batches of sequences of different lengths, as torch.nn.utils.rnn.

A padded batch wastes steps on padding; a PackedSequence keeps only the real steps, time step
by time step (longest sequences first), and the recurrent layers walk it directly:

    import cybenko as torch
    from cybenko.nn.utils.rnn import pack_sequence, pad_packed_sequence
    packed = pack_sequence([torch.randn(5, 3), torch.randn(2, 3)])
    output, h_n = torch.nn.GRU(3, 4)(packed)      # h_n: each sequence's state at its own end
    padded, lengths = pad_packed_sequence(output)  # (5, 2, 4) and tensor([5, 2])
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable

import numpy as np

from ..._dtype import float32, float64, int64
from ..._tensor import Tensor
from ...ops._operands import broadcast_shape
from ...ops.creation import arange, as_tensor, empty_like, full, tensor
from ...ops.packing import pack_padded

__all__ = [
    "PackedSequence",
    "invert_permutation",
    "pack_padded_sequence",
    "pad_packed_sequence",
    "pad_sequence",
    "unpad_sequence",
    "pack_sequence",
    "unpack_sequence",
]

_PackedSequenceFields = namedtuple(
    "PackedSequence_", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"]
)


class PackedSequence(_PackedSequenceFields):
    """The steps of a batch of sequences, packed: `data` holds, for t = 0, 1, ..., the t-th
    step of every sequence at least t + 1 long; `batch_sizes[t]` says how many those are.

    `sorted_indices` is the order (longest first) the sequences were packed in, None when
    they came sorted; `unsorted_indices` undoes it. Build one with pack_padded_sequence or
    pack_sequence rather than by hand.
    """

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:  # torch also accepts PackedSequence((data, batch_sizes))
            data, batch_sizes = data
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs) -> PackedSequence:
        """The data moved or cast like Tensor.to; the indices follow the data's device."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        indices = (
            None if t is None else t.to(data.device)
            for t in (self.sorted_indices, self.unsorted_indices)
        )
        return type(self)(data, self.batch_sizes, *indices)

    def cpu(self) -> PackedSequence:
        return self.to("cpu")

    def cuda(self, *args, **kwargs) -> PackedSequence:
        return self.to("cuda", *args, **kwargs)

    def double(self) -> PackedSequence:
        return self.to(dtype=float64)

    def float(self) -> PackedSequence:
        return self.to(dtype=float32)

    @property
    def is_cuda(self) -> bool:
        return self.data.is_cuda

    def is_pinned(self) -> bool:
        return False


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """The permutation that undoes `permutation` (None stays None)."""
    if permutation is None:
        return None
    inverse = empty_like(permutation)
    return inverse.scatter_(0, permutation, arange(permutation.numel()))


def _lengths_array(lengths) -> np.ndarray:
    if isinstance(lengths, Tensor):
        return lengths.detach().cpu().numpy().astype(np.int64)
    return np.asarray(as_tensor(lengths).numpy(), dtype=np.int64)


def pack_padded_sequence(
    input: Tensor, lengths, batch_first: bool = False, enforce_sorted: bool = True
) -> PackedSequence:
    """Pack a padded batch, (T, B, *) or with `batch_first` (B, T, *), whose b-th sequence is
    `lengths[b]` steps long. With `enforce_sorted` the lengths must already decrease;
    otherwise the batch is sorted here and `sorted_indices` records the order."""
    lengths = _lengths_array(lengths)
    sorted_indices = None
    if not enforce_sorted:
        order = np.argsort(-lengths, kind="stable")  # longest first; ties keep their order
        lengths = lengths[order]
        sorted_indices = tensor(order, device=input.device)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if batch_first:
        input = input.transpose(0, 1)
    batch_size = input.shape[1]
    if len(lengths) != batch_size:
        raise RuntimeError(
            f"Expected `len(lengths)` to be equal to batch_size, but got {len(lengths)} "
            f"(batch_size={batch_size})"
        )
    if batch_size and lengths[-1] <= 0:
        raise RuntimeError(
            "Length of all samples has to be greater than 0, but found an element in "
            "'lengths' that is <= 0"
        )
    if np.any(lengths[1:] > lengths[:-1]):
        raise RuntimeError(
            "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
            "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
            "pack_sequence to sidestep this requirement if you do not need ONNX exportability."
        )
    steps = int(lengths[0]) if batch_size else 0
    batch_sizes = np.array([(lengths > t).sum() for t in range(steps)], dtype=np.int64)
    # a length past the T steps there are: torch packs the T steps, yet counts all the steps
    data = pack_padded(input, batch_sizes[: input.shape[0]])
    return PackedSequence(data, tensor(batch_sizes), sorted_indices, None)


def pad_packed_sequence(
    sequence: PackedSequence,
    batch_first: bool = False,
    padding_value: float = 0.0,
    total_length: int | None = None,
) -> tuple[Tensor, Tensor]:
    """Undo pack_padded_sequence: the padded batch (T, B, *) (or (B, T, *)) in the original
    order, and each sequence's length; `total_length` pads to that many steps."""
    batch_sizes = sequence.batch_sizes.numpy().astype(np.int64)
    steps = len(batch_sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError(
                "Expected total_length to be at least the length of the longest sequence in "
                f"input, but got total_length={total_length} and max sequence length being "
                f"{steps}"
            )
        steps = total_length
    data = sequence.data
    batch = int(batch_sizes[0]) if len(batch_sizes) else 0
    padded = full(
        (steps, batch, *data.shape[1:]), padding_value, dtype=data.dtype, device=data.device
    )
    offset = 0
    for t, n in enumerate(batch_sizes):
        padded[t, :n] = data[offset : offset + n]
        offset += n
    lengths = tensor([(batch_sizes > b).sum() for b in range(batch)], dtype=int64)
    if batch_first:
        padded = padded.transpose(0, 1)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = lengths[sequence.unsorted_indices.cpu()]
    return padded, lengths


def pad_sequence(
    sequences,
    batch_first: bool = False,
    padding_value: float = 0.0,
    padding_side: str = "right",
) -> Tensor:
    """Stack sequences of shapes (L_i, *) into one (max L, B, *) tensor (or (B, max L, *)),
    filling the missing steps with `padding_value` after each sequence (or before it, with
    padding_side="left")."""
    if not isinstance(sequences, Iterable):
        raise RuntimeError(
            "pad_sequence: Expected iterable for input sequences, but got arg of type: "
            f"{type(sequences)}"
        )
    sequences = tuple(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError(
            f"Expected padding_side to be one of left or right, but got {padding_side}."
        )
    first = sequences[0]
    longest = max(s.shape[0] for s in sequences)
    shape = (len(sequences), longest) if batch_first else (longest, len(sequences))
    out = full((*shape, *first.shape[1:]), padding_value, dtype=first.dtype, device=first.device)
    for i, seq in enumerate(sequences):
        n = seq.shape[0]
        start = longest - n if padding_side == "left" else 0
        where = (i, slice(start, start + n)) if batch_first else (slice(start, start + n), i)
        if seq.shape[1:] != first.shape[1:]:  # torch's words where the copy cannot broadcast
            broadcast_shape((n, *first.shape[1:]), tuple(seq.shape))
        out[where] = seq
    return out


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor, batch_first: bool = False):
    """Undo pad_sequence: the list of sequences, each cut to its length.

    (torch transposes a time-major `padded_sequences` in place; this leaves it unchanged.)"""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    steps = arange(padded_sequences.shape[1], device=lengths.device)
    return [seq[steps < length] for seq, length in zip(padded_sequences, lengths, strict=True)]


def pack_sequence(sequences, enforce_sorted: bool = True) -> PackedSequence:
    """Pack a list of sequences (L_i, *) directly (pad_sequence, then pack_padded_sequence)."""
    lengths = as_tensor([v.size(0) for v in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """Undo pack_sequence: the list of sequences, in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
