"""Random tensors: rand, randn, randint, randperm, normal, bernoulli, multinomial, the *_like
forms, and the in-place samplers (uniform_, normal_, random_, bernoulli_, exponential_,
geometric_).

The numbers come from `cybenko._generator`, which reproduces torch's CPU generator bit for
bit; this module only turns arguments into arrays and arrays into tensors. Every random thing
in cybenko goes through here, never through NumPy's own random state.

On a cuda device torch draws from another generator (Philox), whose numbers cybenko does not
reproduce: draws for cuda tensors come from cybenko's cuda generator (the same algorithm as
the CPU's, seeded by manual_seed and cuda.manual_seed), so they are seeded and repeatable but
not torch's. Make random tensors on the CPU and move them to match torch exactly.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype
from .. import _generator as engine
from .._device import CPU, move, tensor_device
from .._tensor import Tensor, _wrap
from ..autograd.function import common_device
from .convert import _check_inplace
from .creation import _shape


def _finish(array: np.ndarray, requires_grad: bool, device=CPU) -> Tensor:
    t = _wrap(array if device is CPU else move(array, device), device=device)
    if requires_grad:
        t.requires_grad = True
    return t


def _generator_for(device, generator):
    """The generator to draw from: the one given, else the default one of `device`."""
    if generator is not None or device.type == "cpu":
        return generator
    from ..cuda import default_generators

    return default_generators[device.index]


def _float_dtype(dtype, fn: str) -> _dtype.dtype:
    d = dtype or _dtype.get_default_dtype()
    if not d.is_floating_point:
        raise NotImplementedError(f"\"{fn}\" not implemented for '{d._torch_name}'")
    return d


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    """Uniform numbers in [0, 1): `rand(2, 3)` or `rand((2, 3))`."""
    where = tensor_device(device)
    d = _float_dtype(dtype, "check_uniform_bounds")
    array = engine.rand(_shape(size), d.np, _generator_for(where, generator))
    return _finish(array, requires_grad, where)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    """Standard normal numbers: `randn(2, 3)` or `randn((2, 3))`."""
    where = tensor_device(device)
    d = _float_dtype(dtype, "normal_kernel_cpu")
    array = engine.randn(_shape(size), d.np, _generator_for(where, generator))
    return _finish(array, requires_grad, where)


def randint(*args, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """Integers in [low, high): `randint(high, size)` or `randint(low, high, size)`."""
    where = tensor_device(device)
    if size is None:
        *bounds, size = args
    else:
        bounds = list(args)
    low, high = (0, bounds[0]) if len(bounds) == 1 else bounds
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    d = dtype or _dtype.int64
    generator = _generator_for(where, generator)
    array = engine.randint(low, high, _shape((size,)), d.np, generator)
    return _finish(array, requires_grad, where)


def randperm(n: int, *, generator=None, dtype=None, device=None, requires_grad=False):
    """A random permutation of 0..n-1."""
    where = tensor_device(device)
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got{n}")
    d = dtype or _dtype.int64
    return _finish(engine.randperm(n, d.np, _generator_for(where, generator)), requires_grad, where)


def normal(
    mean, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False
):
    """Normal numbers with the given mean and std, each a tensor or a number."""
    tensors = [x for x in (mean, std) if isinstance(x, Tensor)]
    where = common_device(tensors) if tensors else tensor_device(device)
    raw = [x._array if isinstance(x, Tensor) else x for x in (mean, std)]
    if size is not None:
        size = _shape((size,))
    if not any(isinstance(x, np.ndarray) for x in raw):
        dtype = (dtype or _dtype.get_default_dtype()).np
    generator = _generator_for(where, generator)
    return _finish(
        engine.normal(*raw, size=size, dtype=dtype, generator=generator), requires_grad, where
    )


def bernoulli(input, p=None, *, generator=None):
    """0/1 draws, each 1 with the probability given by `input` (or by the float `p`)."""
    where = input._device
    generator = _generator_for(where, generator)
    if p is None:
        return _finish(engine.bernoulli(input._array, generator), False, where)
    return _finish(engine.bernoulli_(np.empty_like(input._array), p, generator), False, where)


def multinomial(input, num_samples: int, replacement: bool = False, *, generator=None):
    """Indices drawn from each row of `input`, a tensor of (unnormalised) weights."""
    generator = _generator_for(input._device, generator)
    draws = engine.multinomial(input._array, num_samples, replacement, generator)
    return _finish(draws, False, input._device)


def _like_options(input, dtype, device, requires_grad) -> dict:
    return {
        "dtype": dtype or input.dtype,
        "device": input._device if device is None else device,
        "requires_grad": requires_grad,
    }


def rand_like(input, *, dtype=None, device=None, requires_grad=False, **_):
    return rand(input._array.shape, **_like_options(input, dtype, device, requires_grad))


def randn_like(input, *, dtype=None, device=None, requires_grad=False, **_):
    return randn(input._array.shape, **_like_options(input, dtype, device, requires_grad))


def randint_like(input, low=0, high=None, *, dtype=None, device=None, requires_grad=False, **_):
    if high is None:
        low, high = 0, low
    options = _like_options(input, dtype, device, requires_grad)
    return randint(low, high, input._array.shape, **options)


# --- in place -----------------------------------------------------------------------------------


def _fill(self: Tensor, sampler, *args, generator=None, **kwargs) -> Tensor:
    _check_inplace(self, False)
    sampler(self._array, *args, generator=_generator_for(self._device, generator), **kwargs)
    self._version[0] += 1
    return self


def uniform_(self, from_=0.0, to=1.0, *, generator=None):
    """Fill with uniform numbers in [from_, to)."""
    return _fill(self, engine.uniform_, from_, to, generator=generator)


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    """Fill with normal numbers of the given mean and std."""
    return _fill(self, engine.normal_, mean, std, generator=generator)


def random_(self, from_=None, to=None, *, generator=None):
    """Fill with integers: random_(to) is [0, to), random_(from_, to) is [from_, to)."""
    if from_ is not None and to is None:
        from_, to = 0, from_
    return _fill(self, engine.random_, from_, to, generator=generator)


def bernoulli_(self, p=0.5, *, generator=None):
    """Fill with 0/1 draws, 1 with probability p (a float or a tensor)."""
    p = p._array if isinstance(p, Tensor) else p
    return _fill(self, engine.bernoulli_, p, generator=generator)


def exponential_(self, lambd=1.0, *, generator=None):
    return _fill(self, engine.exponential_, lambd, generator=generator)


def geometric_(self, p, *, generator=None):
    return _fill(self, engine.geometric_, p, generator=generator)
