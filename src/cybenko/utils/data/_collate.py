"""Turning a list of samples into a batch: default_collate, and default_convert for loaders
that do not batch.

`default_collate` looks at the first sample and recurses through its structure: tensors are
stacked along a new first dimension, NumPy arrays and scalars become tensors, Python floats a
float64 tensor, ints (and bools) an int64 (bool) tensor, strings stay a list, and containers
are transposed (a batch of (x, y) pairs becomes [xs, ys]; a batch of dicts a dict of batches).

    >>> from cybenko.utils.data import default_collate
    >>> default_collate([(0, 1.5), (2, 3.5)])
    [tensor([0, 2]), tensor([1.5000, 3.5000], dtype=torch.float64)]

The rules live in `default_collate_fn_map` (type -> function), searched first by the exact type
of the first sample and then, in insertion order, by isinstance; `collate(batch,
collate_fn_map=...)` runs the same recursion with a map of your own.
"""

from __future__ import annotations

import collections.abc
import copy
import re
from collections.abc import Callable

import numpy as np

from ... import _dtype
from ..._size import type_name
from ..._tensor import Tensor
from ...ops.creation import as_tensor, from_numpy, tensor
from ...ops.shape import stack

__all__ = ["collate", "default_collate", "default_collate_fn_map", "default_convert"]

# NumPy dtype strings of bytes, unicode and object arrays: these cannot become tensors.
_NOT_NUMERIC = re.compile(r"[SaUO]")

_COLLATE_ERROR = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"
)


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(x, "_fields")


def _rebuild_mapping(template, items: dict):
    """A mapping like `template` (same type, extra attributes kept) holding `items`."""
    try:
        if isinstance(template, collections.abc.MutableMapping):
            clone = copy.copy(template)
            clone.update(items)
            return clone
        return type(template)(items)
    except TypeError:  # a mapping type that cannot be built from a dict
        return items


def _rebuild_sequence(template, items: list):
    """A sequence like `template` (same type) holding `items`; a plain list if that fails."""
    try:
        if isinstance(template, collections.abc.MutableSequence):
            clone = copy.copy(template)
            for i, item in enumerate(items):
                clone[i] = item
            return clone
        return type(template)(items)
    except TypeError:
        return items


# --- default_convert: batch_size=None ------------------------------------------------------


def default_convert(data):
    """Turn every NumPy array and scalar inside `data` into a tensor, keeping the structure
    (tuples become lists, as in torch); anything else is returned unchanged.

    >>> import numpy as np
    >>> from cybenko.utils.data import default_convert
    >>> default_convert([np.array([0, 1]), "a"])
    [tensor([0, 1]), 'a']
    """
    kind = type(data)
    if isinstance(data, Tensor):
        return data
    if kind.__module__ == "numpy" and kind.__name__ not in ("str_", "string_"):
        if kind is np.ndarray and _NOT_NUMERIC.search(data.dtype.str):
            return data
        return as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return _rebuild_mapping(data, {key: default_convert(data[key]) for key in data})
    if _is_namedtuple(data):
        return kind(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _rebuild_sequence(data, [default_convert(d) for d in data])
    return data


# --- collate: one rule per leaf type, containers recursed ----------------------------------


def collate(batch, *, collate_fn_map: dict[type | tuple[type, ...], Callable] | None = None):
    """Collate `batch` (a list of samples) with the leaf rules of `collate_fn_map`.

    A rule is `fn(batch, *, collate_fn_map)`. It is chosen by the exact type of `batch[0]`,
    else by the first key (in insertion order) that `batch[0]` is an instance of; without a
    rule, mappings, namedtuples and sequences are transposed and collated field by field."""
    first = batch[0]
    kind = type(first)
    if collate_fn_map is not None:
        if kind in collate_fn_map:
            return collate_fn_map[kind](batch, collate_fn_map=collate_fn_map)
        for key, rule in collate_fn_map.items():
            if isinstance(first, key):
                return rule(batch, collate_fn_map=collate_fn_map)
    if isinstance(first, collections.abc.Mapping):
        items = {key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map)
                 for key in first}  # fmt: skip
        return _rebuild_mapping(first, items)
    if _is_namedtuple(first):
        fields = zip(*batch, strict=False)
        return kind(*(collate(f, collate_fn_map=collate_fn_map) for f in fields))
    if isinstance(first, collections.abc.Sequence):
        size = len(first)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        # Each column is a tuple, so a column of strings comes back as a tuple, as in torch.
        columns = [collate(c, collate_fn_map=collate_fn_map) for c in zip(*batch, strict=False)]
        if isinstance(first, tuple):
            return columns  # a batch of tuples gives a list, as in torch
        return _rebuild_sequence(first, columns)
    raise TypeError(_COLLATE_ERROR.format(kind))


def collate_tensor_fn(batch, *, collate_fn_map=None):
    """Tensors of one shape -> one tensor with a new first dimension (autograd-aware)."""
    for i, item in enumerate(batch):  # the first is a tensor; the others may not be
        if not isinstance(item, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 0, but got {type_name(item)}"
            )
    return stack(batch, 0)


def collate_numpy_array_fn(batch, *, collate_fn_map=None):
    """NumPy arrays -> tensors, then collated as tensors."""
    dtype = batch[0].dtype
    if _NOT_NUMERIC.search(dtype.str):
        raise TypeError(_COLLATE_ERROR.format(dtype))
    return collate([as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def collate_numpy_scalar_fn(batch, *, collate_fn_map=None):
    """NumPy scalars -> a 1-D tensor whose dtype is the torch promotion of theirs
    (int32 with float32 gives float32, unlike NumPy's float64)."""
    dtypes = {np.asarray(x).dtype for x in batch}
    common = None
    for d in dtypes:
        d = _dtype.from_numpy_dtype(d)
        common = d if common is None else _dtype.promote_types(common, d)
    return from_numpy(np.array(batch, dtype=common.np))


def collate_float_fn(batch, *, collate_fn_map=None):
    """Python floats -> a float64 tensor (float64 whatever the default dtype)."""
    return from_numpy(np.array(batch, dtype=np.float64))


def collate_int_fn(batch, *, collate_fn_map=None):
    """Python ints -> an int64 tensor; bools -> a bool tensor."""
    return tensor(batch)


def collate_str_fn(batch, *, collate_fn_map=None):
    """Strings and bytes are left as they are: the batch is the list."""
    return batch


default_collate_fn_map: dict[type | tuple[type, ...], Callable] = {
    Tensor: collate_tensor_fn,
    np.ndarray: collate_numpy_array_fn,
    (np.bool_, np.number, np.object_): collate_numpy_scalar_fn,
    float: collate_float_fn,
    int: collate_int_fn,
    str: collate_str_fn,
    bytes: collate_str_fn,
}


def default_collate(batch):
    """Stack a list of samples into a batch, recursing through tuples, lists, dicts and
    namedtuples: the collate function a DataLoader uses unless given another.

    >>> from cybenko.utils.data import default_collate
    >>> default_collate([{"x": 0, "y": 1.0}, {"x": 1, "y": 2.0}])
    {'x': tensor([0, 1]), 'y': tensor([1., 2.], dtype=torch.float64)}
    """
    return collate(batch, collate_fn_map=default_collate_fn_map)
