"""The playground's settings: every name, default and limit in one place, the validation that
turns what a page (or a URL) sends into a `Settings`, and the URL encoding page and server share.

    settings = Settings.parse({"dataset": "xor", "hidden": "4", "act": "tanh"})  # or raises
    settings.to_query()      # 'dataset=xor&noise=0&...&hidden=4&act=tanh&...'
    Settings.from_query("dataset=circles&hidden=8,8&act=relu,relu")

The encoding is flat `key=value`, lists comma-separated (`hidden=8,8`, `features=x1,x2`); a
JSON body may give the same values as strings, numbers or lists. Keys nobody knows are refused
(a typo in a shared URL should not pass silently). An optimizer's hyper-parameters are keys of
their own (`momentum`, `beta1`, ...); those the chosen optimizer does not use are ignored, and
those it uses but are not given take its defaults (`OPTIMIZERS`).

Every bad value raises `SettingsError(field, message)`, the message written for a learner:
what is wrong and what to give instead.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import asdict, dataclass, field, fields
from urllib.parse import parse_qsl, urlencode


class SettingsError(ValueError):
    """A setting the playground cannot use: `field` names it, the message says what to give."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


# --- the choices ---------------------------------------------------------------------------

# name -> (kind, input dimensions, title). The generators are in problems.py.
DATASETS = {
    "xor": ("classify", 2, "XOR: four clusters at the corners of the unit square"),
    "circles": ("classify", 2, "Circles: a disc inside a ring"),
    "spirals": ("classify", 2, "Two spirals"),
    "blobs": ("classify", 2, "Two Gaussian blobs"),
    "dnnex3": ("classify", 2, "dnnex3 (the lecture's CSV): two correlated inputs, 0/1 labels"),
    "dnnex0": ("classify", 1, "dnnex0 (the lecture's CSV): a 0/1 label that rises and falls"),
    "dnnex1": ("classify", 1, "dnnex1 (the lecture's CSV): a 0/1 label with a plateau"),
    "sin_exp": ("regress", 1, "sin(2x) + sin(0.5x) + exp(-0.2x) on [-10, 10] (Cybenko's example)"),
    "dnnex2": ("regress", 1, "dnnex2 (the lecture's CSV): 2.5 + 4exp(-x) + 5cos(5x) + noise"),
}
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
FEATURE_TITLES = {"x1^2": "x1²", "x2^2": "x2²", "x1*x2": "x1·x2", "sin(x1)": "sin x1"}
FEATURE_TITLES["sin(x2)"] = "sin x2"
ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid", "linear", "step")
ACTIVATION_TITLES = {
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU (slope 0.01)",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "linear": "linear (none)",
    "step": "the notes' h(x) = sigmoid(200(x+0.5)) + sigmoid(-200(x-0.5)) - 1",
}
INITS = ("default", "xavier", "he", "zeros")
INIT_TITLES = {
    "default": "PyTorch's default (uniform, scaled by fan-in)",
    "xavier": "Xavier (Glorot) uniform, zero biases",
    "he": "He (Kaiming) normal for ReLU, zero biases",
    "zeros": "all zeros (watch the neurons stay alike)",
}
LOSSES = ("mse", "bce", "ce")
LOSS_TITLES = {
    "mse": "mean squared error",
    "bce": "binary cross-entropy (one output, sigmoid)",
    "ce": "cross-entropy (one output per class, softmax)",
}
ENGINES = ("cybenko", "torch", "both")

# hyper-parameter -> (low, high): the range a value must lie in (both ends allowed)
HYPER_RANGES = {
    "momentum": (0.0, 0.999),
    "weight_decay": (0.0, 1.0),
    "beta1": (0.0, 0.999),
    "beta2": (0.0, 0.99999),
    "alpha": (0.0, 0.9999),
    "rho": (0.0, 0.9999),
    "lr_decay": (0.0, 1.0),
}
# optimizer -> (class name in torch.optim, default hyper-parameters, lr first)
OPTIMIZERS = {
    "sgd": ("SGD", {"lr": 0.1, "momentum": 0.0, "weight_decay": 0.0}),
    "adam": ("Adam", {"lr": 0.03, "beta1": 0.9, "beta2": 0.999, "weight_decay": 0.0}),
    "adamw": ("AdamW", {"lr": 0.03, "beta1": 0.9, "beta2": 0.999, "weight_decay": 0.01}),
    "adamax": ("Adamax", {"lr": 0.03, "beta1": 0.9, "beta2": 0.999, "weight_decay": 0.0}),
    "rmsprop": ("RMSprop", {"lr": 0.01, "alpha": 0.99, "momentum": 0.0, "weight_decay": 0.0}),
    "adagrad": ("Adagrad", {"lr": 0.1, "lr_decay": 0.0, "weight_decay": 0.0}),
    "adadelta": ("Adadelta", {"lr": 1.0, "rho": 0.9, "weight_decay": 0.0}),
    "asgd": ("ASGD", {"lr": 0.1, "weight_decay": 0.0}),
    "rprop": ("Rprop", {"lr": 0.01}),
    "lbfgs": ("LBFGS", {"lr": 1.0}),
}

# --- the limits (the page states them) -------------------------------------------------------

LIMITS = {
    "layers": 6,  # hidden layers
    "neurons": 64,  # per hidden layer: a 2-64-64-1 net must stay responsive
    "points": [50, 2000],
    "batch": [1, 2000],  # and at most `points`
    "lr": [0, 10],  # 0 excluded
    "dropout": [0, 0.9],
    "noise": [0, 1],
    "test_fraction": [0.1, 0.9],
    "l1": [0, 1],
    "l2": [0, 1],
    "seed": [0, 2**31 - 1],
    **{k: list(v) for k, v in HYPER_RANGES.items()},
}


@dataclass(frozen=True)
class Settings:
    """One playground run, validated. Build it with `Settings.parse(mapping)` or `from_query`."""

    dataset: str = "xor"
    noise: float = 0.0
    points: int = 200
    test_fraction: float = 0.5
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4,)
    act: tuple[str, ...] = ("tanh",)
    init: str = "default"
    dropout: float = 0.0
    l1: float = 0.0
    l2: float = 0.0
    loss: str = "bce"
    opt: str = "adam"
    lr: float = 0.03
    batch: int = 10
    seed: int = 1
    engine: str = "cybenko"
    hyper: tuple[tuple[str, float], ...] = field(default=())  # the optimizer's, lr excluded

    # -- reading ------------------------------------------------------------------------

    @classmethod
    def parse(cls, values: dict) -> Settings:
        """Validate a mapping of settings (strings, numbers or lists); missing keys take their
        defaults. Raises SettingsError naming the first bad field."""
        if not isinstance(values, dict):
            raise SettingsError(None, "the settings must be a JSON object of key: value pairs")
        known = {f.name for f in fields(cls)} - {"hyper"} | set(HYPER_RANGES)
        for key in values:
            if key not in known:
                raise SettingsError(
                    str(key), f"unknown setting {key!r}; the settings are {', '.join(KEYS)}"
                )
        get = values.get
        dataset = _choice("dataset", get("dataset", "xor"), DATASETS)
        kind, dims, _ = DATASETS[dataset]
        points = _integer("points", get("points", 200), *LIMITS["points"])
        hidden = _hidden(get("hidden", "4"))
        act = _activations(get("act", "tanh"), len(hidden))
        features = _features(get("features", "x1,x2"), dataset, dims)
        loss = _choice("loss", get("loss", "bce" if kind == "classify" else "mse"), LOSSES)
        if kind == "regress" and loss != "mse":
            raise SettingsError(
                "loss", f"{dataset} is a regression (real-valued y): use the loss mse, not {loss}"
            )
        opt = _choice("opt", get("opt", "adam"), OPTIMIZERS)
        defaults = OPTIMIZERS[opt][1]
        lr = _number("lr", get("lr", defaults["lr"]), 0, 10, low_open=True)
        hyper = tuple(
            (k, _number(k, get(k, v), *HYPER_RANGES[k])) for k, v in defaults.items() if k != "lr"
        )
        batch = _integer("batch", get("batch", 10), *LIMITS["batch"])
        if batch > points:
            raise SettingsError(
                "batch", f"batch {batch} is larger than the {points} points; give 1 to {points}"
            )
        engine = _choice("engine", get("engine", "cybenko"), ENGINES)
        if engine != "cybenko" and not torch_available():
            raise SettingsError(
                "engine", f"the engine {engine} needs PyTorch, which is not installed here; "
                "use cybenko (or pip install torch)",
            )  # fmt: skip
        return cls(
            dataset=dataset,
            noise=_number("noise", get("noise", 0.0), *LIMITS["noise"]),
            points=points,
            test_fraction=_number(
                "test_fraction", get("test_fraction", 0.5), *LIMITS["test_fraction"]
            ),
            features=features,
            hidden=hidden,
            act=act,
            init=_choice("init", get("init", "default"), INITS),
            dropout=_number("dropout", get("dropout", 0.0), *LIMITS["dropout"]),
            l1=_number("l1", get("l1", 0.0), *LIMITS["l1"]),
            l2=_number("l2", get("l2", 0.0), *LIMITS["l2"]),
            loss=loss,
            opt=opt,
            lr=lr,
            batch=batch,
            seed=_integer("seed", get("seed", 1), *LIMITS["seed"]),
            engine=engine,
            hyper=hyper,
        )

    @classmethod
    def from_query(cls, query: str) -> Settings:
        """Settings from a URL query string (with or without its leading '?')."""
        pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True)
        values = {}
        for key, value in pairs:
            if key in values:
                raise SettingsError(key, f"{key} is given twice in the URL; give it once")
            values[key] = value
        return cls.parse(values)

    # -- writing ------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The settings as the flat JSON object the page sends (lists as lists)."""
        out = asdict(self)
        del out["hyper"]
        for key in ("features", "hidden", "act"):
            out[key] = list(out[key])
        out.update(self.hyper)
        return out

    def to_query(self) -> str:
        """The URL query string (no '?') that `from_query` reads back into these settings."""
        flat = {k: ",".join(map(_text, v)) if isinstance(v, list) else _text(v)
                for k, v in self.to_dict().items()}  # fmt: skip
        return urlencode(flat, safe=",^*()")

    def with_changes(self, **changes) -> Settings:
        """A copy with some fields changed, validated again."""
        return Settings.parse({**self.to_dict(), **changes})

    # -- derived ------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return DATASETS[self.dataset][0]

    @property
    def dims(self) -> int:
        return DATASETS[self.dataset][1]

    @property
    def used_features(self) -> tuple[str, ...]:
        """The features the network gets: those of `features` the dataset's inputs allow."""
        return _usable(self.features, self.dims)

    @property
    def engines(self) -> tuple[str, ...]:
        return ("cybenko", "torch") if self.engine == "both" else (self.engine,)

    @property
    def optimizer_kwargs(self) -> dict:
        """The optimizer's keyword arguments as torch.optim spells them (betas as a pair)."""
        kwargs = {"lr": self.lr}
        hyper = dict(self.hyper)
        if "beta1" in hyper:
            kwargs["betas"] = (hyper.pop("beta1"), hyper.pop("beta2"))
        kwargs.update(hyper)
        return kwargs


KEYS = (*(f.name for f in fields(Settings) if f.name != "hyper"), *HYPER_RANGES)


def torch_available() -> bool:
    return importlib.util.find_spec("torch") is not None


def options() -> dict:
    """What GET /api/options answers: every choice, the limits and the defaults."""
    return {
        "datasets": [
            {"name": n, "kind": k, "title": t, "dims": d} for n, (k, d, t) in DATASETS.items()
        ],
        "features": list(FEATURES),
        "activations": list(ACTIVATIONS),
        "inits": list(INITS),
        "losses": list(LOSSES),
        "optimizers": {name: dict(defaults) for name, (_, defaults) in OPTIMIZERS.items()},
        "engines": ["cybenko", "torch", "both"] if torch_available() else ["cybenko"],
        "limits": LIMITS,
        "defaults": Settings.parse({}).to_dict(),
        "titles": {
            **FEATURE_TITLES,
            **{f"act:{k}": v for k, v in ACTIVATION_TITLES.items()},
            **{f"init:{k}": v for k, v in INIT_TITLES.items()},
            **{f"loss:{k}": v for k, v in LOSS_TITLES.items()},
        },
    }


# --- validating one value ------------------------------------------------------------------


def _text(value) -> str:
    if isinstance(value, float):
        return repr(value).removesuffix(".0") if value.is_integer() else repr(value)
    return str(value)


def _show(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _choice(name: str, value, allowed) -> str:
    if not isinstance(value, str) or value.strip() not in allowed:
        raise SettingsError(
            name, f"{name} {_show(value)} is not one of the choices; give one of "
            f"{', '.join(allowed)}",
        )  # fmt: skip
    return value.strip()


def _finite(value) -> float | None:
    """A finite float from a number or a numeric string; None for anything else (booleans,
    nan, inf, words)."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _number(name: str, value, low, high, *, low_open: bool = False) -> float:
    """A finite float in [low, high] ((low, high] with low_open), from a number or a string."""
    got, value = value, _finite(value)
    if value is None:
        raise SettingsError(name, f"{name} must be a number, got {_show(got)}")
    if value < low or value > high or (low_open and value == low):
        low, high = _text(float(low)), _text(float(high))
        span = f"more than {low} and at most {high}" if low_open else f"{low} to {high}"
        raise SettingsError(name, f"{name} {_text(value)} is out of range; give {span}")
    return value


def _integer(name: str, value, low: int, high: int, what: str | None = None) -> int:
    """A whole number in [low, high], from an int, a whole float or a string."""
    what = what or name
    got, value = value, _finite(value)
    if value is None or value != int(value):
        raise SettingsError(name, f"{what} must be a whole number, got {_show(got)}")
    value = int(value)
    if not low <= value <= high:
        raise SettingsError(name, f"{what} is {value}, out of range; give {low} to {high}")
    return value


def _items(name: str, value) -> list:
    """A list from a list or a comma-separated string ('' is the empty list)."""
    if isinstance(value, str):
        value = value.strip()
        return [v.strip() for v in value.split(",")] if value else []
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [value]
    raise SettingsError(name, f"{name} must be a list (comma-separated), got {_show(value)}")


def _hidden(value) -> tuple[int, ...]:
    sizes = _items("hidden", value)
    most, top = LIMITS["layers"], LIMITS["neurons"]
    if len(sizes) > most:
        raise SettingsError(
            "hidden", f"{len(sizes)} hidden layers is too many; give at most {most}"
        )
    out = []
    for i, size in enumerate(sizes, 1):
        shown = size.strip() if isinstance(size, str) else _show(size)
        what = f"hidden layer {i} has {shown} neurons;"
        try:
            n = _integer("hidden", size, 1, top, what=f"the neurons of hidden layer {i}")
        except SettingsError:
            is_number = isinstance(size, int | float) and not isinstance(size, bool)
            if isinstance(size, str):
                try:
                    float(size)
                    is_number = True
                except ValueError:
                    pass
            if is_number:
                raise SettingsError("hidden", f"{what} give 1 to {top}") from None
            raise
        out.append(n)
    return tuple(out)


def _activations(value, layers: int) -> tuple[str, ...]:
    names = _items("act", value)
    for i, name in enumerate(names, 1):
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise SettingsError(
                "act", f"activation {i}, {_show(name)}, is unknown; give one of "
                f"{', '.join(ACTIVATIONS)}",
            )  # fmt: skip
    if len(names) == 1 or (layers == 0 and len(names) <= 1):
        return tuple(names * layers)  # one activation for every hidden layer
    if len(names) != layers:
        raise SettingsError(
            "act", f"{len(names)} activation(s) for {layers} hidden layer(s); give one per layer "
            "(or one for all)",
        )  # fmt: skip
    return tuple(names)


def _usable(features, dims: int) -> tuple[str, ...]:
    return tuple(f for f in features if dims == 2 or "x2" not in f)


def _features(value, dataset: str, dims: int) -> tuple[str, ...]:
    names = _items("features", value)
    for name in names:
        if not isinstance(name, str) or name not in FEATURES:
            raise SettingsError(
                "features", f"feature {_show(name)} is unknown; give some of "
                f"{', '.join(FEATURES)}",
            )  # fmt: skip
    if len(set(names)) != len(names):
        raise SettingsError("features", "a feature is chosen twice; choose each at most once")
    if not _usable(names, dims):
        one_d = ", ".join(f for f in FEATURES if "x2" not in f)
        raise SettingsError(
            "features", f"{dataset} has one input, x1: choose at least one of {one_d}"
            if dims == 1 else f"choose at least one input feature of {', '.join(FEATURES)}",
        )  # fmt: skip
    return tuple(names)
