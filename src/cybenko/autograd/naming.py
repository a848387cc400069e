"""The names torch gives the nodes of a graph, in one table, so that `grad_fn=<...>`,
`grad_fn.next_functions` and the lab's drawings show what torch shows.

A node is called `<ClassName>Backward0` unless the table below says otherwise: a fixed name, or
a function of the node where torch's name depends on the call (which overload ran, whether an
argument was a tensor, which dims were reduced). Those functions read only what the op keeps
for its own math and what `Function.apply` records for every node: `input_meta`, the
(shape, dtype) of each tensor input and None for a number. The ops never mention names.

To add an op: write its Function; add a line here only when torch's name is not the
class name followed by Backward0.
"""

from __future__ import annotations

from ..ops import (
    activation,
    adaptive_max_pool,
    arithmetic,
    conv,
    conv_transpose,
    counting,
    diagonal,
    einsum,
    elementwise,
    factorizations,
    fold,
    grid_sample,
    groupnorm,
    indexing,
    inplace,
    layers,
    linalg,
    loss,
    normalization,
    norms,
    padding,
    reduce,
    resample,
    sampling,
    shape,
    softmax,
    sorting,
)
from .function import AccumulateGrad, Function


def _is_tensor(node, position: int) -> bool:
    """Whether the node's input at `position` was a tensor (not a Python number)."""
    return node.input_meta[position] is not None


def _ndim(node, position: int) -> int:
    return len(node.input_meta[position][0])


def _linear(node) -> str:
    """F.linear runs as addmm (mm without a bias) on a matrix, and views around it otherwise."""
    ndim, has_bias = _ndim(node, 0), _is_tensor(node, 2)
    if ndim == 2:
        return "AddmmBackward0" if has_bias else "MmBackward0"
    if ndim == 1 and not has_bias:
        return "SqueezeBackward4"
    return "ViewBackward0" if has_bias else "UnsafeViewBackward0"


_MATMUL_NAMES = {
    (1, 1): "DotBackward0",
    (2, 1): "MvBackward0",
    (2, 2): "MmBackward0",
    (1, 2): "SqueezeBackward4",
}


def _matmul(node) -> str:
    """torch's matmul folds batches into mm, bmm or mv and views the result back."""
    ndims = _ndim(node, 0), _ndim(node, 1)
    if ndims[0] == 2 and ndims[1] > 2:
        return "CloneBackward0"
    return _MATMUL_NAMES.get(ndims, "UnsafeViewBackward0")


def _nll_loss(node) -> str:
    """torch runs inputs of more than 2 dims as 4-d images (viewing a 'none' result back)."""
    ndim = _ndim(node, 0)
    if ndim <= 2:
        return "NllLossBackward0"
    if ndim != 4 and node.reduction == "none":
        return "ViewBackward0"
    return "NllLoss2DBackward0"


_BASIC_INDEX_NAMES = {
    int: "SelectBackward0",
    slice: "SliceBackward0",
    type(None): "UnsqueezeBackward0",
}


def _index(node) -> str:
    """The node torch's indexing ends in: the last view it applies, going left to right
    (in a tuple, full slices and ... apply nothing; if nothing applies, an alias)."""
    key, dims = node.key, node.shape
    if not shape.is_basic(key):
        return "IndexBackward0"
    if not isinstance(key, tuple):
        return _BASIC_INDEX_NAMES.get(type(key), "AliasBackward0")
    name, dim = "AliasBackward0", 0
    for part in key:
        if part is Ellipsis:
            dim += len(dims) - sum(isinstance(p, (int, slice)) for p in key)
            continue
        if isinstance(part, slice) and part.indices(dims[dim]) == (0, dims[dim], 1):
            dim += 1
            continue
        name = _BASIC_INDEX_NAMES[type(part)]
        dim += part is not None
    return name


def _einsum(node) -> str:
    """torch's einsum ends in a sum or a permute for one operand, and in the view of a bmm
    (when some letter is summed) or in a mul for several."""
    summed = set("".join(node.inputs)) - set(node.output)
    if len(node.inputs) == 1:
        return "SumBackward1" if summed else "PermuteBackward0"
    return "ViewBackward0" if summed else "MulBackward0"


def _squeeze(node) -> str:
    """squeeze() is overload 0, squeeze(dim) 1, squeeze(dims) 2."""
    dim = node.dim
    overload = 0 if dim is None else 2 if isinstance(dim, tuple) else 1
    return f"SqueezeBackward{overload + 3 * node.in_place}"  # squeeze_ is overload 3, 4, 5


def _extreme(node) -> str:
    """max() and min() of every element are overload 1 of max/min; amax and amin their own."""
    if node.dims is None:
        return "MaxBackward1" if node.is_max else "MinBackward1"
    return "AmaxBackward0" if node.is_max else "AminBackward0"


def _xlogy(node) -> str:
    """xlogy's overloads: both tensors, a number for self (1), a number for other (2)."""
    if not _is_tensor(node, 0):
        return "XlogyBackward1"
    return "XlogyBackward0" if _is_tensor(node, 1) else "XlogyBackward2"


def _normal(node) -> str:
    """normal(Tensor mean, float std) is overload 1, (float, Tensor) 2, (Tensor, Tensor) 3."""
    return f"NormalBackward{_is_tensor(node, 0) + 2 * _is_tensor(node, 1)}"


def _clamp(node) -> str:
    """clamp with tensor bounds is overload 0, with numbers 1."""
    tensor_bounds = _is_tensor(node, 1) or _is_tensor(node, 2)
    return "ClampBackward0" if tensor_bounds else "ClampBackward1"


class TransposedWeight(Function):
    """The weight.t() node torch records inside F.linear. cybenko's Linear node multiplies by
    the transposed weight itself, so this node never runs; it only stands in the graph that
    `next_functions` shows, between the addmm/mm node and the weight."""

    def __init__(self, weight_edge):
        self._next = [weight_edge]


_RESAMPLE_NAMES = {
    ("nearest", 1): "UpsampleNearest1DBackward0",
    ("nearest", 2): "UpsampleNearest2DBackward0",
    ("nearest-exact", 1): "UpsampleNearestExact1DBackward0",
    ("nearest-exact", 2): "UpsampleNearestExact2DBackward0",
    ("linear", 1): "UpsampleLinear1DBackward0",
    ("bilinear", 2): "UpsampleBilinear2DBackward0",
}


NAMES = {
    AccumulateGrad: "AccumulateGrad",
    TransposedWeight: "TBackward0",
    # arithmetic
    arithmetic.RSub: lambda node: "RsubBackward0" if _is_tensor(node, 1) else "RsubBackward1",
    arithmetic.PowTensor: "PowBackward1",
    arithmetic.RPow: "PowBackward2",
    arithmetic.Remainder: lambda node: (
        "RemainderBackward1" if _is_tensor(node, 1) else "RemainderBackward0"
    ),
    arithmetic.RoundedDiv: "DivBackward2",
    arithmetic.ScalarDiv: "DivBackward1",
    arithmetic.NoDerivative: "torch::autograd::NotImplemented",
    arithmetic.Fmod: lambda node: "FmodBackward1" if _is_tensor(node, 1) else "FmodBackward0",
    arithmetic.Lerp: lambda node: "LerpBackward1" if _is_tensor(node, 2) else "LerpBackward0",
    elementwise.RoundDecimals: "RoundBackward1",
    elementwise.Xlogy: _xlogy,
    elementwise.Copysign: lambda node: (
        "CopysignBackward0" if _is_tensor(node, 1) else "CopysignBackward1"
    ),
    elementwise.Heaviside: "torch::autograd::NotImplemented",
    elementwise.AsinhInPlace: "AsinhBackward1",
    elementwise.AcoshInPlace: "AcoshBackward1",
    elementwise.AtanhInPlace: "AtanhBackward1",
    # elementwise functions and activations
    elementwise.Log1p: "Log1PBackward0",
    elementwise.Clamp: _clamp,
    sampling.Normal: _normal,
    elementwise.ClampMin: lambda node: (
        "ClampMinBackward1" if _is_tensor(node, 1) else "ClampMinBackward0"
    ),
    elementwise.ClampMax: lambda node: (
        "ClampMaxBackward1" if _is_tensor(node, 2) else "ClampMaxBackward0"
    ),
    # written into their input (F.elu(x, inplace=True)), these are nodes of their own in torch
    elementwise.LeakyRelu: lambda node: (
        "LeakyReluBackward1" if node.in_place else "LeakyReluBackward0"
    ),
    activation.Elu: lambda node: "EluBackward1" if node.in_place else "EluBackward0",
    activation.Celu: lambda node: "CeluBackward1" if node.in_place else "CeluBackward0",
    activation.Threshold: lambda node: (
        "ThresholdBackward1" if node.in_place else "ThresholdBackward0"
    ),
    activation.RreluWithNoise: lambda node: (
        "RreluWithNoiseBackward1" if node.in_place else "RreluWithNoiseBackward0"
    ),
    activation.Prelu: "PreluKernelBackward0",
    # reductions
    # (over every element: overload 0; over some dims: overload 1)
    reduce.Sum: lambda node: "SumBackward0" if node.dims is None else "SumBackward1",
    reduce.Mean: lambda node: "MeanBackward0" if node.dims is None else "MeanBackward1",
    reduce.Prod: lambda node: "ProdBackward0" if node.dim is None else "ProdBackward1",
    reduce.Extreme: _extreme,
    reduce.ExtremeAlongDim: lambda node: "MaxBackward0" if node.is_max else "MinBackward0",
    softmax.LogSumExp: "LogsumexpBackward0",
    # sorting, quantiles, unique, and reductions that give two results
    # (sort with stable= given is overload 1; quantile ends in an in-place squeeze in torch)
    sorting.Sort: lambda node: "SortBackward0" if node.stable is None else "SortBackward1",
    sorting.MedianAlongDim: "MedianBackward1",
    sorting.NanmedianAlongDim: "NanmedianBackward1",
    sorting.Quantile: "SqueezeBackward4",
    counting.Unique: "Unique2Backward0",
    counting.UniqueDim: "UniqueDimBackward0",
    reduce.VarOfVarMean: "VarMeanBackward0",
    reduce.MeanOfVarMean: "VarMeanBackward0",
    reduce.StdOfStdMean: "StdMeanBackward0",
    reduce.MeanOfStdMean: "StdMeanBackward0",
    reduce.AminmaxPart: "AminmaxBackward0",
    # shapes and indexing
    shape.Reshape: "UnsafeViewBackward0",
    shape.Resize: "ResizeBackward",  # torch's resize is a Python autograd Function: no 0
    shape.ResizedCopy: "ResizeBackward",
    shape.MatrixTranspose: lambda node: "TBackward1" if node.in_place else "TBackward0",
    shape.Transpose: lambda node: f"TransposeBackward{int(node.in_place)}",
    shape.Unsqueeze: lambda node: f"UnsqueezeBackward{int(node.in_place)}",
    shape.Squeeze: _squeeze,
    shape.Index: _index,
    shape.BasicIndex: _index,
    shape.IndexPut: lambda node: (
        "torch::autograd::CopySlices" if shape.is_basic(node.key) else "IndexPutBackward0"
    ),
    shape.Scatter: lambda node: "ScatterBackward0" if node.src_is_tensor else "ScatterBackward1",
    shape.MaskedFill: lambda node: (
        "MaskedFillBackward1" if _is_tensor(node, 2) else "MaskedFillBackward0"
    ),
    indexing.IndexPutAccumulate: "IndexPutBackward0",
    indexing.IndexFill: lambda node: f"IndexFillBackward{int(_is_tensor(node, 1))}",
    diagonal.DiagonalCopy: "DiagonalBackward0_copy",  # diag(matrix)
    diagonal.FillDiagonal: "torch::autograd::CopySlices",  # a fill through diagonal()
    # writing in place
    inplace.Fill: lambda node: "FillBackward3" if _is_tensor(node, 1) else "FillBackward2",
    inplace.Copy: "torch::autograd::CopyBackwards",
    # products, layers, convolution, losses
    linalg.MatMul: _matmul,
    einsum.Einsum: _einsum,
    linalg.Tensordot: "ViewBackward0",
    linalg.Cross: "LinalgCrossBackward0",
    linalg.Kron: "UnsafeViewBackward0",
    layers.Linear: _linear,
    layers.BatchNorm: "NativeBatchNormBackward0",
    groupnorm.GroupNorm: "NativeGroupNormBackward0",
    normalization.LayerNorm: "NativeLayerNormBackward0",
    conv.Conv2d: "ConvolutionBackward0",
    conv.MaxPool2d: "MaxPool2DWithIndicesBackward0",
    conv.AvgPool2d: "AvgPool2DBackward0",
    conv.AdaptiveAvgPool2d: "AdaptiveAvgPool2DBackward0",
    conv.Conv1d: "ConvolutionBackward0",
    conv_transpose.ConvTranspose1d: "ConvolutionBackward0",
    conv_transpose.ConvTranspose2d: "ConvolutionBackward0",
    adaptive_max_pool.AdaptiveMaxPool2d: "AdaptiveMaxPool2DBackward0",
    fold.Im2Col: "Im2ColBackward0",
    fold.Col2Im: "Col2ImBackward0",
    grid_sample.GridSampler2d: "GridSampler2DBackward0",
    grid_sample.AffineGridGenerator: "AffineGridGeneratorBackward0",
    resample.Resample: lambda node: _RESAMPLE_NAMES[node.mode, node.spatial],
    loss.NllLoss: _nll_loss,
    # padding: reflect and replicate name the number of padded dims; circular is written
    # into slices of a new tensor
    padding.ConstantPad: "ConstantPadNdBackward0",
    padding.ReflectionPad: lambda node: f"ReflectionPad{len(node.maps)}DBackward0",
    padding.ReplicationPad: lambda node: f"ReplicationPad{len(node.maps)}DBackward0",
    padding.CircularPad: "torch::autograd::CopySlices",
    # torch.linalg: each result of a factorization is a node of the one torch node
    norms.VectorNorm: "LinalgVectorNormBackward0",
    norms.Norm: "NormBackward1",
    factorizations.Inv: "LinalgInvExBackward0",
    factorizations.Det: "LinalgDetBackward0",
    factorizations.SlogdetFactor: "LinalgSlogdetBackward0",
    factorizations.Solve: "LinalgSolveExBackward0",
    factorizations.LstsqFactor: "LinalgLstsqBackward0",
    factorizations.SvdFactor: "LinalgSvdBackward0",
    factorizations.EighFactor: "LinalgEighBackward0",
    factorizations.QrFactor: "LinalgQrBackward0",
    factorizations.Cholesky: "LinalgCholeskyExBackward0",
    factorizations.LegacyCholesky: "CholeskyBackward0",
    factorizations.Pinv: "LinalgPinvBackward0",
}


def name(node) -> str:
    """The name torch gives `node` (shown as grad_fn=<...>)."""
    rule = NAMES.get(type(node))
    if rule is None:
        return f"{type(node).__name__}Backward0"
    return rule if type(rule) is str else rule(node)


# --- the edges a drawing shows ------------------------------------------------------------------


def next_functions(node) -> tuple:
    """((node, 0), ...) for each input, as torch shows the graph; None where no grad flows."""
    if type(node) is layers.Linear and _linear(node) in ("AddmmBackward0", "MmBackward0"):
        return _addmm_edges(node)
    return tuple((edge, 0) for edge in node._next)


def _addmm_edges(node) -> tuple:
    """addmm's edges: (bias,) input, and the weight through a TBackward0 node (made once per
    node, so repeated calls show the same graph)."""
    x_edge, w_edge, b_edge = node._next
    if "_transposed_weight" not in node.__dict__:
        node._transposed_weight = TransposedWeight(w_edge) if w_edge is not None else None
    weight = node._transposed_weight
    edges = (x_edge, weight) if b_edge is None else (b_edge, x_edge, weight)
    return tuple((edge, 0) for edge in edges)
