"""The engines an experiment runs on: cybenko (the default) or PyTorch, or both side by side.

    module = engines.resolve("torch")            # the `torch` module, or a one-line UserError
    results = engines.run(experiment, "both", cfg, out)

`run` hands the framework module to `experiment.run(torch, cfg, out)`. With "both" each engine
draws its own figures in out/cybenko and out/torch; their curves are then overlaid in
out/curves_both.png, and metrics.csv holds each curve of each engine beside their absolute
difference, the largest of which goes into the summary.
"""

from __future__ import annotations

import csv
import importlib
import math
import time
from pathlib import Path

import numpy as np

from .experiments import UserError

ENGINES = ("cybenko", "torch")
CHOICES = (*ENGINES, "both")


def resolve(name: str):
    """The framework module named `name` ("cybenko" or "torch")."""
    if name not in ENGINES:
        raise UserError(f"unknown engine {name!r}; choose one of {', '.join(CHOICES)}")
    try:
        return importlib.import_module(name)
    except ImportError:
        if name == "torch":
            raise UserError(
                "--engine torch needs PyTorch, which is not installed: pip install torch==2.13.0"
            ) from None
        raise


def check_device(module, device: str) -> None:
    """Refuse, in one line, a device the engine `module` cannot run on here."""
    try:
        kind = module.device(device).type
    except RuntimeError as bad:
        raise UserError(f"--device {device}: {bad}; use cpu or cuda (cuda:N)") from None
    if kind == "cuda" and not module.cuda.is_available():
        fix = "pip install 'cybenko[cuda]' (CuPy) on" if module.__name__ == "cybenko" else "use"
        raise UserError(
            f"--device {device}: CUDA is not available to {module.__name__} here; "
            f"{fix} a machine with an NVIDIA GPU, or run with --device cpu"
        )


def run(experiment, engine: str, cfg: dict, out: Path) -> dict[str, dict]:
    """Run `experiment` on `engine` ("cybenko", "torch" or "both"); {engine: metrics}."""
    names = ENGINES if engine == "both" else (engine,)
    modules = {name: resolve(name) for name in names}  # a missing torch fails before training
    label = experiment.__name__.rsplit(".", 1)[-1].replace("_", "-")
    results = {}
    for name, module in modules.items():
        folder = out / name if engine == "both" else out
        folder.mkdir(parents=True, exist_ok=True)
        print(f"--- {label} on {name}", flush=True)
        start = time.perf_counter()
        results[name] = experiment.run(module, cfg, folder)
        results[name]["seconds"] = round(time.perf_counter() - start, 2)
    if engine == "both":
        curves = {e: split(m)[1] for e, m in results.items()}
        if any(curves.values()):
            from . import plot  # matplotlib is loaded with the experiments, not before

            plot.overlay(
                out / "curves_both.png",
                curves,
                title=f"{label}: cybenko and PyTorch overlaid",
                xlabel="step",
            )
    return results


def split(metrics: dict) -> tuple[dict, dict]:
    """(numbers, curves) of a metrics dict: curves are its lists and arrays."""
    numbers, curves = {}, {}
    for key, value in metrics.items():
        if isinstance(value, list | tuple | np.ndarray):
            curves[key] = np.asarray(value, dtype=float).ravel()
        else:
            numbers[key] = value
    return numbers, curves


def differences(results: dict[str, dict]) -> dict[str, float]:
    """The largest |cybenko - torch| of each curve and number both engines reported."""
    if len(results) < 2:
        return {}
    (_, a), (_, b) = results.items()
    (na, ca), (nb, cb) = split(a), split(b)
    found = {}
    for key in ca.keys() & cb.keys():
        n = min(len(ca[key]), len(cb[key]))
        found[key] = float(np.max(np.abs(ca[key][:n] - cb[key][:n]))) if n else math.nan
    for key in na.keys() & nb.keys() - {"seconds"}:
        if isinstance(na[key], int | float) and isinstance(nb[key], int | float):
            found[key] = abs(float(na[key]) - float(nb[key]))
    return dict(sorted(found.items()))


def first_apart(results: dict[str, dict], tol: float = 1e-4) -> dict[str, str]:
    """For each curve both engines drew, the first step where they differ by more than tol
    ("none" when they never do): where the seeds match, rounding alone parts them."""
    if len(results) < 2:
        return {}
    a, b = (split(m)[1] for m in results.values())
    found = {}
    for key in [k for k in a if k in b]:
        n = min(len(a[key]), len(b[key]))
        far = np.flatnonzero(np.abs(a[key][:n] - b[key][:n]) > tol)
        found[key] = str(far[0]) if far.size else "none"
    return found


def write_metrics(path: Path, results: dict[str, dict]) -> None:
    """metrics.csv: a row per step, a column per curve (suffixed by the engine with several
    engines, with their absolute difference beside)."""
    curves = {e: split(m)[1] for e, m in results.items()}
    columns: dict[str, np.ndarray] = {}
    several = len(curves) > 1
    for engine, series in curves.items():
        for key, values in series.items():
            columns[f"{key} [{engine}]" if several else key] = values
    if several:
        (ea, a), (eb, b) = curves.items()
        for key in [k for k in a if k in b]:
            n = min(len(a[key]), len(b[key]))
            columns[f"{key} abs diff {ea}-{eb}"] = np.abs(a[key][:n] - b[key][:n])
    rows = max((len(v) for v in columns.values()), default=0)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["step", *columns])
        for i in range(rows):
            writer.writerow(
                [i, *(repr(float(v[i])) if i < len(v) else "" for v in columns.values())]
            )


def write_summary(path: Path, name: str, title: str, engine: str, cfg: dict, results) -> str:
    """summary.md: the configuration, the numbers of each engine, and the largest differences
    between engines. Returns the text."""
    lines = [f"# {name}", "", title, "", f"engine: {engine}", "", "## Configuration", ""]
    lines += ["| key | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in cfg.items()]
    numbers = {e: split(m)[0] for e, m in results.items()}
    keys = list(dict.fromkeys(k for n in numbers.values() for k in n))
    lines += ["", "## Metrics", "", "| metric | " + " | ".join(numbers) + " |"]
    lines += ["|---|" + "---|" * len(numbers)]
    lines += [
        f"| {k} | " + " | ".join(_fmt(n.get(k, "")) for n in numbers.values()) + " |" for k in keys
    ]
    diffs = differences(results)
    if diffs:
        apart = first_apart(results)
        lines += ["", "## Largest |cybenko - torch|", ""]
        lines += ["| curve or metric | max abs difference | first step apart by > 1e-4 |"]
        lines += ["|---|---|---|"]
        lines += [f"| {k} | {v:.3g} | {apart.get(k, '')} |" for k, v in diffs.items()]
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def _fmt(value) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)
