"""How cybenko runs code: eagerly, one op at a time, with deterministic NumPy kernels.

torch's switches for other ways of running are accepted, so course code that sets them runs
unchanged, and what they set can be read back.
"""

from __future__ import annotations

from ._size import type_name

_deterministic = {"mode": False, "warn_only": False}


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Recorded for code that reads it back: every cybenko kernel is deterministic already."""
    for argument, value in (("'mode' (position 1)", mode), ("'warn_only'", warn_only)):
        if type(value) is not bool:
            raise TypeError(
                f"_set_deterministic_algorithms(): argument {argument} must be bool, "
                f"not {type_name(value)}"
            )
    _deterministic.update(mode=mode, warn_only=warn_only)


def are_deterministic_algorithms_enabled() -> bool:
    return _deterministic["mode"]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    return _deterministic["warn_only"]


def compile(  # noqa: A001
    model=None,
    *,
    fullgraph=False,
    dynamic=None,
    backend="inductor",
    mode=None,
    options=None,
    disable=False,
):
    """torch.compile: cybenko runs eagerly, so the model or function comes back as it is (the
    numbers are the same; torch's compiled code only runs faster). Works as a decorator too."""
    if model is None:  # @torch.compile(mode=...)
        return compile
    if not callable(model):
        raise AssertionError(f"A callable function is expected, but {type(model)} is provided.")
    return model
