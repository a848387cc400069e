"""Switches for graph recording: no_grad, enable_grad, set_grad_enabled, inference_mode.

Each works as a context manager and as a decorator, like torch's (a decorated generator
runs each of its steps in the mode). The flag is read by `Function.apply` on every op, so it
lives in a plain module attribute.
"""

from __future__ import annotations

import functools
import inspect

from .._size import type_name

enabled = True


def is_grad_enabled() -> bool:
    return enabled


def _decorate(make_mode, fn):
    """`fn` run inside a fresh `make_mode()` context; a generator function's generator
    enters it each time it resumes, and leaves it at each `yield`, as torch's do."""
    if inspect.isgeneratorfunction(fn):
        return _in_mode_between_yields(make_mode, fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with make_mode():
            return fn(*args, **kwargs)

    return wrapper


def _in_mode_between_yields(make_mode, fn):
    @functools.wraps(fn)
    def generator(*args, **kwargs):
        inner = fn(*args, **kwargs)
        resume = functools.partial(inner.send, None)
        while True:
            with make_mode():
                try:
                    value = resume()
                except StopIteration as stop:
                    return stop.value
            try:
                sent = yield value
            except GeneratorExit:
                with make_mode():
                    inner.close()
                raise
            except BaseException as error:  # thrown in by the caller: passed on to fn's
                resume = functools.partial(inner.throw, error)
            else:
                resume = functools.partial(inner.send, sent)

    return generator


class _GradMode:
    """Base: set the flag on entry, restore the previous value on exit."""

    mode: bool

    def __new__(cls, fn=None):
        if fn is None:
            return super().__new__(cls)
        return cls()(fn)  # used bare, as `@no_grad`: fn is the function

    def __enter__(self):
        global enabled
        self._previous = enabled
        enabled = self.mode

    def __exit__(self, *exc):
        global enabled
        enabled = self._previous
        return False

    def __call__(self, fn):
        return _decorate(self.__class__, fn)


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

    def __new__(cls, mode: bool):
        return object.__new__(cls)

    def __init__(self, mode: bool):
        global enabled
        if type(mode) is not bool:
            raise TypeError(
                "set_grad_enabled(): argument 'enabled' (position 1) must be bool, not "
                f"{type_name(mode)}"
            )
        self.mode = mode
        self._previous = enabled
        enabled = self.mode

    def __enter__(self):
        pass

    def __call__(self, fn):
        global enabled
        enabled = self._previous
        mode = self.mode
        return _decorate(lambda: set_grad_enabled(mode), fn)


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
        return _decorate(lambda: inference_mode(mode), fn)


def is_inference_mode_enabled() -> bool:
    from .. import _tensor

    return _tensor._inference_mode
