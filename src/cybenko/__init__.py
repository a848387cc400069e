"""cybenko: deep learning from scratch on NumPy, with PyTorch's API.

    import cybenko as torch

runs course code written for PyTorch. Every op is a node with an explicit forward and
backward (see `cybenko.ops` and `cybenko.autograd`); this file only gathers the public names.
"""

import math as _math
import sys as _sys

from . import (
    _numpy_names,
    _tensor_methods,  # noqa: F401  (binds the ops as Tensor methods)
    autograd,
    cuda,
    distributions,
    linalg,
    nn,  # noqa: E402  (after the ops it builds on)
    nodes,
    optim,
    random,
    utils,
)
from ._device import device, get_default_device, set_default_device
from ._dtype import (
    bfloat16,
    dtype,
    float16,
    float32,
    float64,
    get_default_dtype,
    int8,
    int16,
    int32,
    int64,
    promote_types,
    set_default_dtype,
    uint8,
)
from ._dtype import (
    bool_ as bool,  # noqa: A004
)
from ._finfo import finfo, iinfo
from ._generator import Generator, default_generator, get_kernel_flavor, set_kernel_flavor
from ._removed import eig, lstsq, matrix_rank, solve, symeig
from ._runtime import (
    are_deterministic_algorithms_enabled,
    compile,  # noqa: A004
    is_deterministic_algorithms_warn_only_enabled,
    use_deterministic_algorithms,
)
from ._size import Size
from ._tensor import Tensor
from ._threads import get_num_threads, set_num_threads
from ._torch_linalg import cholesky, det, inverse, logdet, norm, pinverse, slogdet, svd
from .autograd import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .nn.functional import (  # activations torch also has at the top level
    celu,
    celu_,
    hardshrink,
    pixel_shuffle,
    pixel_unshuffle,
    prelu,
    relu_,
    rrelu,
    rrelu_,
    selu,
    selu_,
    threshold,
    threshold_,
)
from .ops._operands import can_cast, scalar_tensor
from .ops.arithmetic import (
    add,
    addcdiv,
    addcmul,
    div,
    float_power,
    floor_divide,
    fmod,
    lerp,
    mul,
    neg,
    negative,
    pow,  # noqa: A004
    reciprocal,
    remainder,
    rsub,
    square,
    sub,
    vdot,
)
from .ops.compare import (
    allclose,
    bitwise_and,
    bitwise_left_shift,
    bitwise_not,
    bitwise_or,
    bitwise_right_shift,
    bitwise_xor,
    eq,
    equal,
    ge,
    greater,
    greater_equal,
    gt,
    isclose,
    isfinite,
    isinf,
    isnan,
    le,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    lt,
    ne,
    not_equal,
)
from .ops.convert import clone
from .ops.counting import bincount, histc, searchsorted, unique, unique_consecutive
from .ops.creation import (
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    logspace,
    ones,
    ones_like,
    tensor,
    tril_indices,
    triu_indices,
    zeros,
    zeros_like,
)
from .ops.creation import (
    range_ as range,  # noqa: A004
)
from .ops.cumulative import cummax, cummin, cumprod, diff, logcumsumexp
from .ops.diagonal import diag, diag_embed, diagonal, trace, tril, triu
from .ops.distance import cdist, cosine_similarity, pairwise_distance, pdist
from .ops.einsum import einsum
from .ops.elementwise import (
    abs,  # noqa: A004
    acos,
    acosh,
    arccos,
    arccosh,
    arcsin,
    arcsinh,
    arctan,
    arctan2,
    arctanh,
    asin,
    asinh,
    atan,
    atan2,
    atanh,
    ceil,
    clamp,
    clamp_max,
    clamp_min,
    clip,
    copysign,
    cos,
    cosh,
    deg2rad,
    erf,
    erfc,
    erfinv,
    exp,
    exp2,
    expm1,
    floor,
    fmax,
    fmin,
    frac,
    heaviside,
    hypot,
    lgamma,
    log,
    log1p,
    log2,
    log10,
    logit,
    maximum,
    minimum,
    nan_to_num,
    nextafter,
    rad2deg,
    relu,
    round,  # noqa: A004
    rsqrt,
    sigmoid,
    sign,
    signbit,
    sin,
    sinc,
    sinh,
    sqrt,
    tan,
    tanh,
    trunc,
    where,
    xlogy,
)
from .ops.indexing import (
    index_add,
    index_copy,
    index_fill,
    index_put,
    masked_scatter,
    masked_select,
    put,
    take,
    take_along_dim,
)
from .ops.linalg import (
    addbmm,
    addmm,
    baddbmm,
    bmm,
    cross,
    dot,
    inner,
    kron,
    matmul,
    mm,
    mv,
    outer,
    tensordot,
)
from .ops.norms import dist, renorm
from .ops.reduce import (
    all,  # noqa: A004
    amax,
    amin,
    aminmax,
    any,  # noqa: A004
    argmax,
    argmin,
    argwhere,
    count_nonzero,
    cumsum,
    max,  # noqa: A004
    mean,
    min,  # noqa: A004
    nanmean,
    nansum,
    nonzero,
    prod,
    std,
    std_mean,
    sum,  # noqa: A004
    var,
    var_mean,
)
from .ops.sampling import (
    bernoulli,
    multinomial,
    normal,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
)
from .ops.shape import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    broadcast_shapes,
    broadcast_tensors,
    broadcast_to,
    cat,
    chunk,
    column_stack,
    concat,
    concatenate,
    dstack,
    flatten,
    flip,
    fliplr,
    flipud,
    gather,
    hstack,
    index_select,
    masked_fill,
    meshgrid,
    moveaxis,
    movedim,
    narrow,
    permute,
    ravel,
    repeat_interleave,
    reshape,
    roll,
    rot90,
    scatter,
    scatter_add,
    select,
    split,
    squeeze,
    stack,
    swapaxes,
    t,
    tensor_split,
    tile,
    transpose,
    unbind,
    unflatten,
    unsqueeze,
    vstack,
)
from .ops.softmax import log_softmax, logsumexp, softmax
from .ops.sorting import (
    argsort,
    kthvalue,
    median,
    mode,
    msort,
    nanmedian,
    nanquantile,
    quantile,
    sort,
    topk,
)
from .random import fork_rng, get_rng_state, initial_seed, manual_seed, seed, set_rng_state
from .serialization import load, save

float = float32  # noqa: A001
double = float64
long = int64
int = int32  # noqa: A001
half = float16
short = int16
true_divide = divide = div
multiply = mul
subtract = sub
absolute = abs
pi, e, inf, nan = _math.pi, _math.e, _math.inf, _math.nan
newaxis = None


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def is_floating_point(input) -> bool:
    return input.is_floating_point()


def numel(input) -> int:
    return input.numel()


def result_type(tensor1, tensor2):
    from ._dtype import result_type as _result_type

    return _result_type(tensor1, tensor2)


def set_printoptions(**options) -> None:
    """Change how tensors print (precision, threshold, edgeitems, linewidth, sci_mode)."""
    from ._printing import set_printoptions as _set

    _set(**options)


__version__ = "0.1.0"

# torch.sum(w, axis=(2, 3)) and keepdims=, as torch's parser allows
_numpy_names.apply_to(_sys.modules[__name__], "torch")
