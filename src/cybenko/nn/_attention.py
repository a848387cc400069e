"""Attention, composed from matmul, softmax and dropout as torch's reference ("math") path
composes it: F.scaled_dot_product_attention and F.multi_head_attention_forward.

torch's CPU kernel for scaled_dot_product_attention is a fused flash-attention kernel when no
dropout is asked for; its numbers differ from these by rounding only.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _warnings
from .._tensor import Tensor, _wrap
from ..ops.creation import zeros, zeros_like
from ..ops.linalg import bmm, matmul
from ..ops.shape import cat
from ..ops.softmax import softmax
from .functional import dropout, linear

_TYPE_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "bool": "bool"}


def _type(t: Tensor) -> str:
    return _TYPE_NAMES.get(t._array.dtype.name, t._array.dtype.name)


def _check_attention_inputs(query, key, value, attn_mask) -> None:
    """torch's checks of sdpa's inputs, in its words."""
    dtypes = {t._array.dtype for t in (query, key, value)}
    if len(dtypes) > 1:
        raise RuntimeError(
            "Expected query, key, and value to have the same dtype, but got query.dtype: "
            f"{_type(query)} key.dtype: {_type(key)} and value.dtype: {_type(value)} instead."
        )
    if min(query.dim(), key.dim(), value.dim()) < 2:
        raise RuntimeError(
            "Expected query, key, and value to all be  at least 2 dimensional, but got "
            f"query.dim: {query.dim()} key.dim: {key.dim()} and value.dim: {value.dim()} instead."
        )
    if query._array.dtype.kind != "f":
        raise RuntimeError(f"expected scalar type Float but found {query.dtype._torch_name}")
    if attn_mask is not None:
        kind = attn_mask._array.dtype
        if kind != np.bool_ and kind != query._array.dtype:
            raise RuntimeError(
                "Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                f"attn_mask.dtype: {_type(attn_mask)} and  query.dtype: {_type(query)} instead."
            )


def _additive(mask: np.ndarray, dtype) -> Tensor:
    """A bool mask (True: attend) as the float mask added to the scores: 0 or -inf."""
    return _wrap(np.where(mask, dtype.type(0), dtype.type(-np.inf)))


def _safe_softmax(scores: Tensor) -> Tensor:
    """softmax over the last dim, with 0 (not nan) in rows where every score is -inf: a query
    that may attend to nothing gets no weights (and no gradient), as in torch."""
    dead = np.all(scores._array == -np.inf, axis=-1, keepdims=True)
    if not dead.any():
        return softmax(scores, -1)
    dead = _wrap(dead)
    return softmax(scores.masked_fill(dead, 0.0), -1).masked_fill(dead, 0.0)


def scaled_dot_product_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    attn_mask: Tensor | None = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    enable_gqa: bool = False,
) -> Tensor:
    """softmax(Q K^T * scale + mask) V over the last two dims (L queries, S keys).

    attn_mask: bool (True: may attend) or float (added to the scores), broadcast to (..., L, S);
    is_causal: query i attends to keys 0..i only; scale defaults to 1/sqrt(E).
    """
    _check_attention_inputs(query, key, value, attn_mask)
    if dropout_p > 1.0:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")
    dtype = query._array.dtype
    if scale is None:
        scale = 1.0 / math.sqrt(query.shape[-1])
    # Both factors scaled by sqrt(scale), as torch does, so neither product grows large.
    root = math.sqrt(abs(scale))
    query = query * (-root if scale < 0 else root)
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError(
                "_scaled_dot_product_attention: Explicit attn_mask should not be set when "
                "is_causal=True"
            )
        length, source = query.shape[-2], key.shape[-2]
        attn_mask = _additive(np.tril(np.ones((length, source), dtype=bool)), dtype)
    elif attn_mask is not None and attn_mask._array.dtype == np.bool_:
        attn_mask = _additive(attn_mask._array, dtype)
    scores = matmul(query, key.transpose(-2, -1) * root)
    if attn_mask is not None:
        scores = scores + attn_mask
    weights = _safe_softmax(scores)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    return matmul(weights, value)


# --- multi-head attention -----------------------------------------------------------------------


def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """A bool mask (True: masked) as a float one (-inf where masked); float masks pass."""
    if mask is None:
        return None
    kind = mask._array.dtype
    if kind != np.bool_ and kind.kind != "f":
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype != other_type:
        _warnings.warn(
            f"Support for mismatched {mask_name} and {other_name} is deprecated. Use same type "
            "for both instead."
        )
    if kind == np.bool_:
        mask = zeros_like(mask, dtype=target_type).masked_fill_(mask, float("-inf"))
    return mask


def _none_or_dtype(input):
    if input is None:
        return None
    if isinstance(input, Tensor):
        return input.dtype
    raise RuntimeError("input to _none_or_dtype() must be None or torch.Tensor")


def _pad_one(mask: Tensor) -> Tensor:
    """The mask with one more column of zeros: the extra key (bias_k or zeros) is visible."""
    return cat([mask, zeros(tuple(mask.shape[:-1]) + (1,), dtype=mask.dtype)], -1)


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads) -> bool:
    """Whether the inputs are batched (3-d) or not (2-d), with torch's errors otherwise."""
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                f"found {key_padding_mask.dim()}-D tensor instead"
            )
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError(
                "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                f"found {attn_mask.dim()}-D tensor instead"
            )
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D "
                f"but found {key_padding_mask.dim()}-D tensor instead"
            )
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError(
                    "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                    f"but found {attn_mask.dim()}-D tensor instead"
                )
            expected = (num_heads, query.shape[0], key.shape[0])
            if attn_mask.dim() == 3 and tuple(attn_mask.shape) != expected:
                raise AssertionError(
                    f"Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}"
                )
        return False
    raise AssertionError(
        "query should be unbatched 2D or batched 3D tensor but received "
        f"{query.dim()}-D query tensor"
    )


def _in_projection(query, key, value, weight, bias, separate):
    """q, k, v = each input times its third of the packed weight (or its own weight)."""
    if separate is not None:
        w_q, w_k, w_v = separate
        b_q, b_k, b_v = (None,) * 3 if bias is None else bias.chunk(3)
        return linear(query, w_q, b_q), linear(key, w_k, b_k), linear(value, w_v, b_v)
    if query is key and key is value:  # self-attention: one product, cut in three
        return linear(query, weight, bias).chunk(3, -1)
    w_q, w_k, w_v = weight.chunk(3)
    b_q, b_k, b_v = (None,) * 3 if bias is None else bias.chunk(3)
    if key is value:  # encoder-decoder attention: keys and values in one product
        kv = linear(key, cat([w_k, w_v]), None if bias is None else cat([b_k, b_v]))
        return (linear(query, w_q, b_q), *kv.chunk(2, -1))
    return linear(query, w_q, b_q), linear(key, w_k, b_k), linear(value, w_v, b_v)


def multi_head_attention_forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    embed_dim_to_check: int,
    num_heads: int,
    in_proj_weight: Tensor | None,
    in_proj_bias: Tensor | None,
    bias_k: Tensor | None,
    bias_v: Tensor | None,
    add_zero_attn: bool,
    dropout_p: float,
    out_proj_weight: Tensor,
    out_proj_bias: Tensor | None,
    training: bool = True,
    key_padding_mask: Tensor | None = None,
    need_weights: bool = True,
    attn_mask: Tensor | None = None,
    use_separate_proj_weight: bool = False,
    q_proj_weight: Tensor | None = None,
    k_proj_weight: Tensor | None = None,
    v_proj_weight: Tensor | None = None,
    static_k: Tensor | None = None,
    static_v: Tensor | None = None,
    average_attn_weights: bool = True,
    is_causal: bool = False,
):
    """Multi-head attention on (L, N, E) query and (S, N, E) key/value (or unbatched (L, E)):
    project, split into heads, attend, join the heads, project out. Returns the output and,
    with need_weights, the attention weights (averaged over heads unless told otherwise)."""
    if static_k is not None or static_v is not None:
        raise NotImplementedError("static_k and static_v are not supported by cybenko")
    batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]
    key_padding_mask = _canonical_mask(
        key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask), "attn_mask", query.dtype
    )
    if is_causal and attn_mask is None:
        raise RuntimeError(
            "Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
            "method `generate_square_subsequent_mask` to create this mask."
        )
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None  # sdpa builds the causal mask itself
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, False)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AssertionError(
            f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}"
        )
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(
                f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                f"{value.shape[:2]}"
            )
        separate = (q_proj_weight, k_proj_weight, v_proj_weight)
    else:
        if key.shape != value.shape:
            raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
        separate = None
    q, k, v = _in_projection(query, key, value, in_proj_weight, in_proj_bias, separate)

    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError(
                    f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be "
                    f"{(tgt_len, src_len)}."
                )
            attn_mask = attn_mask.unsqueeze(0)
        elif tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
            raise RuntimeError(
                f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                f"{(bsz * num_heads, tgt_len, src_len)}."
            )
    if bias_k is not None and bias_v is not None:  # one more key and value, learned
        k = cat([k, bias_k.repeat(1, bsz, 1)])
        v = cat([v, bias_v.repeat(1, bsz, 1)])
        if attn_mask is not None:
            attn_mask = _pad_one(attn_mask)
        if key_padding_mask is not None:
            key_padding_mask = _pad_one(key_padding_mask)
    elif bias_k is not None or bias_v is not None:
        raise AssertionError(
            f"{'bias_k' if bias_v is None else 'bias_v'} is set but "
            f"{'bias_v' if bias_v is None else 'bias_k'} is None"
        )

    # (L, N, E) -> (N * heads, L, head_dim): each head a batch of its own
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = k.reshape(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    v = v.reshape(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    if add_zero_attn:  # one more key and value, of zeros
        shape = (bsz * num_heads, 1, head_dim)
        k = cat([k, zeros(shape, dtype=k.dtype)], 1)
        v = cat([v, zeros(shape, dtype=v.dtype)], 1)
        if attn_mask is not None:
            attn_mask = _pad_one(attn_mask)
        if key_padding_mask is not None:
            key_padding_mask = _pad_one(key_padding_mask)
    src_len = k.shape[1]

    if key_padding_mask is not None:
        if tuple(key_padding_mask.shape) != (bsz, src_len):
            wrong = 0 if key_padding_mask.shape[0] != bsz else 1
            raise AssertionError(
                f"Expected key_padded_mask.shape[{wrong}] to be {(bsz, src_len)[wrong]}, but got "
                f"{key_padding_mask.shape[wrong]}"
            )
        key_padding_mask = (
            key_padding_mask.reshape(bsz, 1, 1, src_len)
            .expand(-1, num_heads, -1, -1)
            .reshape(bsz * num_heads, 1, src_len)
        )
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask
    if not training:
        dropout_p = 0.0

    if need_weights:
        q_scaled = q * math.sqrt(1.0 / float(q.shape[-1]))
        scores = bmm(q_scaled, k.transpose(-2, -1))
        if attn_mask is not None:
            scores = attn_mask + scores
        weights = softmax(scores, -1)
        if dropout_p > 0.0:
            weights = dropout(weights, p=dropout_p)
        out = bmm(weights, v).transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        out = linear(out, out_proj_weight, out_proj_bias).view(tgt_len, bsz, -1)
        weights = weights.view(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        if not batched:
            out, weights = out.squeeze(1), weights.squeeze(0)
        return out, weights

    if attn_mask is not None:
        if attn_mask.shape[0] == 1 and attn_mask.dim() == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.reshape(bsz, num_heads, -1, src_len)
    q = q.reshape(bsz, num_heads, tgt_len, head_dim)
    k = k.reshape(bsz, num_heads, src_len, head_dim)
    v = v.reshape(bsz, num_heads, src_len, head_dim)
    out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
    out = linear(out, out_proj_weight, out_proj_bias).view(tgt_len, bsz, -1)
    if not batched:
        out = out.squeeze(1)
    return out, None
