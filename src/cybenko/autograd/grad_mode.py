"""Switches for graph recording: no_grad, enable_grad, set_grad_enabled.

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
