"""The one import switch of the course scripts: `from _framework import torch`.

`torch` is cybenko (the default) or PyTorch, chosen by the `--engine torch|cybenko` flag or
the environment variable `CYBENKO_ENGINE=torch|cybenko` (the flag wins). Everything else the
scripts need from their surroundings is here too:

- `QUICK`: `--quick` or `NOTES_QUICK=1` shortens the long trainings (for the tests);
  `steps(n, quick)` gives the notes' count `n`, or `quick` in quick mode.
- `OUT`: the folder the figures go to, `NOTES_OUT` or a fresh temporary folder. Matplotlib
  draws with Agg: figures are saved as PNG with `savefig(fig, name)`, never shown.
- `ENGINE`: "cybenko" or "torch".
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # never a window: figures are written to OUT

ENGINES = ("cybenko", "torch")


def _flag_value(name: str) -> str | None:
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


ENGINE = _flag_value("--engine") or os.environ.get("CYBENKO_ENGINE") or "cybenko"
if ENGINE not in ENGINES:
    raise SystemExit(f"unknown engine {ENGINE!r}: choose one of {', '.join(ENGINES)}")

torch = importlib.import_module(ENGINE)
if ENGINE == "cybenko":
    # `import cybenko` does not import its `nodes` submodule; the scripts read `torch.nodes`.
    importlib.import_module("cybenko.nodes")

QUICK = "--quick" in sys.argv[1:] or os.environ.get("NOTES_QUICK", "") not in ("", "0")

OUT = Path(os.environ.get("NOTES_OUT") or tempfile.mkdtemp(prefix="notes_"))
OUT.mkdir(parents=True, exist_ok=True)


def steps(n: int, quick: int) -> int:
    """The notes' count `n`, or `quick` when the scripts run in quick mode."""
    return quick if QUICK else n


def savefig(fig, name: str) -> Path:
    """Write `fig` to OUT/<name>.png (instead of the notebook's inline display) and close it."""
    import matplotlib.pyplot as plt

    path = OUT / f"{name}.png"
    fig.savefig(path)
    plt.close(fig)
    return path


__all__ = ["ENGINE", "OUT", "QUICK", "savefig", "steps", "torch"]
