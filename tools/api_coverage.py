"""The README's API coverage table: the torch names public courses use, and which cybenko has.

    python tools/api_coverage.py           # print the table
    python tools/api_coverage.py --write   # put it into README.md between its markers

The names come from tools/course_names.json (made by tools/course_names.py from snapshots of
public course repositories); tests/test_api_coverage.py fails when README.md's table is stale.
"""

from __future__ import annotations

import importlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAMES = ROOT / "tools" / "course_names.json"
README = ROOT / "README.md"
START, END = "<!-- api-coverage:start -->", "<!-- api-coverage:end -->"


def cybenko_object(group: str):
    """cybenko's counterpart of a torch group ("nn.functional" -> cybenko.nn.functional)."""
    import cybenko

    if group == "Tensor":
        return cybenko.Tensor
    if group == "torch":
        return cybenko
    try:
        return importlib.import_module(f"cybenko.{group}")
    except ImportError:
        return None


def coverage() -> list[tuple[str, list[str], list[str]]]:
    """(group, names cybenko has, names it lacks) for each group of the course list."""
    listed = json.loads(NAMES.read_text())["names"]
    rows = []
    for group, names in listed.items():
        owner = cybenko_object(group)
        have = [n for n in names if owner is not None and hasattr(owner, n)]
        rows.append((group, have, [n for n in names if n not in have]))
    return rows


def table() -> str:
    data = json.loads(NAMES.read_text())
    sources = ", ".join(s["repository"] for s in data["sources"])
    lines = [
        f"Names used in at least {data['min_files']} files of {len(data['sources'])} public "
        f"PyTorch courses ({sources}), as found by `tools/course_names.py`; regenerate this table "
        "with `python tools/api_coverage.py --write`.",
        "",
        "| group | cybenko has | missing |",
        "|---|---|---|",
    ]
    for group, have, missing in coverage():
        total = len(have) + len(missing)
        absent = ", ".join(f"`{n}`" for n in missing) or "-"
        lines.append(f"| `{group}` | {len(have)} of {total} | {absent} |")
    return "\n".join(lines)


def readme_with(section: str) -> str:
    text = README.read_text()
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{section}\n{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        README.write_text(readme_with(table()))
    else:
        print(table())
