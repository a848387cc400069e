"""Sparse gradients: the rows of a weight that a step touched, as torch's sparse COO tensors.

`nn.Embedding(sparse=True)` sends its weight a gradient only for the rows it looked up. The
gradient is kept as `indices` (1 x nnz, int64) and `values` (nnz x row), like torch's
`torch.sparse_coo` layout, so an optimizer such as SparseAdam updates only those rows.
Repeated indices stand until `coalesce()` sums them, as in torch.
"""

from __future__ import annotations

import numpy as np


class SparseGrad:
    """A sparse COO gradient: `weight.grad` after a backward through Embedding(sparse=True)."""

    is_sparse = True
    layout = "torch.sparse_coo"
    __array_ufunc__ = None  # ndarray + SparseGrad defers to SparseGrad.__radd__

    def __init__(self, indices: np.ndarray, values: np.ndarray, shape: tuple):
        self.indices_array = np.asarray(indices, dtype=np.int64).reshape(1, -1)
        self.values_array = values
        self.shape = tuple(shape)
        self.dtype = values.dtype  # NumPy's, as the engine compares with arrays

    # --- what torch's sparse tensors answer ----------------------------------------------------
    def size(self, dim: int | None = None):
        from ._size import Size

        return Size(self.shape) if dim is None else self.shape[dim]

    def _nnz(self) -> int:
        return self.indices_array.shape[1]

    def _indices(self):
        from ._tensor import _wrap

        return _wrap(self.indices_array)

    def _values(self):
        from ._tensor import _wrap

        return _wrap(self.values_array)

    indices, values = _indices, _values

    def is_coalesced(self) -> bool:
        rows = self.indices_array[0]
        return bool(np.all(rows[1:] > rows[:-1]))

    def coalesce(self) -> SparseGrad:
        """Sorted, unique indices; the values of repeated indices summed."""
        rows, where = np.unique(self.indices_array[0], return_inverse=True)
        summed = np.zeros((len(rows),) + self.values_array.shape[1:], self.values_array.dtype)
        np.add.at(summed, where, self.values_array)
        return SparseGrad(rows, summed, self.shape)

    def to_dense(self):
        from ._tensor import _wrap

        return _wrap(self.dense_array())

    def dense_array(self) -> np.ndarray:
        dense = np.zeros(self.shape, self.values_array.dtype)
        np.add.at(dense, self.indices_array[0], self.values_array)
        return dense

    def zero_(self) -> SparseGrad:
        self.indices_array = self.indices_array[:, :0]
        self.values_array = self.values_array[:0]
        return self

    def __neg__(self) -> SparseGrad:
        return SparseGrad(self.indices_array, -self.values_array, self.shape)

    # --- accumulation: sparse + sparse stays sparse, sparse + dense becomes dense -------------
    def __add__(self, other):
        if isinstance(other, SparseGrad):
            return SparseGrad(
                np.concatenate([self.indices_array, other.indices_array], axis=1),
                np.concatenate([self.values_array, other.values_array]),
                self.shape,
            )
        return other + self.dense_array()

    __radd__ = __add__

    def __repr__(self) -> str:
        return (
            f"tensor(indices={self._indices()!r},\n       values={self._values()!r},\n"
            f"       size={self.shape}, nnz={self._nnz()}, layout=torch.sparse_coo)"
        )
