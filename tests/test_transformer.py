"""Layer normalization, attention and the transformer (encoder and decoder) against torch.

F.layer_norm (one NativeLayerNormBackward0 node, also checked by finite differences),
F.scaled_dot_product_attention with bool, float and causal masks, nn.LayerNorm,
nn.MultiheadAttention, nn.TransformerEncoderLayer, nn.TransformerEncoder, their decoder twins
and nn.Transformer (with generate_square_subsequent_mask): initial weights from manual_seed,
outputs, attention weights and the gradients reaching the inputs and every parameter,
in float64 and float32, in training (dropout draws as torch's) and evaluation.

torch's CPU attention runs a fused flash kernel where no dropout is asked for; cybenko runs the
reference composition (matmul, softmax, matmul), so attention outputs agree within rounding
and the sdpa output's grad_fn is not compared there.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, inf, run
from helpers import check, check_error, check_finite_differences, scaled_atol
from oracle import torch

pytestmark = pytest.mark.oracle
draw = Draws(108)
LIBS = (torch, cybenko)


def _ln(T, x, *args, **kw):
    return T.nn.functional.layer_norm(x, *args, **kw)


LAYER_NORM = [
    case(
        "last_dim",
        lambda T, x, w, b: _ln(T, x, (4,), w, b),
        draw.rand(3, 4),
        draw.rand(4),
        draw.rand(4),
    ),
    case(
        "two_dims",
        lambda T, x, w, b: _ln(T, x, (3, 5), w, b),
        draw.rand(2, 3, 5),
        draw.rand(3, 5),
        draw.rand(3, 5),
    ),
    case("no_affine", lambda T, x: _ln(T, x, [6]), draw.rand(2, 2, 6)),
    case("weight_only", lambda T, x, w: _ln(T, x, (5,), w), draw.rand(4, 5), draw.rand(5)),
    case("bias_only", lambda T, x, b: _ln(T, x, (5,), None, b), draw.rand(4, 5), draw.rand(5)),
    case(
        "vector", lambda T, x, w, b: _ln(T, x, (7,), w, b), draw.rand(7), draw.rand(7), draw.rand(7)
    ),
    case("whole_input", lambda T, x: _ln(T, x, (2, 3)), draw.rand(2, 3)),
    case("eps", lambda T, x: _ln(T, x, (3,), eps=0.5), draw.rand(4, 3)),
    case("size_arg", lambda T, x: _ln(T, x, T.Size([3])), draw.rand(4, 3)),
    case(
        "constant_rows",
        lambda T, x, w: _ln(T, x, (3,), w),
        np.array([[1.0, 1.0, 1.0], [2.0, -1.0, 0.5]], np.float32),
        draw.rand(3),
    ),
    # float32 moments of values near 100 keep ~1e-5 of torch's rounding in the gradient
    case(
        "large_offset",
        lambda T, x: _ln(T, x, (8,)),
        draw.rand(3, 8) + np.float32(100),
        grad_atol=1e-4,
    ),
    case("large_offset_f64", lambda T, x: _ln(T, x, (8,)), draw.rand(3, 8, dtype=F64) + 1e4),
    case(
        "one_element",
        lambda T, x, w, b: _ln(T, x, (1,), w, b),
        draw.rand(4, 1),
        draw.rand(1),
        draw.rand(1),
    ),
    case("empty_batch", lambda T, x: _ln(T, x, (4,)), draw.rand(0, 4)),
    case(
        "inf",
        lambda T, x: _ln(T, x, (3,)),
        np.array([[1.0, inf, 0.0], [1.0, 2.0, 3.0]], np.float32),
        grad=False,
    ),
    case(
        "f64",
        lambda T, x, w, b: _ln(T, x, (5,), w, b),
        draw.rand(3, 2, 5, dtype=F64),
        draw.rand(5, dtype=F64),
        draw.rand(5, dtype=F64),
    ),
    case("module", lambda T, x: T.nn.LayerNorm(5)(x), draw.rand(2, 5)),
    case(
        "module_no_bias",
        lambda T, x: T.nn.LayerNorm([2, 5], bias=False, eps=1e-3)(x),
        draw.rand(3, 2, 5),
    ),
]


@run(LAYER_NORM)
def test_layer_norm(fn, inputs, options):
    check(fn, *inputs, **options)


GRADCHECK = [
    case(
        "ln_affine",
        lambda T, x, w, b: _ln(T, x, (4,), w, b),
        draw.rand(3, 4, dtype=F64),
        draw.rand(4, dtype=F64),
        draw.rand(4, dtype=F64),
    ),
    case(
        "ln_two_dims",
        lambda T, x, w: _ln(T, x, (2, 3), w),
        draw.rand(2, 2, 3, dtype=F64),
        draw.rand(2, 3, dtype=F64),
    ),
    case("ln_plain", lambda T, x: _ln(T, x, (5,), eps=1e-2), draw.rand(2, 5, dtype=F64)),
    case(
        "sdpa_masked",
        lambda T, q, k, v: T.nn.functional.scaled_dot_product_attention(
            q, k, v, attn_mask=T.tensor([[True, False, True], [True, True, False]])
        ),
        draw.rand(2, 2, dtype=F64),
        draw.rand(3, 2, dtype=F64),
        draw.rand(3, 2, dtype=F64),
    ),
]


@run(GRADCHECK)
def test_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


LAYER_NORM_ERRORS = [
    case("shape", lambda T, x: _ln(T, x, (3,)), draw.rand(2, 4)),
    case("too_many_dims", lambda T, x: _ln(T, x, (2, 2, 4)), draw.rand(2, 4)),
    case("weight_shape", lambda T, x, w: _ln(T, x, (4,), w), draw.rand(2, 4), draw.rand(3)),
    case("bias_shape", lambda T, x, b: _ln(T, x, (4,), None, b), draw.rand(2, 4), draw.rand(2, 2)),
    case("empty_shape", lambda T, x: _ln(T, x, []), draw.rand(2, 4)),
    case("int_shape", lambda T, x: _ln(T, x, 4), draw.rand(2, 4)),
    case("float_shape", lambda T, x: _ln(T, x, (4.0,)), draw.rand(2, 4)),
    case("long_input", lambda T, x: _ln(T, x, (4,)), draw.ints(2, 4)),
    case("mixed_f32", lambda T, x, w: _ln(T, x, (4,), w), draw.rand(2, 4), draw.rand(4, dtype=F64)),
    case("mixed_f64", lambda T, x, w: _ln(T, x, (4,), w), draw.rand(2, 4, dtype=F64), draw.rand(4)),
    case("module_float", lambda T: T.nn.LayerNorm(4.0)),
]


@run(LAYER_NORM_ERRORS)
def test_layer_norm_errors(fn, inputs, options):
    check_error(fn, *inputs, match=True)


def test_layer_norm_module_repr_and_init():
    for args, kw in [
        ((4,), {}),
        (((3, 4),), {"elementwise_affine": False}),
        (([4],), {"bias": False, "eps": 1e-3}),
    ]:
        ours, theirs = cybenko.nn.LayerNorm(*args, **kw), torch.nn.LayerNorm(*args, **kw)
        assert repr(ours) == repr(theirs)
        assert ours.normalized_shape == theirs.normalized_shape
        assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
        for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
            assert np.array_equal(p.detach().numpy(), q.detach().numpy())


# --- scaled dot product attention ---------------------------------------------------------------


def _sdpa(T, q, k, v, **kw):
    return T.nn.functional.scaled_dot_product_attention(q, k, v, **kw)


def _seeded_sdpa(T, q, k, v, **kw):
    T.manual_seed(11)
    return _sdpa(T, q, k, v, **kw)


Q, K, V = draw.rand(2, 3, 4, 8), draw.rand(2, 3, 5, 8), draw.rand(2, 3, 5, 6)
BOOL_MASK = draw.bools(4, 5)
BOOL_MASK[:, 0] = True  # every query sees some key
DEAD_ROW = BOOL_MASK.copy()
DEAD_ROW[1] = False  # a query that may attend to nothing gets zeros


SDPA = [
    case("plain", _sdpa, Q, K, V),
    case("bool_mask", lambda T, q, k, v: _sdpa(T, q, k, v, attn_mask=T.tensor(BOOL_MASK)), Q, K, V),
    case(
        "float_mask",
        lambda T, q, k, v, m: _sdpa(T, q, k, v, attn_mask=m),
        Q,
        K,
        V,
        draw.rand(3, 1, 5),
    ),
    case("dead_row", lambda T, q, k, v: _sdpa(T, q, k, v, attn_mask=T.tensor(DEAD_ROW)), Q, K, V),
    case("causal", lambda T, q, k, v: _sdpa(T, q, k, v, is_causal=True), Q, K, V),
    case("scale", lambda T, q, k, v: _sdpa(T, q, k, v, scale=0.7), Q, K, V),
    case("negative_scale", lambda T, q, k, v: _sdpa(T, q, k, v, scale=-0.3), Q, K, V),
    case("three_dims", _sdpa, draw.rand(3, 4, 2), draw.rand(3, 6, 2), draw.rand(3, 6, 3)),
    case(
        "two_dims",
        lambda T, q, k, v: _sdpa(T, q, k, v, is_causal=True),
        draw.rand(5, 3),
        draw.rand(5, 3),
        draw.rand(5, 2),
    ),
    case(
        "broadcast_batch",
        _sdpa,
        draw.rand(2, 3, 4, 8),
        draw.rand(1, 3, 5, 8),
        draw.rand(1, 3, 5, 6),
    ),
    case("no_queries", _sdpa, draw.rand(2, 0, 4), draw.rand(2, 3, 4), draw.rand(2, 3, 4)),
    case(
        "f64",
        lambda T, q, k, v: _sdpa(T, q, k, v, attn_mask=T.tensor(BOOL_MASK)),
        Q.astype(F64),
        K.astype(F64),
        V.astype(F64),
    ),
]


@run(SDPA)
def test_scaled_dot_product_attention(fn, inputs, options):
    # torch's node is its fused kernel's (ScaledDotProductFlashAttentionForCpuBackward0)
    check(fn, *inputs, names=False, **options)


SDPA_DROPOUT = [
    case("dropout", lambda T, q, k, v: _seeded_sdpa(T, q, k, v, dropout_p=0.4), Q, K, V),
    case(
        "dropout_masked",
        lambda T, q, k, v: _seeded_sdpa(T, q, k, v, dropout_p=0.3, attn_mask=T.tensor(DEAD_ROW)),
        Q,
        K,
        V,
    ),
    case(
        "dropout_causal_f64",
        lambda T, q, k, v: _seeded_sdpa(T, q, k, v, dropout_p=0.5, is_causal=True),
        Q.astype(F64),
        K.astype(F64),
        V.astype(F64),
    ),
]


SDPA_DROPOUT.append(
    # the mask is drawn in the input's memory layout, as torch's empty_like lays it out
    case(
        "dropout_transposed_input",
        lambda T, x: _seeded_dropout(T, x.transpose(0, 1)),
        draw.rand(3, 5, 4),
    ),
)


def _seeded_dropout(T, x):
    T.manual_seed(12)
    return T.nn.functional.dropout(x, 0.5)


@run(SDPA_DROPOUT)
def test_scaled_dot_product_attention_dropout(fn, inputs, options):
    """With dropout torch runs the reference composition too: same draws, same node names."""
    check(fn, *inputs, **options)


SDPA_ERRORS = [
    case("dtypes", _sdpa, Q, K.astype(F64), V),
    case(
        "causal_and_mask",
        lambda T, q, k, v: _sdpa(T, q, k, v, attn_mask=T.ones(4, 5, dtype=T.bool), is_causal=True),
        Q,
        K,
        V,
    ),
    case(
        "mask_dtype", lambda T, q, k, v: _sdpa(T, q, k, v, attn_mask=T.ones(4, 5).long()), Q, K, V
    ),
    case(
        "mask_f64", lambda T, q, k, v: _sdpa(T, q, k, v, attn_mask=T.ones(4, 5).double()), Q, K, V
    ),
    case("one_dim", _sdpa, draw.rand(4), draw.rand(4), draw.rand(4)),
    case("dropout_range", lambda T, q, k, v: _sdpa(T, q, k, v, dropout_p=1.5), Q, K, V),
    case("mask_shape", lambda T, q, k, v: _sdpa(T, q, k, v, attn_mask=T.ones(3, 5)), Q, K, V),
]


@run(SDPA_ERRORS)
def test_scaled_dot_product_attention_errors(fn, inputs, options):
    check_error(fn, *inputs, match="start")


# --- modules: one model in each library, compared ----------------------------------------------


def close(ours, theirs, what, dtype):
    if theirs is None:
        assert ours is None, f"{what}: torch has None"
        return
    assert str(ours.dtype) == str(theirs.dtype), f"{what}: dtype"
    assert tuple(ours.shape) == tuple(theirs.shape), f"{what}: shape"
    want = theirs.detach().numpy()
    tol = 1e-10 if dtype == "float64" else 2e-5
    np.testing.assert_allclose(
        ours.detach().numpy(), want, rtol=tol, atol=max(tol, scaled_atol(want, tol)), err_msg=what
    )


def twins(make, *arrays, call, dtype="float64", train=True, seed=4):
    """`make(nn)` built in both libraries from manual_seed(seed) (the weights must be equal),
    called by `call(model, *inputs, T)` on the arrays after manual_seed(seed + 1), and the
    outputs and the gradients reaching the inputs and every parameter compared."""
    results = []
    for lib in LIBS:
        lib.manual_seed(seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # enable_nested_tensor's advice
            model = make(lib.nn).to(getattr(lib, dtype))
        model.train(train)
        inputs = [
            lib.tensor(a, dtype=getattr(lib, dtype), requires_grad=True)
            if a.dtype.kind == "f"
            else lib.tensor(a)
            for a in arrays
        ]
        lib.manual_seed(seed + 1)
        out = call(model, *inputs, lib)
        results.append((model, inputs, out if isinstance(out, tuple) else (out,)))
    (t_model, t_in, t_out), (c_model, c_in, c_out) = results
    t_params, c_params = dict(t_model.named_parameters()), dict(c_model.named_parameters())
    assert list(c_params) == list(t_params)
    for name, p in t_params.items():
        assert np.array_equal(c_params[name].detach().numpy(), p.detach().numpy()), name
    weights = [
        np.random.default_rng(3).uniform(0.5, 1.5, tuple(o.shape)) for o in t_out if o is not None
    ]
    for lib, outs in ((torch, t_out), (cybenko, c_out)):
        present = [o for o in outs if o is not None]
        sum(
            (o * lib.tensor(w, dtype=o.dtype)).sum() for o, w in zip(present, weights, strict=True)
        ).backward()
    for i, (o, t) in enumerate(zip(c_out, t_out, strict=True)):
        close(o, t, f"output {i}", dtype)
        if t is not None:
            assert o.grad_fn.name() == t.grad_fn.name(), f"output {i}: grad_fn"
    for i, (a, t) in enumerate(zip(c_in, t_in, strict=True)):
        if t.requires_grad:
            close(a.grad, t.grad, f"input {i} grad", dtype)
    for name, p in t_params.items():
        close(c_params[name].grad, p.grad, f"{name}.grad", dtype)


SEQ = draw.rand(5, 3, 8)  # (L, N, E)
BATCH_FIRST = draw.rand(3, 5, 8)  # (N, L, E)
PADDING = np.array([[False] * 4 + [True], [False] * 5, [False] * 3 + [True] * 2])
CAUSAL = np.triu(np.full((5, 5), -np.inf, np.float32), 1)


def _self(m, x, T, **kw):
    return m(x, x, x, **kw)


MHA = [
    case("self", lambda nn: nn.MultiheadAttention(8, 2), SEQ, call=_self),
    case("eval", lambda nn: nn.MultiheadAttention(8, 2, dropout=0.3), SEQ, call=_self, train=False),
    case("dropout", lambda nn: nn.MultiheadAttention(8, 2, dropout=0.3), SEQ, call=_self),
    case(
        "dropout_no_weights",
        lambda nn: nn.MultiheadAttention(8, 4, dropout=0.5),
        SEQ,
        call=lambda m, x, T: _self(m, x, T, need_weights=False),
    ),
    case(
        "per_head_weights",
        lambda nn: nn.MultiheadAttention(8, 2),
        SEQ,
        call=lambda m, x, T: _self(m, x, T, average_attn_weights=False),
    ),
    case(
        "batch_first",
        lambda nn: nn.MultiheadAttention(8, 2, dropout=0.2, batch_first=True),
        BATCH_FIRST,
        call=lambda m, x, T: _self(m, x, T, need_weights=False),
    ),
    case(
        "padding_mask",
        lambda nn: nn.MultiheadAttention(8, 2, batch_first=True),
        BATCH_FIRST,
        PADDING,
        call=lambda m, x, p, T: _self(m, x, T, key_padding_mask=p),
    ),
    case(
        "padding_mask_sdpa",
        lambda nn: nn.MultiheadAttention(8, 2, 0.1, batch_first=True),
        BATCH_FIRST,
        PADDING,
        call=lambda m, x, p, T: _self(m, x, T, key_padding_mask=p, need_weights=False),
    ),
    case(
        "bool_attn_mask",
        lambda nn: nn.MultiheadAttention(8, 2),
        SEQ,
        CAUSAL == 0,
        call=lambda m, x, a, T: _self(m, x, T, attn_mask=~a),
    ),
    case(
        "float_attn_mask",
        lambda nn: nn.MultiheadAttention(8, 2),
        SEQ,
        draw.rand(6, 5, 5),
        call=lambda m, x, a, T: _self(m, x, T, attn_mask=a.detach()),
    ),
    case(
        "causal_hint",
        lambda nn: nn.MultiheadAttention(8, 2),
        SEQ,
        CAUSAL,
        call=lambda m, x, a, T: _self(
            m, x, T, attn_mask=a.detach(), is_causal=True, need_weights=False
        ),
    ),
    case(
        "both_masks",
        lambda nn: nn.MultiheadAttention(8, 2, batch_first=True),
        BATCH_FIRST,
        PADDING,
        CAUSAL == 0,
        call=lambda m, x, p, a, T: _self(m, x, T, key_padding_mask=p, attn_mask=~a),
    ),
    case(
        "cross",
        lambda nn: nn.MultiheadAttention(8, 2),
        SEQ,
        draw.rand(7, 3, 8),
        call=lambda m, q, kv, T: m(q, kv, kv),
    ),
    case(
        "separate_inputs",
        lambda nn: nn.MultiheadAttention(8, 2, bias=False),
        SEQ,
        draw.rand(7, 3, 8),
        draw.rand(7, 3, 8),
        call=lambda m, q, k, v, T: m(q, k, v),
    ),
    case(
        "kdim_vdim",
        lambda nn: nn.MultiheadAttention(8, 2, kdim=3, vdim=5),
        SEQ,
        draw.rand(7, 3, 3),
        draw.rand(7, 3, 5),
        call=lambda m, q, k, v, T: m(q, k, v),
    ),
    case(
        "bias_kv_zero_attn",
        lambda nn: nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True),
        SEQ,
        PADDING,
        call=lambda m, x, p, T: _self(m, x, T, key_padding_mask=p),
    ),
    case(
        "unbatched",
        lambda nn: nn.MultiheadAttention(8, 4, batch_first=True),
        draw.rand(5, 8),
        call=_self,
    ),
]


@run(MHA)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_multihead_attention(fn, inputs, options, dtype):
    twins(fn, *inputs, dtype=dtype, **options)


def _layer(nn, **kw):
    options = {"dim_feedforward": 16, "dropout": 0.25}
    options.update(kw)
    return nn.TransformerEncoderLayer(8, 2, **options)


def _relu6(x):
    return x.clamp(0, 6)


ENCODER = [
    case("layer", lambda nn: _layer(nn), SEQ, call=lambda m, x, T: m(x)),
    case("layer_eval", lambda nn: _layer(nn), SEQ, call=lambda m, x, T: m(x), train=False),
    case(
        "layer_batch_first",
        lambda nn: _layer(nn, batch_first=True),
        BATCH_FIRST,
        PADDING,
        call=lambda m, x, p, T: m(x, src_key_padding_mask=p),
    ),
    case(
        "layer_norm_first_gelu",
        lambda nn: _layer(nn, norm_first=True, activation="gelu"),
        SEQ,
        call=lambda m, x, T: m(x),
    ),
    case(
        "layer_callable_no_bias",
        lambda nn: _layer(nn, activation=_relu6, bias=False, layer_norm_eps=1e-3),
        SEQ,
        call=lambda m, x, T: m(x),
    ),
    case(
        "layer_causal",
        lambda nn: _layer(nn),
        SEQ,
        CAUSAL,
        call=lambda m, x, a, T: m(x, src_mask=a.detach(), is_causal=True),
    ),
    case(
        "encoder",
        lambda nn: nn.TransformerEncoder(_layer(nn, batch_first=True), 2),
        BATCH_FIRST,
        PADDING,
        call=lambda m, x, p, T: m(x, src_key_padding_mask=p),
    ),
    case(
        "encoder_causal_detected",
        lambda nn: nn.TransformerEncoder(_layer(nn, norm_first=True), 2, norm=nn.LayerNorm(8)),
        SEQ,
        CAUSAL,
        call=lambda m, x, a, T: m(x, mask=a.detach()),
    ),
    case(
        "encoder_eval",
        lambda nn: nn.TransformerEncoder(
            _layer(nn, batch_first=True), 3, enable_nested_tensor=False
        ),
        BATCH_FIRST,
        call=lambda m, x, T: m(x),
        train=False,
    ),
    case(
        "encoder_unbatched",
        lambda nn: nn.TransformerEncoder(_layer(nn), 2),
        draw.rand(4, 8),
        call=lambda m, x, T: m(x),
    ),
]


@run(ENCODER)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_transformer_encoder(fn, inputs, options, dtype):
    twins(fn, *inputs, dtype=dtype, **options)


def test_initial_weights_follow_manual_seed():
    def make(lib):
        lib.manual_seed(2024)
        models = [
            lib.nn.MultiheadAttention(12, 3, add_bias_kv=True),
            lib.nn.MultiheadAttention(6, 2, kdim=4, vdim=5, bias=False),
            lib.nn.TransformerEncoderLayer(8, 4, dim_feedforward=32),
        ]
        return [p.detach().numpy() for m in models for p in m.parameters()]

    for ours, theirs in zip(make(cybenko), make(torch), strict=True):
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)


def test_encoder_deep_copies_its_layer():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = cybenko.nn.TransformerEncoderLayer(8, 2, 16)
        encoder = cybenko.nn.TransformerEncoder(layer, 2)
    first, second = encoder.layers[0].linear1.weight, encoder.layers[1].linear1.weight
    assert first is not second and first is not layer.linear1.weight
    assert np.array_equal(first.detach().numpy(), layer.linear1.weight.detach().numpy())
    with cybenko.no_grad():
        first.add_(1.0)
    assert not np.array_equal(first.detach().numpy(), second.detach().numpy())
    assert len(list(encoder.parameters())) == 2 * len(list(layer.parameters()))


def test_reprs_match_torch():
    def make(nn):
        return [
            nn.MultiheadAttention(8, 2),
            nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
            nn.TransformerEncoder(
                nn.TransformerEncoderLayer(8, 2, 16),
                2,
                norm=nn.LayerNorm(8),
                enable_nested_tensor=False,
            ),
        ]

    for ours, theirs in zip(make(cybenko.nn), make(torch.nn), strict=True):
        assert repr(ours) == repr(theirs)


def test_nested_tensor_warning_as_torch():
    for lib in LIBS:
        with pytest.warns(
            UserWarning,
            match="enable_nested_tensor is True, but self.use_nested_"
            r"tensor is False because encoder_layer.self_attn.batch_first was not",
        ):
            encoder = lib.nn.TransformerEncoder(lib.nn.TransformerEncoderLayer(8, 2, 16), 1)
        assert encoder.use_nested_tensor is False


MODULE_ERRORS = [
    case("heads_divide", lambda T: T.nn.MultiheadAttention(10, 3)),
    case("zero_heads", lambda T: T.nn.MultiheadAttention(8, 0)),
    case("activation", lambda T: T.nn.TransformerEncoderLayer(8, 2, activation="tanh")),
    case("embed_dim", lambda T, x: T.nn.MultiheadAttention(6, 2)(x, x, x), SEQ),
    case(
        "key_value_shapes",
        lambda T, q, k: T.nn.MultiheadAttention(8, 2)(q, k, q),
        SEQ,
        draw.rand(4, 3, 8),
    ),
    case("query_dims", lambda T, x: T.nn.MultiheadAttention(8, 2)(x, x, x), draw.rand(1, 5, 3, 8)),
    case(
        "mask_2d_shape",
        lambda T, x: T.nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=T.zeros(4, 5)),
        SEQ,
    ),
    case(
        "mask_3d_shape",
        lambda T, x: T.nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=T.zeros(2, 5, 5)),
        SEQ,
    ),
    case(
        "mask_dtype",
        lambda T, x: T.nn.MultiheadAttention(8, 2)(x, x, x, attn_mask=T.zeros(5, 5).long()),
        SEQ,
    ),
    case(
        "causal_without_mask",
        lambda T, x: T.nn.MultiheadAttention(8, 2)(x, x, x, is_causal=True),
        SEQ,
    ),
    case(
        "padding_shape",
        lambda T, x: T.nn.MultiheadAttention(8, 2)(
            x, x, x, key_padding_mask=T.zeros(3, 4, dtype=T.bool)
        ),
        SEQ,
    ),
]


@run(MODULE_ERRORS)
def test_module_errors(fn, inputs, options):
    check_error(fn, *inputs, match=True)


def test_mismatched_mask_types_warn_as_torch():
    for lib in LIBS:
        m = lib.nn.MultiheadAttention(8, 2)
        x = lib.tensor(SEQ)
        with pytest.warns(
            UserWarning, match="Support for mismatched key_padding_mask and attn_mask is deprecated"
        ):
            m(x, x, x, key_padding_mask=lib.tensor(PADDING), attn_mask=lib.zeros(5, 5))


# --- decoder and the whole transformer ---------------------------------------------------------

MEMORY = draw.rand(7, 3, 8)  # (S, N, E): the encoder's output the decoder attends to
MEMORY_BATCH_FIRST = draw.rand(3, 7, 8)
MEMORY_PADDING = np.array([[False] * 6 + [True], [False] * 7, [False] * 2 + [True] * 5])
CROSS_MASK = draw.bools(5, 7)
CROSS_MASK[:, 0] = False  # True hides a key here; every query keeps the first one


def _dec_layer(nn, **kw):
    options = {"dim_feedforward": 16, "dropout": 0.25}
    options.update(kw)
    return nn.TransformerDecoderLayer(8, 2, **options)


def _model(nn, **kw):
    options = {"num_encoder_layers": 2, "num_decoder_layers": 2, "dim_feedforward": 16}
    options.update(kw)
    return nn.Transformer(8, 2, **options)


def _causal(T, size):
    return T.nn.Transformer.generate_square_subsequent_mask(size)


DECODER = [
    case("layer", lambda nn: _dec_layer(nn), SEQ, MEMORY, call=lambda m, x, y, T: m(x, y)),
    case(
        "layer_eval",
        lambda nn: _dec_layer(nn),
        SEQ,
        MEMORY,
        call=lambda m, x, y, T: m(x, y),
        train=False,
    ),
    case(
        "layer_batch_first_padding",
        lambda nn: _dec_layer(nn, batch_first=True),
        BATCH_FIRST,
        MEMORY_BATCH_FIRST,
        PADDING,
        MEMORY_PADDING,
        call=lambda m, x, y, p, q, T: m(x, y, tgt_key_padding_mask=p, memory_key_padding_mask=q),
    ),
    case(
        "layer_norm_first_gelu_causal",
        lambda nn: _dec_layer(nn, norm_first=True, activation="gelu"),
        SEQ,
        MEMORY,
        CAUSAL,
        call=lambda m, x, y, a, T: m(x, y, tgt_mask=a.detach(), tgt_is_causal=True),
    ),
    case(
        "layer_callable_no_bias",
        lambda nn: _dec_layer(nn, activation=_relu6, bias=False, layer_norm_eps=1e-3),
        SEQ,
        MEMORY,
        call=lambda m, x, y, T: m(x, y),
    ),
    case(
        "layer_memory_mask",
        lambda nn: _dec_layer(nn),
        SEQ,
        MEMORY,
        CROSS_MASK,
        draw.rand(5, 5),
        call=lambda m, x, y, c, a, T: m(x, y, tgt_mask=a.detach(), memory_mask=c),
    ),
    case(
        "decoder",
        lambda nn: nn.TransformerDecoder(_dec_layer(nn, batch_first=True), 2),
        BATCH_FIRST,
        MEMORY_BATCH_FIRST,
        PADDING,
        call=lambda m, x, y, p, T: m(x, y, tgt_key_padding_mask=p),
    ),
    case(
        "decoder_causal_detected",
        lambda nn: nn.TransformerDecoder(_dec_layer(nn, norm_first=True), 2, norm=nn.LayerNorm(8)),
        SEQ,
        MEMORY,
        call=lambda m, x, y, T: m(x, y, tgt_mask=_causal(T, 5).double().to(x.dtype)),
    ),
    case(
        "decoder_eval",
        lambda nn: nn.TransformerDecoder(_dec_layer(nn), 3),
        SEQ,
        MEMORY,
        CROSS_MASK,
        call=lambda m, x, y, c, T: m(x, y, memory_mask=c),
        train=False,
    ),
    case(
        "decoder_unbatched",
        lambda nn: nn.TransformerDecoder(_dec_layer(nn), 2),
        draw.rand(4, 8),
        draw.rand(6, 8),
        call=lambda m, x, y, T: m(x, y),
    ),
    case(
        "transformer",
        lambda nn: _model(nn, dropout=0.2),
        MEMORY,
        SEQ,
        call=lambda m, s, t, T: m(s, t, tgt_mask=_causal(T, 5).to(t.dtype)),
    ),
    case(
        "transformer_batch_first_masks",
        lambda nn: _model(nn, batch_first=True),
        MEMORY_BATCH_FIRST,
        BATCH_FIRST,
        MEMORY_PADDING,
        PADDING,
        CROSS_MASK,
        call=lambda m, s, t, q, p, c, T: m(
            s,
            t,
            tgt_mask=_causal(T, 5).to(t.dtype),
            memory_mask=c,
            src_key_padding_mask=q,
            tgt_key_padding_mask=p,
            memory_key_padding_mask=q,
        ),
    ),
    case(
        "transformer_eval_norm_first_gelu",
        lambda nn: _model(nn, norm_first=True, activation="gelu", batch_first=True),
        MEMORY_BATCH_FIRST,
        BATCH_FIRST,
        call=lambda m, s, t, T: m(s, t, src_is_causal=False, tgt_is_causal=False),
        train=False,
    ),
    case(
        "transformer_no_bias_unbatched",
        lambda nn: _model(nn, bias=False, num_encoder_layers=1, num_decoder_layers=3),
        draw.rand(6, 8),
        draw.rand(4, 8),
        call=lambda m, s, t, T: m(s, t, src_mask=_causal(T, 6).to(s.dtype)),
    ),
    case(
        "transformer_custom_parts",
        lambda nn: _model(
            nn,
            custom_encoder=nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 12), 1),
            custom_decoder=nn.TransformerDecoder(_dec_layer(nn), 1, norm=nn.LayerNorm(8)),
        ),
        MEMORY,
        SEQ,
        call=lambda m, s, t, T: m(s, t),
    ),
]


@run(DECODER)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_transformer_decoder(fn, inputs, options, dtype):
    twins(fn, *inputs, dtype=dtype, **options)


def test_decoder_and_transformer_weights_follow_manual_seed():
    def make(lib):
        lib.manual_seed(2025)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            models = [
                lib.nn.TransformerDecoderLayer(8, 4, dim_feedforward=32),
                lib.nn.TransformerDecoder(lib.nn.TransformerDecoderLayer(6, 2, 10), 2),
                lib.nn.Transformer(8, 2, 1, 2, 12),  # every matrix redrawn by xavier_uniform_
                lib.nn.Transformer(6, 3, 2, 1, 10, bias=False, dtype=lib.float64),
            ]
        return [(n, p.detach().numpy()) for m in models for n, p in m.named_parameters()]

    ours, theirs = make(cybenko), make(torch)
    assert [n for n, _ in ours] == [n for n, _ in theirs]
    for (name, a), (_, b) in zip(ours, theirs, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b), name


def test_decoder_deep_copies_its_layer():
    layer = cybenko.nn.TransformerDecoderLayer(8, 2, 16)
    decoder = cybenko.nn.TransformerDecoder(layer, 3)
    weights = [m.multihead_attn.in_proj_weight for m in decoder.layers]
    assert len({id(w) for w in weights + [layer.multihead_attn.in_proj_weight]}) == 4
    for w in weights:
        assert np.array_equal(
            w.detach().numpy(), layer.multihead_attn.in_proj_weight.detach().numpy()
        )
    assert len(list(decoder.parameters())) == 3 * len(list(layer.parameters()))


def test_decoder_reprs_match_torch():
    def make(nn):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [
                nn.TransformerDecoderLayer(8, 2, 16, batch_first=True, norm_first=True),
                nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 2, nn.LayerNorm(8)),
                _model(nn, bias=False),
            ]

    for ours, theirs in zip(make(cybenko.nn), make(torch.nn), strict=True):
        assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("size", [0, 1, 4])
@pytest.mark.parametrize("dtype", [None, "float64", "float32"])
def test_generate_square_subsequent_mask(size, dtype):
    ours, theirs = (
        lib.nn.Transformer.generate_square_subsequent_mask(
            size, dtype=None if dtype is None else getattr(lib, dtype)
        )
        for lib in LIBS
    )
    assert str(ours.dtype) == str(theirs.dtype) and not ours.requires_grad
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_transformer_attributes_as_torch():
    for lib in LIBS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = _model(lib.nn, batch_first=True)
        assert (m.d_model, m.nhead, m.batch_first) == (8, 2, True)
        assert m.encoder.num_layers == m.decoder.num_layers == 2


DECODER_ERRORS = [
    case("activation", lambda T: T.nn.TransformerDecoderLayer(8, 2, activation="tanh")),
    case("transformer_activation", lambda T: T.nn.Transformer(8, 2, activation="elu")),
    case(
        "batch_mismatch",
        lambda T, s, t: _model(T.nn)(s, t),
        draw.rand(7, 2, 8),
        SEQ,
    ),
    case(
        "batch_mismatch_batch_first",
        lambda T, s, t: _model(T.nn, batch_first=True)(s, t),
        draw.rand(2, 7, 8),
        BATCH_FIRST,
    ),
    case("src_features", lambda T, s, t: _model(T.nn)(s, t), draw.rand(7, 3, 6), SEQ),
    case("tgt_features", lambda T, s, t: _model(T.nn)(s, t), MEMORY, draw.rand(5, 3, 4)),
    case(
        "memory_batch",
        lambda T, x, y: T.nn.TransformerDecoderLayer(8, 2, 16)(x, y),
        SEQ,
        draw.rand(7, 2, 8),
    ),
    case(
        "memory_mask_shape",
        lambda T, x, y: T.nn.TransformerDecoderLayer(8, 2, 16)(x, y, memory_mask=T.zeros(5, 6)),
        SEQ,
        MEMORY,
    ),
]


@run(DECODER_ERRORS)
def test_decoder_errors(fn, inputs, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_error(fn, *inputs, match=True)


# --- the example ---------------------------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "transformer_toy.py"


def _start_example(engine: str) -> subprocess.Popen:
    """examples/transformer_toy.py --quick, started on `engine`."""
    env = dict(os.environ, PYTHONPATH=str(EXAMPLE.parents[1] / "src"), OMP_NUM_THREADS="1")
    return subprocess.Popen(
        [sys.executable, str(EXAMPLE), "--quick", "--engine", engine],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def _printed_numbers(process: subprocess.Popen) -> list[float]:
    out, _ = process.communicate(timeout=300)
    assert process.returncode == 0
    return [float(n) for n in re.findall(r"-?\d+\.?\d*", out)]


def test_transformer_toy_example_prints_torchs_numbers():
    pytest.importorskip("torch")
    runs = [_start_example("cybenko"), _start_example("torch")]  # side by side
    ours, theirs = (_printed_numbers(run) for run in runs)
    assert len(ours) == len(theirs) > 20
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-4)
