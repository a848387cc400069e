"""The rule of the floors (docs: ARCHITECTURE.md): the framework never imports the lab.

Every module under src/cybenko outside lab/ is parsed, and each import statement, wherever it
stands (at the top, inside a function, under `if TYPE_CHECKING`), is resolved to the absolute
module it names; none may be cybenko.lab or below it.
"""

import ast
import pathlib

import pytest

import cybenko

PACKAGE = pathlib.Path(cybenko.__file__).parent
LAB = PACKAGE / "lab"
# `python -m cybenko` is the command line's door: `import cybenko` never loads it, so it may
# hand over to the lab.
ENTRY_POINT = PACKAGE / "__main__.py"
FRAMEWORK = sorted(p for p in PACKAGE.rglob("*.py") if LAB not in p.parents and p != ENTRY_POINT)


def _package_of(path: pathlib.Path, root: pathlib.Path) -> list[str]:
    """The dotted name of the package holding `path` (under the cybenko folder `root`), as a
    list: ["cybenko", "vision"]."""
    parts = ["cybenko", *path.relative_to(root).with_suffix("").parts]
    return parts[:-1]  # a module's relative imports start from its package (also for __init__)


def imported_modules(path: pathlib.Path, root: pathlib.Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, relative ones resolved; for
    `from X import a, b` both X and X.a, X.b are listed (a and b may be submodules)."""
    package = _package_of(path, root)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def _is_lab(module: str) -> bool:
    return module == "cybenko.lab" or module.startswith("cybenko.lab.")


def test_the_framework_files_are_found():
    names = {p.relative_to(PACKAGE).as_posix() for p in FRAMEWORK}
    assert {"__init__.py", "vision/datasets.py", "utils/download.py"} <= names
    assert not any(n.startswith("lab/") for n in names)


@pytest.mark.parametrize("path", FRAMEWORK, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_the_framework_never_imports_the_lab(path):
    offending = [f"line {line}: {m}" for line, m in imported_modules(path) if _is_lab(m)]
    assert not offending, f"{path} imports the lab: {'; '.join(offending)}"


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ("import cybenko.lab.data\n", "cybenko/nn/x.py"),
        ("from cybenko.lab import data\n", "cybenko/nn/x.py"),
        ("def f():\n    from ..lab.data import fetch\n", "cybenko/vision/x.py"),
        ("def f():\n    from .. import lab\n", "cybenko/vision/x.py"),
        ("from . import lab\n", "cybenko/__init__.py"),
        ("from ...lab import data\n", "cybenko/utils/data/x.py"),
    ],
)
def test_the_check_catches_lab_imports_in_every_form(tmp_path, source, where):
    path = tmp_path / where
    path.parent.mkdir(parents=True)
    path.write_text(source)
    assert any(_is_lab(m) for _, m in imported_modules(path, tmp_path / "cybenko"))


def test_the_check_lets_other_imports_through(tmp_path):
    path = tmp_path / "cybenko" / "vision" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "from collections.abc import Callable\nfrom ..utils.download import fetch\n"
        "from . import labels\nimport cybenko.labels\n"
    )
    assert not any(_is_lab(m) for _, m in imported_modules(path, tmp_path / "cybenko"))
