"""Running the course scripts (examples/notes/seed_*.py) under both engines and comparing what
they print. Shared by tests/test_notes*.py.

Each script runs as a subprocess per engine (CYBENKO_ENGINE=cybenko|torch), all at once, with
NOTES_QUICK=1 (long trainings shortened), NOTES_OUT set to a temporary folder and
CYBENKO_DATA pointing at the course data. Printed outputs are split into tokens and compared
token by token: integers, shapes and words exactly, floats within 1e-4 relative.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "examples" / "notes"
ENGINES = ["cybenko", "torch"]
REL = 1e-4
ABS = 1e-9  # floats that should be zero (a 1-ulp difference of a zero is not relative)

DATA = os.environ.get("CYBENKO_DATA") or str(ROOT.parent / "shared" / "data")


def missing_data(folder: str | None) -> str | None:
    """Why a script reading the course files in DATA/folder cannot run here, or None."""
    if folder and not os.path.isdir(os.path.join(DATA, folder)):
        return f"no course data {folder}/ in {DATA} (set CYBENKO_DATA to the course data folder)"
    return None


def start(script: str, engine: str, out: Path, **env_extra: str) -> subprocess.Popen:
    """Launch `script` on `engine` in quick mode, its figures going to `out`."""
    env = dict(os.environ, CYBENKO_ENGINE=engine, NOTES_QUICK="1", NOTES_OUT=str(out))
    env["CYBENKO_DATA"] = DATA
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    env.update(env_extra)
    return subprocess.Popen(
        [sys.executable, str(NOTES / script)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen, timeout: float = 600) -> tuple[int, str, str]:
    """(return code, stdout, stderr) of a started script."""
    stdout, stderr = proc.communicate(timeout=timeout)
    return proc.returncode, stdout, stderr


_TOKEN = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|\w+|[^\s\w]")
_INT = re.compile(r"[-+]?\d+$")
_FLOAT = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?$")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def kind(token: str) -> str:
    if _INT.match(token):
        return "int"
    if _FLOAT.match(token):
        return "float"
    return "str"


PRINTED_DECIMALS = 4  # torch prints tensors with 4 decimals; the scripts round(x, 4) too


def rounding_unit(token: str) -> float:
    """One unit in the last digit to which a float token may have been rounded: its last
    printed digit ("1.5e-05": 1e-06), but no coarser than 1e-4 ("0.5" may be round(x, 4))."""
    mantissa, _, exponent = token.lower().partition("e")
    last = 10.0 ** (int(exponent or 0) - len(mantissa.partition(".")[2]))
    return min(last, 10.0**-PRINTED_DECIMALS)


def compare(got: str, want: str, floats: bool = True, rel: float = REL) -> None:
    """Token by token: ints and strings exactly, floats within `rel` (or not at all, when
    `floats` is False: unseeded listings, whose floats are judged by their claims).

    Floats are compared as printed, rounded: two values within `rel` of each other can print
    one unit of the last digit apart (0.377451 and 0.377449 print 0.3775 and 0.3774), so that
    unit of torch's token is allowed besides `rel`."""
    for n, (line_got, line_want) in enumerate(
        zip(got.splitlines(), want.splitlines(), strict=True), 1
    ):
        a, b = tokens(line_got), tokens(line_want)
        assert len(a) == len(b), f"line {n}: {line_got!r} != {line_want!r}"
        for x, y in zip(a, b, strict=True):
            kx, ky = kind(x), kind(y)
            assert kx == ky, f"line {n}: {x!r} is {kx}, torch prints {y!r}"
            if kx == "float":
                if floats:
                    slack = ABS + rounding_unit(y)
                    assert math.isclose(float(x), float(y), rel_tol=rel, abs_tol=slack), (
                        f"line {n}: {line_got!r} != {line_want!r}"
                    )
            else:
                assert x == y, f"line {n}: {line_got!r} != {line_want!r}"
