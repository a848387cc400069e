"""The text of `repr(tensor)`, character for character what PyTorch prints.

One `_Formatter` looks at every element that will be shown and picks a single notation for
all of them (integers as `1.`, fixed point `0.1000`, or scientific `1.0000e-05`) and a single
width, so columns line up. The nested lists are then written row by row, wrapping long rows at
`linewidth`, eliding the middle of large tensors with `...`, and finally `size=`, `dtype=`,
`grad_fn=` and friends are appended after the contents.

A Parameter prints as "Parameter containing:\\n" followed by this same tensor text.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np


@dataclasses.dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


_OPTS = _PrintOptions()

_PROFILES = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Set how tensors print; arguments left as None keep their value, except `sci_mode`.

    `profile` ("default", "short" or "full") first resets the four numeric options, then the
    explicit arguments override it. `sci_mode` is always replaced: None lets each tensor choose.

    >>> import cybenko as torch
    >>> torch.set_printoptions(precision=2)
    >>> torch.tensor([1.12345])
    tensor([1.12])
    >>> torch.set_printoptions(profile="default")
    """
    if profile in _PROFILES:
        for name, value in _PROFILES[profile].items():
            setattr(_OPTS, name, value)
    for name, value in [
        ("precision", precision),
        ("threshold", threshold),
        ("edgeitems", edgeitems),
        ("linewidth", linewidth),
    ]:
        if value is not None:
            setattr(_OPTS, name, value)
    _OPTS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """The current options, as keyword arguments for `set_printoptions`."""
    return dataclasses.asdict(_OPTS)


class _Formatter:
    """One notation and one width for every element of a tensor."""

    def __init__(self, values: np.ndarray):
        self.floating = values.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        values = np.unique(values)  # widths depend only on the value
        if not self.floating:
            self.width = max([1, *(len(str(v)) for v in values.tolist())])
            return

        # Zeros, nan and inf print the same in every notation, so they do not vote.
        shown = values[np.isfinite(values) & (values != 0)].astype(np.float64)
        if shown.size == 0:
            return
        smallest, largest = np.abs(shown).min(), np.abs(shown).max()
        self.int_mode = bool(np.all(shown == np.ceil(shown)))
        if _OPTS.sci_mode is None:
            with np.errstate(over="ignore"):  # 1e300 / 1e-300 is inf, which is > 1000
                spread = largest / smallest
            self.sci_mode = bool(spread > 1000 or largest > 1e8 or smallest < 1e-4)
        else:
            self.sci_mode = _OPTS.sci_mode

        p = _OPTS.precision
        if self.sci_mode:
            texts = [f"{v:.{p}e}" for v in shown.tolist()]
        elif self.int_mode:
            texts = [f"{v:.0f}." for v in shown.tolist()]
        else:
            texts = [f"{v:.{p}f}" for v in shown.tolist()]
        self.width = max(len(t) for t in texts)

    def __call__(self, value) -> str:
        p = _OPTS.precision
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:{self.width}.{p}e}"
        elif self.int_mode:
            text = f"{value:.0f}" + ("." if math.isfinite(value) else "")
        else:
            text = f"{value:.{p}f}"
        return text.rjust(self.width)


def _shown_values(array: np.ndarray) -> np.ndarray:
    """The elements a summarised print shows, flattened (the formatter sees only these)."""
    edge = _OPTS.edgeitems
    if array.ndim == 0:
        return array.reshape(-1)
    if array.ndim == 1:
        # As in torch, edgeitems=0 keeps the whole row here: array[-0:] is everything.
        return np.concatenate([array[:edge], array[-edge:]]) if len(array) > 2 * edge else array
    if not edge:
        return array[:0].reshape(-1)
    rows = list(array) if len(array) <= 2 * edge else [*array[:edge], *array[-edge:]]
    return np.concatenate([_shown_values(row) for row in rows])


def _row_text(row: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    edge = _OPTS.edgeitems
    if summarize and not edge:
        items = ["..."]
    elif summarize and len(row) > 2 * edge:
        items = [fmt(v) for v in row[:edge].tolist()] + [" ..."]
        items += [fmt(v) for v in row[-edge:].tolist()]
    else:
        items = [fmt(v) for v in row.tolist()]
    # Each item takes its width plus ", "; continuation lines align under the first item.
    per_line = max(1, math.floor((_OPTS.linewidth - indent) / (fmt.width + 2)))
    lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested_text(array: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    if array.ndim == 0:
        return fmt(array.item())
    if array.ndim == 1:
        return _row_text(array, indent, summarize, fmt)
    edge = _OPTS.edgeitems
    if summarize and len(array) > 2 * edge:
        head, tail = array[:edge], array[len(array) - edge :]
        blocks = [_nested_text(a, indent + 1, summarize, fmt) for a in head] + ["..."]
        blocks += [_nested_text(a, indent + 1, summarize, fmt) for a in tail]
    else:
        blocks = [_nested_text(a, indent + 1, summarize, fmt) for a in array]
    # A 3-d tensor separates its 2-d blocks by one blank line, a 4-d one by two, ...
    return "[" + ("," + "\n" * (array.ndim - 1) + " " * (indent + 1)).join(blocks) + "]"


def _append_suffixes(text: str, suffixes: list[str], indent: int) -> str:
    # torch's measure of the last line overcounts by 2 when there is no newline; kept so that
    # the wrap point matches.
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > _OPTS.linewidth:
            text += ",\n" + " " * indent + suffix
            last_line = indent + len(suffix)
        else:
            text += ", " + suffix
            last_line += len(suffix) + 2
    return text + ")"


def format_tensor(
    array: np.ndarray,
    *,
    dtype_name: str,
    is_default_dtype: bool,
    suffixes: tuple[str, ...] = (),
    device: str | None = None,
) -> str:
    """What `repr` of a CPU tensor holding `array` prints in PyTorch.

    `is_default_dtype` is True when torch hides the dtype of a non-empty tensor: the default
    floating dtype, int64 or bool. Empty tensors show every dtype but the floating default.
    `suffixes` (such as "requires_grad=True") follow `size=` and `dtype=`; a `device`
    (such as "cuda:0") comes first of all, as torch prints it.

    >>> import numpy as np
    >>> from cybenko._printing import format_tensor
    >>> format_tensor(np.array([1.0, 2.5]), dtype_name="float64", is_default_dtype=False)
    'tensor([1.0000, 2.5000], dtype=torch.float64)'
    """
    prefix = "tensor("
    indent = len(prefix)
    size = f"size={tuple(array.shape)}"
    dtype = f"dtype=torch.{dtype_name}"
    extras = [] if device is None else [f"device='{device}'"]
    if array.size == 0:
        body = "[]"
        if array.ndim != 1:
            extras.append(size)
        if not is_default_dtype or array.dtype.kind != "f":
            extras.append(dtype)
    else:
        summarize = array.size > _OPTS.threshold
        fmt = _Formatter(_shown_values(array) if summarize else array.reshape(-1))
        body = _nested_text(array, indent, summarize, fmt)
        if not _OPTS.edgeitems:
            extras.append(size)
        if not is_default_dtype:
            extras.append(dtype)
    return _append_suffixes(prefix + body, extras + list(suffixes), indent)
