"""The registry of lab experiments: one module per experiment of the notes.

Each module holds
  DEFAULTS   the configuration of the notes (a flat dict of numbers and strings),
  RULES      what each key of DEFAULTS accepts (COUNT, RATE, ... below), checked on every
             `--set` and `--seed` before anything runs or is written,
  QUICK      the overrides of `--quick`, a short run that still shows the result,
  TITLE      one line for `cybenko lab list`,
  run(torch, cfg, out) -> dict
             trains with `torch`, the framework module it is handed (cybenko or PyTorch), on
             cfg["device"] ("cpu" or "cuda"), using only the torch-shaped API on it; draws
             its figures into the folder `out`; returns its metrics: numbers (the summary)
             and lists of numbers (curves, one value a step, written to metrics.csv and
             overlaid across engines by `--engine both`).
"""

from __future__ import annotations

import ast
import importlib
import math
from collections.abc import Callable
from types import ModuleType
from typing import Any, NamedTuple

MODULES = {  # in the order of the notes (seed 000, 001, 002, 003, 004)
    "universal-approximation": "universal_approximation",
    "mnist-dnn": "mnist_dnn",
    "network-diagrams": "network_diagrams",
    "minibatch": "minibatch",
    "cpu-vs-gpu": "cpu_vs_gpu",
    "overfitting": "overfitting",
    "xor": "xor",
    "activations": "activations",
    "init": "init",
    "optimizers": "optimizers",
    "dropout": "dropout",
    "node-sgd": "node_sgd",
    "cnn-mnist": "cnn_mnist",
    "autoencoder": "autoencoder",
    "news-tfidf": "news_tfidf",
    "q-learning": "q_learning",
    "logistic-landscape": "logistic_landscape",
    "dnn-examples": "dnn_examples",
}


class UserError(Exception):
    """A mistake in the command line: printed as one line, exit status 2."""


class Rule(NamedTuple):
    """What one setting accepts: `accepts(value)` tests the value (already of the default's
    type) and `says` tells the user what was expected."""

    says: str
    accepts: Callable[[Any], bool]


def _is_count(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 1


def _is_finite(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


# The rules the experiments' RULES are made of.
COUNT = Rule("a positive integer", _is_count)
RATE = Rule("a positive finite number", lambda v: _is_finite(v) and v > 0)
NUMBER = Rule("a finite number", _is_finite)
SCALE = Rule("a finite number >= 0", lambda v: _is_finite(v) and v >= 0)
SEED = Rule("an integer from -2**63 to 2**64 - 1", lambda v: -(2**63) <= v < 2**64)
FLAG = Rule("True or False", lambda v: isinstance(v, bool))
COUNTS = Rule(
    "a non-empty list of positive integers like [1, 2, 3]",
    lambda v: len(v) > 0 and all(map(_is_count, v)),
)
POINT = Rule(
    "two finite numbers like (-3.0, -1.0)", lambda v: len(v) == 2 and all(map(_is_finite, v))
)


def up_to(high: float) -> Rule:
    """A positive finite number no larger than `high`."""
    return Rule(f"a number in (0, {high:g}]", lambda v: _is_finite(v) and 0 < v <= high)


def names() -> list[str]:
    return list(MODULES)


def get(name: str) -> ModuleType:
    """The experiment module registered as `name`."""
    if name not in MODULES:
        raise UserError(f"unknown experiment {name!r}; known experiments: {', '.join(MODULES)}")
    try:
        return importlib.import_module(f"{__name__}.{MODULES[name]}")
    except ModuleNotFoundError as missing:
        package = (missing.name or "").split(".")[0]
        if package in ("matplotlib", "PIL", "tqdm"):
            raise UserError(
                f"the lab draws with {package}, which is not installed: "
                "pip install 'cybenko[lab]' (matplotlib, pillow, tqdm)"
            ) from None
        raise


def config(
    name: str,
    *,
    quick: bool = False,
    seed: int | None = None,
    sets: list[str] = (),
    device: str = "cpu",
) -> dict:
    """The experiment's DEFAULTS with the `device` it runs on, then QUICK (with `quick`), then
    `seed`, then each `key=value` of `sets` (the value parsed as a Python literal and cast to
    the default's type). Each value given is checked against the experiment's RULES: a value
    out of range is a UserError, told before anything runs."""
    module = get(name)
    cfg = {**module.DEFAULTS, "device": device}
    if quick:
        cfg.update(module.QUICK)
    if seed is not None:
        cfg["seed"] = _checked(module, "seed", seed, str(seed), "--seed")
    for item in sets:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep:
            raise UserError(f"--set expects key=value, got {item!r}")
        if key not in cfg:
            raise UserError(f"unknown key {key!r} for {name}; valid keys: {', '.join(sorted(cfg))}")
        value = _cast(key, text.strip(), cfg[key])
        cfg[key] = _checked(module, key, value, text.strip(), key)
    return cfg


def _checked(module: ModuleType, key: str, value, text: str, what: str):
    """`value` when the experiment's rule for `key` accepts it (device has none: the engine
    checks it); else a UserError saying what `what` expected."""
    rule = module.RULES.get(key)
    if rule is not None and not rule.accepts(value):
        raise UserError(f"{what} expects {rule.says}, got {text}")
    return value


def _cast(key: str, text: str, default):
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        value = text
    kind = type(default)
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise UserError(f"{key} expects True or False, got {text!r}")
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UserError(f"{key} expects a number, got {text!r}")
        if kind is int and value != int(value):
            raise UserError(f"{key} expects an integer, got {text!r}")
        return kind(value)
    if kind in (list, tuple):
        if not isinstance(value, list | tuple):
            raise UserError(f"{key} expects a list like [1, 2], got {text!r}")
        return kind(value)
    return value if isinstance(value, kind) else kind(text)


def progress(iterable, desc: str, total: int | None = None):
    """`iterable` with a progress bar on stderr (tqdm) while it runs, for any loop that takes
    more than a couple of seconds; the bar shows only on a terminal, so logs and tests stay
    clean, and it disappears when done."""
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, total=total, leave=False, disable=None, mininterval=0.5)


def train_adam(torch, net, X, Y, loss_fn, steps: int, lr: float, table, name: str, every: int):
    """Full-batch Adam on (X, Y) for `steps` steps, as the notes train their nets; a table row
    every `every` steps. Returns the loss before each step."""
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    losses = []
    for step in progress(range(steps), name):
        loss = loss_fn(net(X), Y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        if step % every == 0 or step == steps - 1:
            table.row(name, step, losses[-1])
    return losses


def _write(line: str) -> None:
    """Print above a running progress bar instead of through it."""
    from tqdm import tqdm

    tqdm.write(line)


class Table:
    """A progress table on stdout: a header once, then one aligned row per call.

    table = Table("step", "loss")
    table.row(100, 0.693)
    """

    def __init__(self, *columns: str, width: int = 12):
        self.width = max(width, *(len(c) + 2 for c in columns))
        _write("".join(f"{c:>{self.width}}" for c in columns))

    def row(self, *values) -> None:
        cells = (
            f"{v:>{self.width}.6g}" if isinstance(v, float) else f"{v:>{self.width}}"
            for v in values
        )
        _write("".join(cells))
