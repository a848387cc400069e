"""A small CSV reader for the notes' `df = pd.read_csv(url)` pattern, without pandas.

    from cybenko.lab.csv import read_csv
    df = read_csv("https://raw.githubusercontent.com/guebin/DL2022/master/_notebooks/2022-10-04-dnnex0.csv")
    x = torch.tensor(df.x).reshape(-1, 1).float()      # as in the notes
    df.columns, len(df), df["y"].to_numpy()

A URL of a registered course file is served through `cybenko.lab.data.fetch` (so it works
offline with CYBENKO_DATA); another URL is downloaded. The first row is the header; a column
whose every cell is a number becomes float64, any other stays text.
"""

from __future__ import annotations

import csv
import io
import os
import urllib.request
from pathlib import Path

import numpy as np

from . import data as _data


class Column:
    """One column of a Frame (pandas' Series, reduced): `.values`, `.to_numpy()`, `len`."""

    def __init__(self, name: str, values: np.ndarray):
        self.name = name
        self.values = values

    def to_numpy(self) -> np.ndarray:
        return self.values

    def tolist(self) -> list:
        return self.values.tolist()

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self):
        return iter(self.values)

    def __getitem__(self, index):
        return self.values[index]

    def mean(self) -> float:
        return float(self.values.mean())

    def __repr__(self) -> str:
        return f"Column({self.name!r}, {self.values!r})"


class Frame:
    """Columns by name, in file order: `df['x']`, `df.x`, `df.columns`, `len(df)`, `df.shape`."""

    def __init__(self, columns: dict[str, np.ndarray]):
        self._columns = {k: Column(k, v) for k, v in columns.items()}

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self), len(self._columns)

    def __len__(self) -> int:
        return len(next(iter(self._columns.values()))) if self._columns else 0

    def __getitem__(self, name):
        if isinstance(name, list):
            return Frame({n: self[n].values for n in name})
        try:
            return self._columns[name]
        except KeyError:
            raise KeyError(f"{name!r}: no such column; the columns are {self.columns}") from None

    def __getattr__(self, name: str) -> Column:
        columns = self.__dict__.get("_columns", {})
        if name in columns:
            return columns[name]
        raise AttributeError(f"'Frame' object has no attribute {name!r}")

    def __contains__(self, name) -> bool:
        return name in self._columns

    def to_numpy(self) -> np.ndarray:
        return np.column_stack([c.values for c in self._columns.values()])

    @property
    def values(self) -> np.ndarray:
        return self.to_numpy()

    def head(self, n: int = 5) -> Frame:
        return Frame({k: c.values[:n] for k, c in self._columns.items()})

    def __repr__(self) -> str:
        rows = [self.columns] + [
            [str(c.values[i]) for c in self._columns.values()] for i in range(min(len(self), 10))
        ]
        widths = [max(len(r[j]) for r in rows) for j in range(len(self.columns))]
        lines = ["  ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
        if len(self) > 10:
            lines.append("...")
        lines.append(f"[{len(self)} rows x {len(self.columns)} columns]")
        return "\n".join(lines)


def read_csv(path_or_url: str | os.PathLike) -> Frame:
    """Read a comma-separated file with a header row into a Frame.

    A damaged file raises ValueError naming it (as pandas' ParserError is a ValueError): an
    empty file, a file that is not UTF-8 text, a repeated column name, or a row whose number
    of cells differs from the header's (with its line), as a truncated last row does."""
    source = os.fspath(path_or_url)
    try:
        text = _read_text(source)
    except UnicodeDecodeError as e:
        raise ValueError(
            f"{source}: not a UTF-8 text file (byte {e.start} is {e.object[e.start:e.start + 1]!r}"
            "); is it really a CSV?"
        ) from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError(f"{source}: the file is empty, expected a header row") from None
    if len(set(header)) != len(header):
        twice = sorted({name for name in header if header.count(name) > 1})
        raise ValueError(f"{source}: the header names a column twice: {', '.join(twice)}")
    rows = []
    for row in reader:
        if not row:
            continue
        if len(row) != len(header):
            raise ValueError(
                f"{source}, line {reader.line_num}: expected {len(header)} fields "
                f"({', '.join(header)}), found {len(row)}: {','.join(row)[:80]!r}"
            )
        rows.append(row)
    cells = list(zip(*rows, strict=True)) if rows else [()] * len(header)
    return Frame({name: _parse(column) for name, column in zip(header, cells, strict=True)})


def _parse(cells: tuple[str, ...]) -> np.ndarray:
    try:
        return np.array([float(c) if c.strip() else np.nan for c in cells], dtype=np.float64)
    except ValueError:
        return np.array(cells, dtype=object)


def _read_text(source: str) -> str:
    if source.startswith(("http://", "https://")):
        try:
            local = _data.fetch(source)
        except KeyError:
            with urllib.request.urlopen(source, timeout=60) as response:
                return response.read().decode("utf-8")
        return Path(local).read_text(encoding="utf-8")
    return Path(source).read_text(encoding="utf-8")
