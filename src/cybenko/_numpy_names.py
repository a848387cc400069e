"""NumPy's argument names, accepted where torch accepts them.

torch's argument parser lets every torch.* function and Tensor method take `axis=` for `dim=`
and `keepdims=` for `keepdim=` (lecture notebooks write `torch.sum(w, axis=(2, 3))`). The
Python functions of torch.nn.functional do not. cybenko applies the same rule once, when the
public names are bound, instead of in every op.
"""

from __future__ import annotations

import functools
import inspect

ALIASES = {"axis": "dim", "keepdims": "keepdim"}

# Written in Python in torch, outside its parser: these take no NumPy names there.
PYTHON_IN_TORCH = {
    "torch": {"norm", "split", "unique", "unique_consecutive"},
    "Tensor": {"norm", "split", "unique", "unique_consecutive", "unflatten"},
}


def accept_numpy_names(fn):
    """`fn` taking axis= and keepdims= as dim= and keepdim=; `fn` itself if it has neither."""
    try:
        parameters = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn
    aliases = {alias: name for alias, name in ALIASES.items() if name in parameters}
    if not aliases:
        return fn

    @functools.wraps(fn)
    def with_numpy_names(*args, **kwargs):
        if kwargs:
            for alias, name in aliases.items():
                if alias in kwargs:
                    if name in kwargs:  # torch's parser sees the alias as a second, unknown name
                        raise TypeError(
                            f"{fn.__name__}() got an unexpected keyword argument '{alias}'"
                        )
                    kwargs[name] = kwargs.pop(alias)
        return fn(*args, **kwargs)

    return with_numpy_names


def apply_to(owner, kind: str) -> None:
    """Rebind the functions of `owner` (the torch module or the Tensor class, as `kind` says)
    that take dim or keepdim and that torch binds through its parser."""
    for key, value in list(vars(owner).items()):
        if key in PYTHON_IN_TORCH[kind] or key.startswith("__"):
            continue
        if inspect.isfunction(value):
            wrapped = accept_numpy_names(value)
            if wrapped is not value:
                setattr(owner, key, wrapped)
