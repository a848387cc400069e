"""The sampling ops: rand, randn, randint, randperm, normal, bernoulli, multinomial, the
*_like forms, and the in-place samplers (uniform_, normal_, random_, bernoulli_,
exponential_, geometric_).

Three modules share the randomness, one job each:
- `cybenko._generator`: the engine, torch's CPU generator (MT19937 and torch's transforms
  from 32-bit draws to numbers) reproduced bit for bit on NumPy arrays;
- this module: the ops, which turn arguments into arrays for the engine and its arrays into
  tensors;
- `cybenko.random`: the torch.random namespace, seeding and saving the default generator.
Every random thing in cybenko goes through here, never through NumPy's own random state.

On a cuda device torch draws from another generator (Philox), whose numbers cybenko does not
reproduce: draws for cuda tensors come from cybenko's cuda generator (the same algorithm as
the CPU's, seeded by manual_seed and cuda.manual_seed), so they are seeded and repeatable but
not torch's. Make random tensors on the CPU and move them to match torch exactly.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype
from .. import _generator as engine
from .._device import CPU, common_device, move, tensor_device
from .._size import SizeArgument, as_int, invalid_combination, parse_int, type_name
from .._tensor import Tensor, _wrap
from ..autograd import views
from ..autograd.function import Function
from ._operands import broadcast_shape, require_tensors
from .creation import _size_from, check_new_shape


def _finish(array: np.ndarray, requires_grad: bool, device=CPU) -> Tensor:
    t = _wrap(array if device is CPU else move(array, device), device=device)
    if requires_grad:
        t.requires_grad = True
    return t


class Normal(Function):
    # a draw does not move with its mean or std here: d = 0 for each (torch's gradient)
    @staticmethod
    def forward(ctx, mean, std, draws):
        return draws

    @staticmethod
    def backward(ctx, grad):
        zero = np.zeros_like(grad)
        return tuple(zero if need else None for need in ctx.needs_input_grad)


class Bernoulli(Function):
    # a 0/1 draw does not move with its probability: d = 0
    @staticmethod
    def forward(ctx, p, draws):
        return draws

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad), None


def _requires_grad(*inputs) -> bool:
    return any(isinstance(x, Tensor) and x._requires_grad for x in inputs)


def _generator_for(device, generator):
    """The generator to draw from: the one given, else the default one of `device`."""
    if generator is not None or device.type == "cpu":
        return generator
    from ..cuda import default_generators

    return default_generators[device.index]


def check_generator(generator, fn: str, args: tuple | None = None, signatures=()) -> None:
    """torch's TypeError for a `generator=` that is not a Generator (`generator=42`): a
    function of one signature names the argument, one of several (`args` given) lists them."""
    if generator is None or isinstance(generator, engine.Generator):
        return
    if args is None:
        raise TypeError(
            f"{fn}(): argument 'generator' must be torch.Generator, not {type_name(generator)}"
        )
    raise invalid_combination(fn, args, signatures, generator=generator)


def _float_dtype(dtype, fn: str, kernel: str) -> _dtype.dtype:
    d = _dtype.parse(dtype, fn) or _dtype.get_default_dtype()
    if not d.is_floating_point:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{d._torch_name}'")
    return d


_SIZE_SIGNATURES = ("(tuple of ints size, *, torch.Generator generator, ...)",)
_RAND_SIZE = SizeArgument("rand", signatures=_SIZE_SIGNATURES)
_RANDN_SIZE = SizeArgument("randn", signatures=_SIZE_SIGNATURES)


def _new_shape(size_argument, args, keywords, d) -> tuple:
    shape = _size_from(args, keywords, size_argument)
    check_new_shape(shape, d.itemsize)
    return shape


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None, **kw):
    """Uniform numbers in [0, 1): `rand(2, 3)` or `rand((2, 3))`."""
    check_generator(generator, "rand", size, _SIZE_SIGNATURES)
    where = tensor_device(device)
    d = _float_dtype(dtype, "rand", "check_uniform_bounds")
    shape = _new_shape(_RAND_SIZE, size, kw, d)
    array = engine.rand(shape, d.np, _generator_for(where, generator))
    return _finish(array, requires_grad, where)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None, **kw):
    """Standard normal numbers: `randn(2, 3)` or `randn((2, 3))`."""
    check_generator(generator, "randn", size, _SIZE_SIGNATURES)
    where = tensor_device(device)
    d = _float_dtype(dtype, "randn", "normal_kernel_cpu")
    shape = _new_shape(_RANDN_SIZE, size, kw, d)
    array = engine.randn(shape, d.np, _generator_for(where, generator))
    return _finish(array, requires_grad, where)


_RANDINT_SIGNATURES = (
    "(int high, tuple of ints size, *, torch.Generator generator, ...)",
    "(int low, int high, tuple of ints size, *, torch.Generator generator, ...)",
)


def _randint_bounds(bounds: list) -> tuple:
    """(low, high) from randint's one or two leading ints."""
    if len(bounds) == 1:
        return 0, parse_int(bounds[0], "randint", "high", 1)
    ints = tuple(as_int(b) for b in bounds)
    if len(ints) != 2 or None in ints:
        raise invalid_combination("randint", tuple(bounds), _RANDINT_SIGNATURES)
    if not all(-(2**63) <= i < 2**63 for i in ints):  # torch's bounds are int64
        raise ValueError("Overflow when unpacking long long")
    return ints


def _keyword_bounds(args: tuple, low, high) -> tuple:
    """randint's positional arguments with `low=` and `high=` in their places:
    randint(high=10, size=...), randint(2, high=10, size=...), randint(low=2, high=10, ...)."""
    if high is None or len(args) > (0 if low is not None else 1):
        given = {k: v for k, v in (("low", low), ("high", high)) if v is not None}
        raise invalid_combination("randint", args, _RANDINT_SIGNATURES, **given)
    return (*args, high) if low is None else (low, high)


def randint(
    *args, low=None, high=None, size=None, generator=None, dtype=None, device=None,
    requires_grad=False,
):  # fmt: skip
    """Integers in [low, high): `randint(high, size)` or `randint(low, high, size)`."""
    check_generator(generator, "randint", args, _RANDINT_SIGNATURES)
    if low is not None or high is not None:
        args = _keyword_bounds(args, low, high)
    where = tensor_device(device)
    keyword = size is not None
    if size is None:
        if len(args) < 2:
            raise invalid_combination("randint", args, _RANDINT_SIGNATURES)
        *bounds, size = args
    else:
        bounds = list(args)
    low, high = _randint_bounds(bounds)
    d = _dtype.parse(dtype, "randint") or _dtype.int64
    size_argument = SizeArgument("randint", position=len(bounds) + 1, sequence_only=True)
    shape = size_argument((size,), keyword=keyword)
    check_new_shape(shape, d.itemsize)
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    generator = _generator_for(where, generator)
    array = engine.randint(low, high, shape, d.np, generator)
    return _finish(array, requires_grad, where)


_RANDPERM = ("(int n, *, torch.Generator generator, ...)",)


def randperm(n: int, *, generator=None, dtype=None, device=None, requires_grad=False):
    """A random permutation of 0..n-1."""
    check_generator(generator, "randperm", (n,), _RANDPERM)
    where = tensor_device(device)
    try:
        n = parse_int(n, "randperm", "n", 1)
    except TypeError:
        if generator is None:
            raise
        # with a generator, torch tries its other signatures too, and names them all
        raise invalid_combination("randperm", (n,), _RANDPERM, generator=generator) from None
    d = _dtype.parse(dtype, "randperm") or _dtype.int64
    check_new_shape((n,), d.itemsize)
    return _finish(engine.randperm(n, d.np, _generator_for(where, generator)), requires_grad, where)


_NORMAL_SIZE = SizeArgument("normal", position=3, sequence_only=True)
_NORMAL_SIGNATURES = (
    "(Tensor mean, Tensor std, *, torch.Generator generator, ...)",
    "(float mean, float std, tuple of ints size, *, torch.Generator generator, ...)",
)


def normal(
    mean, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False
):
    """Normal numbers with the given mean and std, each a tensor or a number."""
    given = (mean, std) if size is None else (mean, std, size)
    check_generator(generator, "normal", given, _NORMAL_SIGNATURES)
    tensors = [x for x in (mean, std) if isinstance(x, Tensor)]
    where = common_device(tensors) if tensors else tensor_device(device)
    raw = [x._array if isinstance(x, Tensor) else x for x in (mean, std)]
    if size is not None:
        try:
            size = _NORMAL_SIZE((size,))
        except TypeError:
            raise invalid_combination("normal", (mean, std, size), _NORMAL_SIGNATURES) from None
        check_new_shape(size, 8)
    if not any(isinstance(x, np.ndarray) for x in raw):
        dtype = (_dtype.parse(dtype, "normal") or _dtype.get_default_dtype()).np
    elif all(isinstance(x, np.ndarray) for x in raw):
        broadcast_shape(raw[0].shape, raw[1].shape)  # torch's error where they do not
    generator = _generator_for(where, generator)
    draws = engine.normal(*raw, size=size, dtype=dtype, generator=generator)
    out = _finish(draws, requires_grad, where)
    return Normal.apply(mean, std, out) if _requires_grad(mean, std) else out


_BERNOULLI = (
    "(Tensor input, *, torch.Generator generator, ...)",
    "(Tensor input, float p, *, torch.Generator generator)",
)


def bernoulli(input, p=None, *, generator=None):
    """0/1 draws, each 1 with the probability given by `input` (or by the float `p`)."""
    check_generator(generator, "bernoulli", (input,) if p is None else (input, p), _BERNOULLI)
    require_tensors("bernoulli", input=input)
    where = input._device
    generator = _generator_for(where, generator)
    if p is None:
        out = _finish(engine.bernoulli(input._array, generator), False, where)
        return Bernoulli.apply(input, out) if input._requires_grad else out
    return _finish(engine.bernoulli_(np.empty_like(input._array), p, generator), False, where)


def multinomial(input, num_samples: int, replacement: bool = False, *, generator=None):
    """Indices drawn from each row of `input`, a tensor of (unnormalised) weights."""
    require_tensors("multinomial", input=input)
    check_generator(generator, "multinomial")
    num_samples = parse_int(num_samples, "multinomial", "num_samples", 2)
    generator = _generator_for(input._device, generator)
    draws = engine.multinomial(input._array, num_samples, replacement, generator)
    return _finish(draws, False, input._device)


def _like_options(input, dtype, device, requires_grad) -> dict:
    return {
        "dtype": dtype or input.dtype,
        "device": input._device if device is None else device,
        "requires_grad": requires_grad,
    }


_LIKE = ("(Tensor input, *, torch.Generator generator, ...)",)


def rand_like(input, *, generator=None, dtype=None, device=None, requires_grad=False, **_):
    check_generator(generator, "rand_like", (input,), _LIKE)
    require_tensors("rand_like", input=input)
    options = _like_options(input, dtype, device, requires_grad)
    return rand(input._array.shape, generator=generator, **options)


def randn_like(input, *, generator=None, dtype=None, device=None, requires_grad=False, **_):
    check_generator(generator, "randn_like", (input,), _LIKE)
    require_tensors("randn_like", input=input)
    options = _like_options(input, dtype, device, requires_grad)
    return randn(input._array.shape, generator=generator, **options)


_RANDINT_LIKE = (
    "(Tensor input, int low, int high, *, torch.Generator generator, ...)",
    "(Tensor input, int high, *, torch.Generator generator, ...)",
)


def randint_like(
    input, low=0, high=None, *, generator=None, dtype=None, device=None, requires_grad=False, **_
):
    given = (input, low) if high is None else (input, low, high)
    check_generator(generator, "randint_like", given, _RANDINT_LIKE)
    if high is None:
        low, high = 0, low
    options = _like_options(input, dtype, device, requires_grad)
    return randint(low, high, input._array.shape, generator=generator, **options)


# --- in place -----------------------------------------------------------------------------------


def _fill(self: Tensor, sampler, *args, generator=None, **kwargs) -> Tensor:
    check_generator(generator, sampler.__name__)  # the method's name: uniform_, normal_, ...
    views.check_inplace(self, False)
    sampler(self._array, *args, generator=_generator_for(self._device, generator), **kwargs)
    views.mark_changed(self)
    return self


def uniform_(self, from_=0.0, to=1.0, *, generator=None):
    """Fill with uniform numbers in [from_, to)."""
    return _fill(self, engine.uniform_, from_, to, generator=generator)


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    """Fill with normal numbers of the given mean and std."""
    return _fill(self, engine.normal_, mean, std, generator=generator)


RANDOM_SIGNATURES = (
    "(*, torch.Generator generator)",
    "(int from, int to, *, torch.Generator generator)",
    "(int to, *, torch.Generator generator)",
)


def random_(self, from_=None, to=None, *, generator=None):
    """Fill with integers: random_(to) is [0, to), random_(from_, to) is [from_, to)."""
    given = tuple(a for a in (from_, to) if a is not None)
    check_generator(generator, "random_", given, RANDOM_SIGNATURES)
    if from_ is not None and to is None:
        from_, to = 0, from_
    return _fill(self, engine.random_, from_, to, generator=generator)


_BERNOULLI_ = (
    "(Tensor p, *, torch.Generator generator)",
    "(float p = 0.5, *, torch.Generator generator)",
)


def bernoulli_(self, p=0.5, *, generator=None):
    """Fill with 0/1 draws, 1 with probability p (a float or a tensor)."""
    check_generator(generator, "bernoulli_", (p,), _BERNOULLI_)
    p = p._array if isinstance(p, Tensor) else p
    return _fill(self, engine.bernoulli_, p, generator=generator)


def exponential_(self, lambd=1.0, *, generator=None):
    return _fill(self, engine.exponential_, lambd, generator=generator)


def geometric_(self, p, *, generator=None):
    return _fill(self, engine.geometric_, p, generator=generator)
