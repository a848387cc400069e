"""Switches for graph recording: no_grad, enable_grad, set_grad_enabled, inference_mode.

Each works as a context manager and as a decorator, like torch's. The flag is read by
`Function.apply` on every op, so it lives in a plain module attribute.
"""

from __future__ import annotations

import functools

enabled = True


def is_grad_enabled() -> bool:
    return enabled


class _GradMode:
    """Base: set the flag on entry, restore the previous value on exit."""

    mode: bool

    def __enter__(self):
        global enabled
        self._previous = enabled
        enabled = self.mode

    def __exit__(self, *exc):
        global enabled
        enabled = self._previous
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)

        return wrapper


class no_grad(_GradMode):
    """Ops inside record no graph: for evaluation and hand-written parameter updates."""

    mode = False


class enable_grad(_GradMode):
    """Record the graph again, inside a no_grad region."""

    mode = True


class set_grad_enabled(_GradMode):
    """Turn recording on or off: `with set_grad_enabled(is_train): ...`.

    Like torch, calling it also sets the mode immediately, so it works as a plain function.
    """

    def __init__(self, mode: bool):
        global enabled
        self.mode = bool(mode)
        self._previous = enabled
        enabled = self.mode

    def __enter__(self):
        pass

    def __call__(self, fn):
        global enabled
        enabled = self._previous
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)

        return wrapper


class inference_mode:
    """Like no_grad, for code that will never need gradients (evaluation, serving): ops
    record no graph, and tensors made inside are inference tensors (`is_inference()`).

    A context manager (`with inference_mode():`) and a decorator, with or without
    parentheses (`@inference_mode`, `@inference_mode()`). `inference_mode(False)` leaves
    inference mode and turns grad mode on, as torch's does.
    """

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)  # @inference_mode without parentheses: mode is the function

    def __init__(self, mode: bool = True):
        self.mode = mode

    def __enter__(self):
        global enabled
        from .. import _tensor

        self._previous = enabled, _tensor._inference_mode
        enabled = not self.mode  # as torch: inference_mode(False) turns recording on
        _tensor._inference_mode = self.mode

    def __exit__(self, *exc):
        global enabled
        from .. import _tensor

        enabled, _tensor._inference_mode = self._previous
        return False

    def __call__(self, fn):
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with inference_mode(mode):
                return fn(*args, **kwargs)

        return wrapper


def is_inference_mode_enabled() -> bool:
    from .. import _tensor

    return _tensor._inference_mode
