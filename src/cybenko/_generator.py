"""The random-number engine: PyTorch 2.13's CPU generator, reproduced bit for bit in NumPy.
(The ops that draw from it are `cybenko.ops.sampling`; seeding the default generator is
`cybenko.random`, as torch.random.)

A `Generator` is a Mersenne Twister (MT19937) seeded the way torch seeds it, and every sampler
here draws from it exactly as torch's CPU kernels do: the same number of 32-bit draws per
element, in the same order, turned into numbers by the same arithmetic. So after
`manual_seed(s)` a cybenko program and a torch program that make the same calls see the same
numbers, to the last bit, and can go on interleaving calls.

The samplers work on NumPy arrays; the tensor layer wraps them. Functions ending in `_` fill
an existing array in place, in the order torch visits its elements (memory order, which for a
C-contiguous array is the flat order); the others return a new array.

    >>> import numpy as np
    >>> from cybenko._generator import Generator, uniform_
    >>> g = Generator().manual_seed(43052)
    >>> w = uniform_(np.empty(1, np.float32), -1.0, 1.0, generator=g)
    >>> round(float(w[0]), 4)
    -0.3467

Kernel flavour
--------------
Torch compiles its CPU kernels several times and picks one at start-up from the processor
(override: the environment variable ATEN_CPU_CAPABILITY). Most results do not depend on it,
but a few floating-point ones differ in the last bits:

- "avx2" (the default here; torch uses it on every x86 processor since about 2013, and its
  AVX512 build behaves the same): `uniform_` computes `x*(b-a) + a` as one fused multiply-add,
  float32 `normal_` on 16 or more contiguous elements evaluates the Cephes single-precision
  polynomials of avx_mathfun.h with the fused multiply-adds the compiler formed, and the
  element-by-element normal path scales by `std` and adds `mean` in one fused step.
- "default" (no SIMD, e.g. ATEN_CPU_CAPABILITY=default): `x*(b-a) + a` is rounded twice, float32
  normals use the C library's logf/cosf/sinf (called one element at a time, so this flavour
  is slow for large float32 `normal_`), and the element-by-element normal path rounds twice.

Choose with `set_kernel_flavor("avx2" | "default")`; `get_kernel_flavor()` tells which is active.
In both flavours float64 normals, exponentials and geometrics use the C library's double log,
log1p, cos and sin (through Python's math module, which calls the same library).

Seeding: a new `Generator()` starts from torch's fixed seed 67280421310721, while
`default_generator` is seeded from the operating system at import, as torch 2.13 seeds its own.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np

from ._size import type_name

__all__ = [
    "Generator",
    "default_generator",
    "set_kernel_flavor",
    "get_kernel_flavor",
    "draw_seed",
    "rand",
    "uniform_",
    "randn",
    "normal_",
    "normal",
    "randint",
    "random_",
    "randperm",
    "bernoulli",
    "bernoulli_",
    "multinomial",
    "exponential_",
    "geometric_",
]

_f32, _f64 = np.float32, np.float64
_f16 = np.float16  # drawn in float32 (torch's opmath type for Half) and rounded once

# ---------------------------------------------------------------------------------------------
# Kernel flavour

_FLAVORS = ("avx2", "default")
_flavor = "avx2"


def set_kernel_flavor(name: str) -> None:
    """Reproduce torch's "avx2" (default) or "default" CPU kernels; see the module docstring."""
    global _flavor
    if name not in _FLAVORS:
        raise ValueError(f"kernel flavor must be one of {_FLAVORS}, got {name!r}")
    _flavor = name


def get_kernel_flavor() -> str:
    """The active kernel flavour: "avx2" or "default"."""
    return _flavor


# ---------------------------------------------------------------------------------------------
# Exact floating-point building blocks. A float32 product is exact in float64, and float64 has
# enough bits that one float32 add, multiply or square root done in float64 and rounded back
# is correctly rounded. A fused multiply-add is not, so it is built from error-free steps.


def _two_sum(a, b):
    """s, e with s = fl(a + b) and a + b = s + e exactly (Knuth)."""
    s = a + b
    bv = s - a
    return s, (a - (s - bv)) + (b - bv)


def _split(a):
    """hi, lo with a = hi + lo, each half of the significand (Veltkamp)."""
    c = a * 134217729.0  # 2**27 + 1
    hi = c - (c - a)
    return hi, a - hi


def _two_product(a, b):
    """p, e with p = fl(a * b) and a * b = p + e exactly (Dekker)."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _make_odd(s, e):
    """Round-to-odd of s + e, given s = fl(s + e): where the sum was inexact and s's last
    significand bit is 0, step s one unit towards e. Rounding the result to fewer bits is then
    the same as rounding the exact sum (the rounding-to-odd theorem)."""
    bits = s.view(np.int64)
    fix = (e != 0) & ((bits & 1) == 0)
    if not fix.any():
        return s
    step = np.where((e > 0) == (s > 0), 1, -1)
    return np.where(fix, bits + step, bits).view(_f64)


def _fma32(a, b, c):
    """float32 fused multiply-add (one rounding) of float32-valued inputs."""
    p = np.multiply(a, b, dtype=_f64)  # exact
    s, e = _two_sum(p, np.asarray(c, _f64))
    return _make_odd(s, e).astype(_f32)


_F32_HALFWAY = np.uint64(0x10000000)
_BELOW_F32 = np.uint64(0x1FFFFFFF)


def _fma32_normal(a, b, c):
    """`_fma32` for results that are normal float32 numbers (or zero), faster: the float64 sum
    of the exact product and c, rounded to float32, is only wrong when it landed exactly
    halfway between two float32 numbers; those rare elements are nudged towards the exact sum
    before the final rounding."""
    s = np.multiply(a, b, dtype=_f64)
    s += c
    halfway = (s.view(np.uint64) & _BELOW_F32) == _F32_HALFWAY
    if halfway.any():
        i = np.nonzero(halfway)[0]
        a_i, b_i, c_i = (np.broadcast_to(v, s.shape)[i] for v in (a, b, c))
        p = np.multiply(a_i, b_i, dtype=_f64)
        s[i] = _make_odd(*_two_sum(p, c_i.astype(_f64)))
    return s.astype(_f32)


def _fma64(a, b, c):
    """float64 fused multiply-add, correctly rounded (Boldo and Melquiond's emulation)."""
    a, b, c = np.broadcast_arrays(np.asarray(a, _f64), np.asarray(b, _f64), np.asarray(c, _f64))
    uh, ul = _two_product(a, b)
    th, tl = _two_sum(c, uh)
    v, w = _two_sum(tl, ul)
    return th + _make_odd(v, w)


def _fma(a, b, c, dtype):
    """fma(a, b, c) rounded once to dtype (float32 or float64); b and c are scalars."""
    if b == 1:  # a*1 is exact, so the fused result is the rounded sum
        return (np.asarray(a, dtype) + dtype.type(c)).astype(dtype)
    return _fma32(a, b, c) if dtype == _f32 else _fma64(a, b, c)


def _libm_map(name: str, values: np.ndarray) -> np.ndarray:
    """Apply a C-library function element by element: torch calls the system libm, whose
    results numpy's own vectorised log/sin/cos do not always equal (by one unit in the last
    place). Python's math module calls the same libm for doubles."""
    if values.dtype == _f64:
        return np.fromiter(map(getattr(math, name), values.tolist()), _f64, values.size)
    fn = _libm_float(name + "f")
    return np.fromiter(map(fn, values.tolist()), _f32, values.size)


_libm_cache: dict = {}


def _libm_float(name: str):
    if name not in _libm_cache:
        import ctypes
        import ctypes.util

        path = ctypes.util.find_library("m")
        if path is None:
            raise RuntimeError('the "default" kernel flavour needs the C math library (libm)')
        fn = getattr(ctypes.CDLL(path), name)
        fn.restype, fn.argtypes = ctypes.c_float, [ctypes.c_float]
        _libm_cache[name] = fn
    return _libm_cache[name]


# ---------------------------------------------------------------------------------------------
# The float32 log and sincos of avx_mathfun.h (Cephes polynomials), as torch's AVX2 normal
# kernel evaluates them: GCC fused each multiply feeding an add into one FMA.

_LOG_P = [_f32(v) for v in (7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1,
                            -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
                            2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1)]  # fmt: skip
_LOG_Q1, _LOG_Q2 = _f32(-2.12194440e-4), _f32(0.693359375)
_SQRT_HALF = _f32(0.707106781186547524)
_FOUR_OVER_PI = _f32(1.27323954473516)
_MINUS_DP = [_f32(-0.78515625), _f32(-2.4187564849853515625e-4), _f32(-3.77489497744594108e-8)]
_SIN_P = [_f32(-1.9515295891e-4), _f32(8.3321608736e-3), _f32(-1.6666654611e-1)]
_COS_P = [_f32(2.443315711809948e-5), _f32(-1.388731625493765e-3), _f32(4.166664568298827e-2)]
_HALF, _ONE = _f32(0.5), _f32(1.0)


def _log_cephes(x: np.ndarray) -> np.ndarray:
    """log of positive float32 x, as avx_mathfun.h's log256_ps with GCC's FMAs."""
    bits = np.maximum(x, _f32(1.1754944e-38)).view(np.uint32)
    e = ((bits >> 23).astype(np.int32) - 126).astype(_f32)  # exponent + 1
    m = ((bits & np.uint32(0x807FFFFF)) | np.uint32(0x3F000000)).view(_f32)  # in [0.5, 1)
    small = m < _SQRT_HALF
    e = e - small.astype(_f32)
    m = (m - _ONE) + np.where(small, m, _f32(0))  # 2m - 1 or m - 1
    z = m * m
    y = np.full_like(m, _LOG_P[0])
    for p in _LOG_P[1:]:
        y = _fma32_normal(y, m, p)
    y = _fma32_normal(y * m, z, e * _LOG_Q1)
    y = y - z * _HALF
    return _fma32_normal(e, _LOG_Q2, m + y)


def _sincos_cephes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """sin and cos of float32 x, as avx_mathfun.h's sincos256_ps with GCC's FMAs."""
    negative = np.signbit(x)
    x = np.abs(x)
    octant = ((x * _FOUR_OVER_PI).astype(np.int32) + 1) & ~1  # even octant nearest below
    y = octant.astype(_f32)
    for dp in _MINUS_DP:  # x - y*pi/4 in three exact-ish pieces
        x = _fma32_normal(y, dp, x)
    z = x * x
    cos_poly = _fma32_normal(_fma32_normal(_COS_P[0], z, _COS_P[1]), z, _COS_P[2]) * z
    cos_poly = _fma32_normal(cos_poly, z, -(z * _HALF)) + _ONE
    sin_poly = _fma32_normal(_fma32_normal(_SIN_P[0], z, _SIN_P[1]), z, _SIN_P[2]) * z
    sin_poly = _fma32_normal(sin_poly, x, x)
    use_sin_poly = (octant & 2) == 0
    s = np.where(use_sin_poly, sin_poly, cos_poly)
    c = np.where(use_sin_poly, cos_poly, sin_poly)
    s = np.where(negative ^ ((octant & 4) != 0), -s, s)
    c = np.where(((octant - 2) & 4) == 0, -c, c)
    return s, c


_TWO_PI = 2.0 * math.pi


def _box_muller_blocks(u: np.ndarray, mean, std) -> np.ndarray:
    """torch's normal_fill_16 on consecutive blocks of 16 uniforms: within a block, element j
    and j+8 (j < 8) become r*cos(t)*std + mean and r*sin(t)*std + mean, with
    r = sqrt(-2 log(1 - u[j])) and t = 2 pi u[j+8]."""
    dtype = u.dtype
    blocks = u.reshape(-1, 2, 8)
    u1 = (dtype.type(1) - blocks[:, 0]).reshape(-1)
    u2 = blocks[:, 1].reshape(-1)
    if dtype == _f32 and _flavor == "avx2":
        radius = np.sqrt(_f32(-2) * _log_cephes(u1))
        sin, cos = _sincos_cephes(_f32(_TWO_PI) * u2)
    elif dtype == _f32:
        radius = np.sqrt(_f32(-2) * _libm_map("log", u1))
        theta = (_TWO_PI * u2.astype(_f64)).astype(_f32)
        cos, sin = _libm_map("cos", theta), _libm_map("sin", theta)
    else:
        radius = np.sqrt(-2.0 * _libm_map("log", u1))
        theta = _TWO_PI * u2
        cos, sin = _libm_map("cos", theta), _libm_map("sin", theta)
    pairs = np.stack([(radius * cos).reshape(-1, 8), (radius * sin).reshape(-1, 8)], axis=1)
    return _fma(pairs.reshape(-1), dtype.type(std), dtype.type(mean), dtype)


# ---------------------------------------------------------------------------------------------
# Generator


_DEFAULT_SEED = 67280421310721
_STATE_SIZE = 5056
_MT_N = 624


def _mt_key(seed32: int) -> np.ndarray:
    """The MT19937 state that init_genrand(seed32), i.e. std::mt19937(seed32), produces."""
    key = [seed32]
    for i in range(1, _MT_N):
        prev = key[-1]
        key.append((1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF)
    return np.array(key, np.uint32)


class Generator:
    """A CPU random-number generator whose streams equal torch.Generator's.

    >>> from cybenko import Generator
    >>> g = Generator().manual_seed(0)
    >>> g.initial_seed()
    0
    """

    def __init__(self, device="cpu"):
        if str(device) not in ("cpu", "cpu:0"):
            raise RuntimeError(f"cybenko has only CPU generators, got device {device}")
        self.device = "cpu"
        self._mt = np.random.MT19937(0)
        self.manual_seed(_DEFAULT_SEED)

    # -- seeding and state --------------------------------------------------------------------

    def manual_seed(self, seed: int) -> Generator:
        """Seed with any integer in [-2**63, 2**64); negative seeds wrap like torch's uint64."""
        if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
            raise RuntimeError(f"manual_seed expected a long, but got {type_name(seed)}")
        seed = int(seed)
        if not -(2**63) <= seed < 2**64:
            raise ValueError("Overflow when unpacking long long")
        seed &= 2**64 - 1
        self._mt.state = {
            "bit_generator": "MT19937",
            "state": {"key": _mt_key(seed & 0xFFFFFFFF), "pos": _MT_N},
        }
        self._initial_seed = seed
        self._fresh = True  # torch marks a just-seeded engine apart in its state bytes
        self._normal = None  # the cached second value of a Box-Muller pair (double)
        self._float_normal = None  # torch keeps a float cache too; only carried in the state
        return self

    def seed(self) -> int:
        """Seed from the operating system's entropy, as torch does, and return the seed."""
        seed = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(seed)
        return seed

    def initial_seed(self) -> int:
        """The seed last given, as an unsigned 64-bit integer."""
        return self._initial_seed

    # How get_state hands out its bytes; the tensor layer makes it a uint8 tensor, as torch's.
    state_type = staticmethod(np.asarray)

    def get_state(self) -> np.ndarray:
        """The full state as 5056 uint8, laid out exactly like torch's CPU generator state."""
        state = np.zeros(_STATE_SIZE, np.uint8)
        mt = self._mt.state["state"]
        pos = int(mt["pos"])
        next_, left = (0, 1) if self._fresh else (pos, _MT_N + 1 - pos)
        state[0:8] = np.array([self._initial_seed], "<u8").view(np.uint8)
        state[8:16] = np.array([left, 1], "<i4").view(np.uint8)
        state[16:24] = np.array([next_], "<u8").view(np.uint8)
        state[24:5016] = mt["key"].astype("<u8").view(np.uint8)
        if self._normal is not None:
            state[5024:5032] = np.array([self._normal], "<f8").view(np.uint8)
            state[5040:5044] = np.array([1], "<i4").view(np.uint8)
        if self._float_normal is not None:
            state[5048:5052] = np.array([self._float_normal], "<f4").view(np.uint8)
            state[5052] = 1
        return self.state_type(state)

    def set_state(self, new_state) -> Generator:
        """Restore a state from `get_state` (or from torch's `Generator.get_state().numpy()`)."""
        state = np.asarray(new_state)
        if state.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        state = np.ascontiguousarray(state.reshape(-1))
        if state.size != _STATE_SIZE:
            raise RuntimeError(
                f"Expected a CPUGeneratorImplState of size {_STATE_SIZE} but found the input "
                f"RNG state size to be {state.size}"
            )
        seed = int(state[0:8].view("<u8")[0])
        left = int(state[8:12].view("<i4")[0])
        next_ = int(state[16:24].view("<u8")[0])
        if not (1 <= left <= _MT_N and next_ <= _MT_N):
            raise RuntimeError("The RNG state is invalid: its position is out of range")
        key = state[24:5016].view("<u8").astype(np.uint32)
        self._mt.state = {
            "bit_generator": "MT19937",
            "state": {"key": key, "pos": _MT_N if left == 1 else next_},
        }
        self._initial_seed = seed
        self._fresh = left == 1 and next_ == 0
        valid = int(state[5040:5044].view("<i4")[0])
        self._normal = float(state[5024:5032].view("<f8")[0]) if valid else None
        self._float_normal = float(state[5048:5052].view("<f4")[0]) if state[5052] else None
        return self

    # -- raw draws ----------------------------------------------------------------------------

    def _random(self, n: int) -> np.ndarray:
        """n raw 32-bit draws (torch's random()), as uint64."""
        if n <= 0:
            return np.empty(0, np.uint64)
        self._fresh = False
        return self._mt.random_raw(n)

    def _random64(self, n: int) -> np.ndarray:
        """n 64-bit draws (torch's random64()): two 32-bit draws, the first one high."""
        raw = self._random(2 * n)
        return (raw[0::2] << np.uint64(32)) | raw[1::2]

    def _uniform(self, n: int, dtype) -> np.ndarray:
        """n uniforms in [0, 1): 24 random bits for float32 (one draw), 53 for float64 (two)."""
        if np.dtype(dtype) == _f32:
            return (self._random(n) & np.uint64(0xFFFFFF)).astype(_f32) * _f32(2.0**-24)
        bits = self._random64(n) & np.uint64(2**53 - 1)
        return bits.astype(_f64) * 2.0**-53

    def _standard_normals(self, n: int) -> np.ndarray:
        """n standard normals by torch's element-by-element path (float64): each fresh pair of
        uniforms u1, u2 gives r*cos(2 pi u1), then r*sin(2 pi u1) from the cache, with
        r = sqrt(-2 log1p(-u2)). The cache survives between calls."""
        out = np.empty(n, _f64)
        start = 0
        if n and self._normal is not None:
            out[0], self._normal, start = self._normal, None, 1
        pairs = (n - start + 1) // 2
        if pairs:
            u = self._uniform(2 * pairs, _f64).reshape(pairs, 2)
            radius = np.sqrt(-2.0 * _libm_map("log1p", -u[:, 1]))
            theta = _TWO_PI * u[:, 0]
            values = np.stack(
                [radius * _libm_map("cos", theta), radius * _libm_map("sin", theta)], 1
            )
            values = values.reshape(-1)
            out[start:] = values[: n - start]
            if (n - start) % 2:
                self._normal = float(values[-1])
        return out


default_generator = Generator()
default_generator.seed()  # torch 2.13 seeds its default generator from the OS at start-up


def _gen(generator: Generator | None) -> Generator:
    return default_generator if generator is None else generator


def draw_seed(generator: Generator | None = None) -> int:
    """A fresh non-negative 63-bit seed drawn from `generator`, as torch's DataLoader and
    RandomSampler draw one (`torch.empty((), dtype=torch.int64).random_()`)."""
    return int(_gen(generator)._random64(1)[0]) & (2**63 - 1)


# ---------------------------------------------------------------------------------------------
# Helpers shared by the samplers

# dtype names as torch's messages print them: ScalarType names, and C type names
_TORCH_NAME = dict(float32="Float", float64="Double", float16="Half", int64="Long", int32="Int",
                   int16="Short", int8="Char", uint8="Byte", bool="Bool")  # fmt: skip
_C_NAME = dict(int64="long int", int32="int", int16="short int", int8="signed char",
               uint8="unsigned char", bool="bool", float32="float", float64="double",
               float16="c10::Half")  # fmt: skip


def _dtype(dtype) -> np.dtype:
    """A NumPy dtype from a NumPy dtype-like or a cybenko dtype (which carries `.np`)."""
    return np.dtype(getattr(dtype, "np", dtype))


def _torch_name(dtype: np.dtype) -> str:
    return _TORCH_NAME.get(dtype.name, dtype.name)


def _not_implemented(kernel: str, dtype: np.dtype):
    return NotImplementedError(f"\"{kernel}\" not implemented for '{_torch_name(dtype)}'")


def _require_float(arr: np.ndarray, kernel: str) -> None:
    if arr.dtype not in (_f32, _f64, _f16):
        raise _not_implemented(kernel, arr.dtype)


def _shape(shape) -> tuple:
    return (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape)


def _fill_order(arr: np.ndarray) -> np.ndarray:
    """A view of `arr` whose C order is the order torch's TensorIterator visits it: outermost
    axis the one with the largest stride (flat order for a C-contiguous array)."""
    if arr.ndim < 2 or arr.flags.c_contiguous:
        return arr
    order = sorted(range(arr.ndim), key=lambda d: -abs(arr.strides[d]))
    return arr.transpose(order)


def _write(arr: np.ndarray, values: np.ndarray) -> np.ndarray:
    view = _fill_order(arr)
    view[...] = values.reshape(view.shape)
    return arr


def _read(arr: np.ndarray, like: np.ndarray) -> np.ndarray:
    """`arr` broadcast to `like`'s shape, flattened in `like`'s fill order."""
    arr = np.broadcast_to(arr, like.shape)
    if like.ndim >= 2 and not like.flags.c_contiguous:
        arr = arr.transpose(sorted(range(like.ndim), key=lambda d: -abs(like.strides[d])))
    return arr.reshape(-1)


def _empty_like(a: np.ndarray, dtype) -> np.ndarray:
    """torch.empty_like: the same memory layout when `a` is dense (maybe permuted), else C order."""
    if a.ndim >= 2 and not a.flags.c_contiguous:
        order = sorted(range(a.ndim), key=lambda d: -abs(a.strides[d]))
        if a.transpose(order).flags.c_contiguous:
            return np.empty([a.shape[d] for d in order], dtype).transpose(np.argsort(order))
    return np.empty(a.shape, dtype)


# ---------------------------------------------------------------------------------------------
# Uniform


def uniform_(arr: np.ndarray, a: float = 0.0, b: float = 1.0, generator=None) -> np.ndarray:
    """Fill a float array with U[a, b): `x*(b-a) + a` for x uniform in [0, 1) (24 random bits,
    one draw, for float32; 53 bits, two draws, for float64); a result equal to b becomes a."""
    _require_float(arr, "check_uniform_bounds")
    a, b = float(a), float(b)
    info = np.finfo(arr.dtype)
    for value, name in ((a, "from"), (b, "to")):
        if not float(info.min) <= value <= float(info.max):
            raise RuntimeError(f"{name} is out of bounds for {_C_NAME[arr.dtype.name]}")
    if not a <= b:
        raise RuntimeError(
            f"uniform_ expects to return a [from, to) range, but found from={a:g} > to={b:g}"
        )
    if b - a > float(info.max):
        raise RuntimeError(
            f"uniform_ expects to-from <= std::numeric_limits<{_torch_name(arr.dtype)}>::max(), "
            f"but found to={b:g} and from={a:g} which result in to-from to exceed the limit"
        )
    wide = np.dtype(_f32) if arr.dtype == _f16 else arr.dtype
    x = _gen(generator)._uniform(arr.size, wide)
    lo, hi = wide.type(a), wide.type(b)
    width = hi - lo
    if _flavor == "avx2":
        values = _fma(x, width, lo, wide)
    else:
        values = x * width + lo
    values = values.astype(arr.dtype)  # float16: rounded from float32, then checked
    lo, hi = arr.dtype.type(a), arr.dtype.type(b)
    return _write(arr, np.where(values == hi, lo, values))


def rand(shape, dtype=_f32, generator=None) -> np.ndarray:
    """A new array of U[0, 1) numbers: torch.rand."""
    return uniform_(np.empty(_shape(shape), _dtype(dtype)), 0.0, 1.0, generator)


# ---------------------------------------------------------------------------------------------
# Normal


def normal_(arr: np.ndarray, mean: float = 0.0, std: float = 1.0, generator=None) -> np.ndarray:
    """Fill a float array with N(mean, std^2) numbers, by torch's two CPU paths.

    With 16 or more elements in a contiguous array: draw one uniform per element, turn each
    block of 16 into 16 normals by Box-Muller, and if the size is not a multiple of 16 draw 16
    fresh uniforms and recompute the last 16 elements. Otherwise, element by element in double
    precision with a cached second value (see `Generator._standard_normals`)."""
    _require_float(arr, "normal_kernel_cpu")
    mean, std = float(mean), float(std)
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    gen, n, dtype = _gen(generator), arr.size, arr.dtype
    if n >= 16 and arr.flags.c_contiguous:
        flat = arr.reshape(-1)
        whole = n - n % 16
        # float16 runs float32's blocks, drawing only the uniforms of whole blocks before
        # the last 16 (float32 draws one per element, the tail's included, then 16 more)
        wide = np.dtype(_f32) if dtype == _f16 else dtype
        u = gen._uniform(whole if dtype == _f16 else n, wide)
        flat[:whole] = _box_muller_blocks(u[:whole], mean, std)
        if n % 16:
            flat[n - 16 :] = _box_muller_blocks(gen._uniform(16, wide), mean, std)
        return arr
    z = gen._standard_normals(n)
    if _flavor == "avx2":
        values = _fma64(z, std, mean)
    else:
        values = z * std + mean
    return _write(arr, values.astype(dtype))


def randn(shape, dtype=_f32, generator=None) -> np.ndarray:
    """A new array of standard normal numbers: torch.randn."""
    return normal_(np.empty(_shape(shape), _dtype(dtype)), 0.0, 1.0, generator)


def normal(mean, std, size=None, dtype=None, generator=None) -> np.ndarray:
    """torch.normal: `mean` and `std` each an array or a float.

    Array forms draw standard normals (or N(0, std^2) when only `mean` is an array) into a
    fresh contiguous array, then scale by `std` and add `mean` as two separate steps, as torch
    does. The result has `mean`'s dtype (or `std`'s when only `std` is an array). With two
    floats, `size` is required and the result is `normal_` of a new array of `dtype`."""
    mean_is_array, std_is_array = isinstance(mean, np.ndarray), isinstance(std, np.ndarray)
    if not mean_is_array and not std_is_array:
        if size is None:
            raise TypeError("normal() with float mean and std needs a size")
        out = np.empty(_shape(size), _f32 if dtype is None else _dtype(dtype))
        return normal_(out, mean, std, generator)
    if std_is_array:
        if std.size and not (std >= 0).all():
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif not float(std) >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {float(std):g}")
    if mean_is_array and not std_is_array:
        out = normal_(np.empty(mean.shape, mean.dtype), 0.0, std, generator)
        return np.add(out, mean, out=out, casting="unsafe")
    if mean_is_array:
        out = np.empty(np.broadcast_shapes(mean.shape, std.shape), mean.dtype)
    else:
        out = np.empty(std.shape, std.dtype)
        mean = out.dtype.type(mean) if out.dtype.kind == "f" else mean
    out = normal_(out, 0.0, 1.0, generator)
    np.multiply(out, std, out=out, casting="unsafe")
    return np.add(out, mean, out=out, casting="unsafe")


# ---------------------------------------------------------------------------------------------
# Integers


def _float_digits(dtype: np.dtype) -> int:
    return np.finfo(dtype).nmant + 1


def _update_from(low: int, dtype) -> int:
    """Raise `low` to the next value the float dtype represents exactly (torch's update_from)."""
    as_float = int(np.array(low + 1).astype(dtype).astype(np.float64).astype(np.int64))
    if as_float < low:
        n = abs(low + 1).bit_length() - 1
        low = as_float + (1 << (n - _float_digits(dtype) + 1))
    return low


def _update_to(high: int, dtype) -> int:
    """Lower `high` to a value the float dtype represents exactly (torch's update_to)."""
    as_float = int(np.array(high - 1).astype(dtype).astype(np.float64).astype(np.int64))
    if as_float >= high:
        n = abs(high - 1).bit_length() - 1
        high = as_float - (1 << (n - _float_digits(dtype) + 1))
    return high


def _check_in_range(low: int, high_inclusive: int, dtype: np.dtype) -> None:
    if dtype.kind == "f":
        limit = float(np.finfo(dtype).max)
        for value, name in ((low, "from"), (high_inclusive, "to - 1")):
            if not -limit <= value <= limit:
                raise RuntimeError(f"{name} is out of bounds for {_C_NAME[dtype.name]}")
        digits = _float_digits(dtype)
        for value, name in ((low, "from"), (high_inclusive, "to - 1")):
            if not -(2**digits) <= value <= 2**digits:
                warnings.warn(
                    f"{name} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision "
                    f"limitations {_C_NAME[dtype.name]} can support discrete uniform "
                    "distribution only within this range. This warning will become an error "
                    "in version 1.7 release, please fix the code in advance",
                    UserWarning,
                    stacklevel=4,
                )
        return
    info = (0, 1) if dtype == np.bool_ else (int(np.iinfo(dtype).min), int(np.iinfo(dtype).max))
    for value, name in ((low, "from"), (high_inclusive, "to - 1")):
        if not info[0] <= value <= info[1]:
            raise RuntimeError(f"{name} is out of bounds for {_C_NAME[dtype.name]}")


def _cast_int64(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """static_cast from int64 to the element type (bits kept for integers, != 0 for bool)."""
    if dtype == np.bool_:
        return values != 0
    return values.astype(dtype)


def _from_range(gen: Generator, n: int, span: int, low: int) -> np.ndarray:
    """torch's uniform_int_from_to: draw % span + low, computed in wrapping 64-bit unsigned
    arithmetic; one 32-bit draw per element when span < 2**28, else one 64-bit draw."""
    draws = gen._random(n) if span < 2**28 else gen._random64(n)
    return (draws % np.uint64(span) + np.uint64(low % 2**64)).view(np.int64)


def random_(arr: np.ndarray, from_=None, to=None, generator=None) -> np.ndarray:
    """Fill with random integers, as torch's Tensor.random_ in its three forms:

    - `random_(arr)`: uniform over [0, 2**m] for the dtype's mantissa (floats) or over
      [0, max] (integers): int64 and float64 take a 64-bit draw, the others a 32-bit one;
    - `random_(arr, from_, to)`: uniform over [from_, to) (torch's `random_(to)` is
      `random_(arr, 0, to)`);
    - `random_(arr, from_, None)`: uniform over [from_, max], max as in the first form."""
    gen, dtype, n = _gen(generator), arr.dtype, arr.size
    if dtype.name not in _C_NAME:
        raise _not_implemented("random_", dtype)
    if from_ is None and to is None:
        if dtype == np.bool_:
            return _write(arr, (gen._random(n) & np.uint64(1)).astype(np.bool_))
        if dtype == _f64 or dtype == np.int64:
            modulus = 2**53 + 1 if dtype == _f64 else 2**63
            values = gen._random64(n) % np.uint64(modulus)
        else:
            digits = dtype.kind == "f" and _float_digits(dtype)
            modulus = 2**digits + 1 if digits else int(np.iinfo(dtype).max) + 1
            values = gen._random(n) % np.uint64(modulus)
        return _write(arr, values.astype(dtype))
    low = 0 if from_ is None else int(from_)
    if to is not None:
        high = int(to)
        if not low < high:
            raise RuntimeError(
                f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
            )
        if dtype.kind == "f":
            low, high = _update_from(low, dtype), _update_to(high, dtype)
            if not low < high:
                raise RuntimeError(
                    "random_ expects 'from' casted to dtype to be less than 'to' casted to "
                    f"dtype, but got from={low} >= to={high}"
                )
        _check_in_range(low, high - 1, dtype)
        span = high - low
    elif low != -(2**63):
        if dtype.kind == "f":
            high_inclusive = 2 ** _float_digits(dtype)
            low = _update_from(low, dtype)
            if not low < high_inclusive:
                raise RuntimeError(
                    "random_ expects 'from' casted to dtype to be less than or equal to "
                    f"'to_inc' casted to dtype, but got from={low} > to_inc={high_inclusive}"
                )
        else:
            high_inclusive = 1 if dtype == np.bool_ else int(np.iinfo(dtype).max)
        _check_in_range(low, high_inclusive, dtype)
        span = high_inclusive - low + 1
    else:  # the whole int64 range: one 64-bit draw, reinterpreted as signed
        if dtype not in (np.int64, _f32, _f64):
            raise _not_implemented("random_full_64_bits_range_kernel_cpu", dtype)
        return _write(arr, gen._random64(n).view(np.int64).astype(dtype))
    return _write(arr, _cast_int64(_from_range(gen, n, span, low), dtype))


def randint(low: int, high: int, shape, dtype=np.int64, generator=None) -> np.ndarray:
    """A new array of integers uniform over [low, high): torch.randint."""
    return random_(np.empty(_shape(shape), _dtype(dtype)), low, high, generator)


# ---------------------------------------------------------------------------------------------
# Permutations


def _chain_roots(parent: np.ndarray) -> np.ndarray:
    """For a forest given by parent pointers (-1 at the roots, parent < child), the root of
    each node, by pointer jumping."""
    index = np.arange(parent.size)
    up = np.where(parent < 0, index, parent)
    while True:
        nxt = up[up]
        if np.array_equal(nxt, up):
            return up
        up = nxt


def _group_links(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For integer keys in [0, n): previous[i], the largest k < i with keys[k] == keys[i]
    (-1 if none), and last[v], the largest k with keys[k] == v (-1 if none)."""
    order = np.argsort(keys, kind="stable")  # by key, then by index
    sorted_keys = keys[order]
    same = sorted_keys[1:] == sorted_keys[:-1]
    previous = np.full(keys.size, -1, np.int64)
    previous[order[1:][same]] = order[:-1][same]
    ends = np.append(~same, True)
    last = np.full(keys.size + 1, -1, np.int64)
    last[sorted_keys[ends]] = order[ends]
    return previous, last


def _fisher_yates(offsets: np.ndarray, n: int) -> np.ndarray:
    """The permutation left by `for i in range(n-1): swap(a[i], a[i + offsets[i]])` on
    a = arange(n), without the loop. Position i is final after step i and receives what
    position j_i = i + offsets[i] held just before; that is j_i itself unless an earlier step
    k targeted j_i too, in which case the latest such k left there what position k held
    before step k. Those 'what position k held' values form chains, resolved by pointer
    jumping."""
    target = np.arange(n - 1, dtype=np.int64) + offsets.astype(np.int64)
    previous, last_hit = _group_links(target)
    last_hit = last_hit[:n]
    # held[p]: what position p holds just before step p (p = n-1: at the end).
    self_hit = (last_hit >= 0) & (last_hit == np.arange(n))
    parent = last_hit.copy()
    parent[self_hit] = previous[last_hit[self_hit]]  # exclude step p itself
    held = _chain_roots(parent)
    out = np.empty(n, np.int64)
    out[:-1] = np.where(previous >= 0, held[np.maximum(previous, 0)], target)
    out[-1] = held[n - 1]
    return out


def _inside_out(draws: np.ndarray, n: int) -> np.ndarray:
    """The permutation of torch's large-n randperm: for i in range(n), z = draws[i] % (i+1),
    a[i] = a[z], a[z] = i, without the loop. Position p ends holding the last step that chose
    z = p if any; otherwise what step p copied, which is the last earlier step that chose the
    same z, or (if none) what step z copied, and so on."""
    z = (draws % np.arange(1, n + 1, dtype=np.uint64)).astype(np.int64)
    previous, last_choice = _group_links(z)
    last_choice = last_choice[:n]
    # copied[p]: the value step p copies into position p.
    parent = np.where(previous >= 0, -1, z)
    parent[parent == np.arange(n)] = -1
    root = _chain_roots(parent)
    copied = np.where(previous[root] >= 0, previous[root], root)
    return np.where(last_choice >= 0, last_choice, copied)


_C_INT_NAME = dict(int32="int", int16="int16_t", int8="int8_t", uint8="uint8_t")
_RANDPERM_LOOP_LIMIT = 0xFFFFFFFF // 20  # below it torch uses 32-bit draws, forward


def randperm(n: int, dtype=np.int64, generator=None) -> np.ndarray:
    """A random permutation of 0..n-1: torch.randperm. Below 214748364 it is the forward
    Fisher-Yates shuffle with `random() % (n-i)`; above, the inside-out one with 64-bit draws."""
    n, dtype = int(n), _dtype(dtype)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    if dtype == np.bool_ or dtype.name not in _C_NAME:
        raise _not_implemented("randperm", dtype)
    if dtype.kind == "f":
        digits = _float_digits(dtype)
        if n > 2**digits + 1:
            raise RuntimeError(
                f"n cannot be greater than 2^{digits}+1 for {_torch_name(dtype)} type."
            )
    elif n > 0 and n - 1 > np.iinfo(dtype).max:
        raise RuntimeError(
            f"value cannot be converted to type {_C_INT_NAME[dtype.name]} without overflow"
        )
    gen = _gen(generator)
    if n < 2:
        return np.arange(n, dtype=dtype)
    if n < _RANDPERM_LOOP_LIMIT:
        offsets = gen._random(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)
        perm = _fisher_yates(offsets, n)
    else:
        perm = _inside_out(gen._random64(n), n)
    return perm.astype(dtype)


# ---------------------------------------------------------------------------------------------
# Bernoulli, exponential, geometric, multinomial


def bernoulli(p: np.ndarray, generator=None) -> np.ndarray:
    """0/1 draws with probabilities `p` (float32 or float64), in p's dtype: torch.bernoulli.
    A float32 p is compared with a 24-bit uniform (one draw), a float64 p with a 53-bit one."""
    p = np.asarray(p)
    if p.dtype not in (_f32, _f64):
        raise _not_implemented("bernoulli_tensor_cpu_p_", p.dtype)
    return bernoulli_(np.empty(p.shape, p.dtype), p, generator)  # C order, as torch


def bernoulli_(arr: np.ndarray, p=0.5, generator=None) -> np.ndarray:
    """Fill with 0/1 draws: `uniform < p`. A float p uses 53-bit uniforms (two draws per
    element); an array p (broadcast to arr) uses its own dtype's uniforms, as `bernoulli`."""
    gen = _gen(generator)
    if isinstance(p, np.ndarray):
        if p.dtype not in (_f32, _f64):
            raise _not_implemented("bernoulli_tensor_cpu_p_", p.dtype)
        if p.size and not ((p >= 0) & (p <= 1)).all():
            raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.")
        probs = _read(p, arr)
        hits = gen._uniform(arr.size, p.dtype) < probs
    else:
        p = float(p)
        if not 0.0 <= p <= 1.0:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p:g}")
        hits = gen._uniform(arr.size, _f64) < p
    return _write(arr, hits.astype(arr.dtype))


def exponential_(arr: np.ndarray, lambd: float = 1.0, generator=None) -> np.ndarray:
    """Fill with Exp(lambd) numbers: `-1/lambd * log1p(-u)` in double, u a 53-bit uniform."""
    lambd = float(lambd)
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd:g}")
    if arr.dtype not in (_f32, _f64):
        raise RuntimeError(
            "Exponential distribution is a continuous probability distribution. dtype must be "
            f"a floating point but you specified {_torch_name(arr.dtype)}"
        )
    u = _gen(generator)._uniform(arr.size, _f64)
    return _write(arr, ((-1.0 / lambd) * _libm_map("log1p", -u)).astype(arr.dtype))


def geometric_(arr: np.ndarray, p: float, generator=None) -> np.ndarray:
    """Fill with Geometric(p) counts (trials up to the first success, from 1):
    `ceil(log(u) / log1p(-p))` in double, u a 53-bit uniform."""
    p = float(p)
    if not 0.0 < p < 1.0:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p:g}")
    if arr.dtype == np.bool_ or arr.dtype.name not in _C_NAME:
        raise _not_implemented("geometric_cpu", arr.dtype)
    u = _gen(generator)._uniform(arr.size, _f64)
    zero = u == 0.0
    logs = _libm_map("log", np.where(zero, 1.0, u))
    logs[zero] = -math.inf
    with np.errstate(invalid="ignore"):
        return _write(arr, np.ceil(logs / math.log1p(-p)).astype(arr.dtype))


def multinomial(probs: np.ndarray, num_samples: int, replacement: bool = False,
                generator=None) -> np.ndarray:  # fmt: skip
    """Indices drawn from the rows of `probs` (1-D or 2-D, float; weights need not sum to 1),
    int64: torch.multinomial.

    Without replacement (or for one sample) it is the exponential trick torch uses:
    q ~ Exp(1) in probs' dtype, and the indices of the largest probs/q. With replacement, per
    row: normalised cumulative sums, then for each sample a 53-bit uniform u and the first
    index whose cumulative sum is >= u.

    One known difference: without replacement, when more samples are asked for than a row has
    non-zero weights, the zero-weight indices come here in index order, while torch's topk
    orders those ties in its own way."""
    probs = np.asarray(probs)
    num_samples = int(num_samples)
    if probs.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if probs.dtype.kind != "f":
        raise RuntimeError(
            "multinomial only supports floating-point dtypes for input, got: "
            + _torch_name(probs.dtype)
        )
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    categories = probs.shape[-1]
    if not replacement and num_samples > categories:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    if categories > 2**24:
        raise RuntimeError("number of categories cannot exceed 2^24")
    shape = (num_samples,) if probs.ndim == 1 else (probs.shape[0], num_samples)
    if 0 in shape:
        return np.empty(shape, np.int64)
    gen = _gen(generator)
    rows = probs.reshape(-1, categories)
    if not replacement or num_samples == 1:
        if not (probs.max() < np.inf and probs.min() >= 0):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if (rows.sum(axis=1) == 0).any():
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        q = exponential_(_empty_like(probs, probs.dtype), 1.0, gen)
        keys = (probs / q).reshape(-1, categories)
        if num_samples == 1:
            picks = np.argmax(keys, axis=1)[:, None]
        else:
            picks = np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
        return picks.reshape(shape).astype(np.int64)
    out = np.empty((rows.shape[0], num_samples), np.int64)
    for i, row in enumerate(rows):
        bad = np.nonzero(~((row >= 0) & np.isfinite(row)))[0]
        if bad.size:
            kind = "< 0" if not row[bad[0]] >= 0 else "= infinity or NaN"
            raise RuntimeError(
                f"invalid multinomial distribution (encountering probability entry {kind})"
            )
        cumulative = np.cumsum(row, dtype=row.dtype)  # sequential, in the row's dtype
        if not cumulative[-1] > 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        cumulative /= cumulative[-1]
        cumulative[-1] = 1
        u = gen._uniform(num_samples, _f64)
        out[i] = np.searchsorted(cumulative.astype(_f64), u, side="left")
    return out.reshape(shape)
