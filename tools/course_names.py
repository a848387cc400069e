"""Which torch names public PyTorch courses use: the curated list behind the API coverage table.

Run once over snapshots of course repositories (each a git directory), with torch installed:

    python tools/course_names.py OUT.json REPO_GIT_DIR [REPO_GIT_DIR ...]

It reads the code of every course file at the snapshot's HEAD (.py files, the code cells of
notebooks, and the PyTorch tabs of d2l's Markdown chapters), finds each torch name the code
uses (`torch.X`, `nn.X`, `F.X`, `optim.X`, `torch.linalg.X`, `from torch.X import a, b`,
and methods of torch.Tensor called on any object), keeps the names torch 2.13 has, and counts
in how many files each appears. The list keeps a name used in at least MIN_FILES files, so a
name one script happens to use does not set the course's agenda.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter, defaultdict

import torch

MIN_FILES = 2

# Each group: the torch object its names live on, and how code names that object.
GROUPS = {
    "torch": (torch, [r"\btorch"]),
    "Tensor": (torch.Tensor, []),
    "nn.functional": (
        torch.nn.functional,
        [r"\bF", r"\bnn\.functional", r"\btorch\.nn\.functional"],
    ),
    "nn": (torch.nn, [r"(?<![\w.])nn", r"\btorch\.nn"]),
    "nn.init": (torch.nn.init, [r"\binit", r"\bnn\.init", r"\btorch\.nn\.init"]),
    "nn.utils": (torch.nn.utils, [r"\bnn\.utils", r"\btorch\.nn\.utils"]),
    "nn.utils.rnn": (torch.nn.utils.rnn, [r"(?<![\w.])rnn", r"\bnn\.utils\.rnn"]),
    "optim": (torch.optim, [r"\boptim", r"\btorch\.optim"]),
    "optim.lr_scheduler": (torch.optim.lr_scheduler, [r"\blr_scheduler", r"\boptim\.lr_scheduler"]),
    "linalg": (torch.linalg, [r"\blinalg", r"\btorch\.linalg"]),
    "distributions": (torch.distributions, [r"\bdistributions", r"\btorch\.distributions"]),
    "utils.data": (
        torch.utils.data,
        [r"\butils\.data", r"\btorch\.utils\.data", r"(?<![\w.])data"],
    ),
}
# `from torch.nn import functional as F` style imports name these modules.
MODULES = {
    "torch": "torch",
    "torch.nn": "nn",
    "torch.nn.functional": "nn.functional",
    "torch.nn.init": "nn.init",
    "torch.nn.utils": "nn.utils",
    "torch.nn.utils.rnn": "nn.utils.rnn",
    "torch.optim": "optim",
    "torch.optim.lr_scheduler": "optim.lr_scheduler",
    "torch.linalg": "linalg",
    "torch.distributions": "distributions",
    "torch.utils.data": "utils.data",
}
SUBMODULES = {
    "nn",
    "optim",
    "utils",
    "linalg",
    "distributions",
    "functional",
    "init",
    "data",
    "cuda",
    "backends",
    "lr_scheduler",
    "jit",
    "onnx",
    "hub",
    "autograd",
    "testing",
}


# `.index(` or `.values(` in course code is more likely a list's or a dict's than a tensor's.
PYTHON_METHODS = {name for kind in (list, dict, str, set) for name in dir(kind)}


def public(group: str, name: str) -> bool:
    owner = GROUPS[group][0]
    if name.startswith("_") or name in SUBMODULES or not hasattr(owner, name):
        return False
    return not isinstance(getattr(owner, name), type(torch))  # modules are not API names


def names_in(code: str) -> set[tuple[str, str]]:
    found = set()
    for group, (_, prefixes) in GROUPS.items():
        for prefix in prefixes:
            for name in re.findall(prefix + r"\.([A-Za-z_]\w*)", code):
                if public(group, name):
                    found.add((group, name))
    for module, names in re.findall(r"from\s+(torch[\w.]*)\s+import\s+\(?([\w\s,]+)\)?", code):
        group = MODULES.get(module)
        for name in re.findall(r"\w+", names.split(" as ")[0] if " as " in names else names):
            if group and public(group, name):
                found.add((group, name))
    for name in re.findall(r"\.([A-Za-z_]\w*)\s*\(", code):
        if public("Tensor", name) and name not in PYTHON_METHODS:
            found.add(("Tensor", name))
    return found


def code_of(path: str, text: str) -> str:
    if path.endswith(".py"):
        return text
    if path.endswith(".ipynb"):
        cells = json.loads(text).get("cells", [])
        return "\n".join("".join(c["source"]) for c in cells if c.get("cell_type") == "code")
    blocks = re.findall(r"```\{\.python \.input[^}]*\}\n(.*?)```", text, re.S)  # d2l chapters
    return "\n".join(b for b in blocks if re.match(r"\s*(%%tab|#@tab) pytorch", b))


def git(git_dir: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", git_dir, *args], capture_output=True, text=True, errors="replace"
    ).stdout


def course_code(git_dir: str):
    """The code of each course file at the snapshot's HEAD."""
    paths = git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").split("\n")
    is_d2l = any(p.startswith("chapter_") for p in paths)
    for path in paths:
        if path.endswith((".py", ".ipynb")) or (is_d2l and path.endswith(".md")):
            try:
                yield code_of(path, git(git_dir, "show", f"HEAD:{path}"))
            except (json.JSONDecodeError, KeyError, TypeError):
                continue


def main(out: str, git_dirs: list[str]) -> None:
    counts, sources = defaultdict(Counter), []
    for git_dir in git_dirs:
        n = 0
        for code in course_code(git_dir):
            if "torch" in code:
                n += 1
                for group, name in names_in(code):
                    counts[group][name] += 1
        repo = git_dir.rstrip("/").removesuffix("/repo").rsplit("/", 1)[-1].replace("+", "/")
        commit = git(git_dir, "rev-parse", "HEAD").strip()
        sources.append({"repository": repo, "commit": commit, "files_using_torch": n})
    listed = {
        g: dict(sorted((k, v) for k, v in c.items() if v >= MIN_FILES)) for g, c in counts.items()
    }
    result = {
        "torch_version": torch.__version__.split("+")[0],
        "min_files": MIN_FILES,
        "sources": sources,
        "names": {g: listed.get(g, {}) for g in GROUPS},
    }
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
