"""Run every benchmark in bench/, one after another: `make bench`.

Each module measures cybenko, torch and hand-written NumPy in one process and prints a table
of medians and ratios (cybenko / other; below 1 means cybenko is faster).
"""

from __future__ import annotations

import importlib
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))

for path in sorted(HERE.glob("*.py")):
    if path.stem in ("run", "timing"):
        continue
    module = importlib.import_module(path.stem)
    if hasattr(module, "main"):
        print(f"\n=== {path.name}")
        module.main()
