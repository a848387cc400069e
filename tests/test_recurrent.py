"""nn.RNN, nn.LSTM, nn.GRU, their cells and nn.utils.rnn against torch.

Each module is built on both libraries after the same manual_seed (its initial weights must
be torch's bit for bit), run on the same inputs, and compared: outputs and final states
(values, dtype, shape, grad_fn), then the gradients of a weighted sum of them reaching the
inputs, the initial states and every parameter. Sizes are odd on purpose; layers, directions,
batch_first, proj_size, unbatched inputs, given or default initial states and packed
variable-length batches each get cases. Finite differences check the LSTM's and GRU's
gradients without torch; the errors are torch's words.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, run
from helpers import (
    assert_same,
    assert_same_tensor,
    check,
    check_error,
    check_finite_differences,
    flat,
    tensors,
)
from oracle import torch

pytestmark = pytest.mark.oracle

draw = Draws(seed=107)
SEED = 107


def check_module(make, call, *inputs, names=True, atol=None, train=False):
    """Build `make(nn)` on both libraries after manual_seed(SEED), then compare
    `call(module, *tensors)` and the gradients reaching the float inputs and the parameters."""
    runs = []
    for lib in (torch, cybenko):
        lib.manual_seed(SEED)
        module = make(lib.nn)
        module.train(train)
        xs = tensors(lib, inputs, True)
        runs.append((module, xs, call(module, *xs)))
    (t_mod, t_in, t_out), (c_mod, c_in, c_out) = runs
    assert_same(t_out, c_out, names=names, atol=atol)
    t_leaves = [o for o in flat(t_out) if isinstance(o, torch.Tensor) and o.requires_grad]
    c_leaves = [o for o in flat(c_out) if isinstance(o, cybenko.Tensor) and o.requires_grad]
    rng = np.random.default_rng(1)
    weights = [rng.uniform(0.5, 1.5, tuple(o.shape)) for o in t_leaves]
    for lib, leaves in ((torch, t_leaves), (cybenko, c_leaves)):
        sum((o * lib.tensor(w, dtype=o.dtype)).sum() for o, w in zip(leaves, weights)).backward()  # noqa: B905
    for i, (t, c) in enumerate(zip(t_in, c_in, strict=True)):
        if isinstance(t, torch.Tensor) and t.requires_grad:
            assert_same_tensor(t.grad, c.grad, atol=atol, what=f"grad of input {i}")
    t_params, c_params = dict(t_mod.named_parameters()), dict(c_mod.named_parameters())
    assert list(c_params) == list(t_params)
    for name, t in t_params.items():
        assert_same_tensor(t.grad, c_params[name].grad, atol=atol, what=f"grad of {name}")


def f64_of(nn):
    """float64 of the library whose `nn` this is."""
    return (cybenko if nn is cybenko.nn else torch).float64


# --- whole-sequence modules -----------------------------------------------------------------------

x_5_3_4 = draw.rand(5, 3, 4)
x_3_5_4 = draw.rand(3, 5, 4)
x_unbatched = draw.rand(6, 4)
x_f64 = draw.rand(4, 2, 3, dtype=F64)

MODULES = [
    case("rnn_tanh", lambda nn: nn.RNN(4, 7), lambda m, x: m(x), x_5_3_4),
    case(
        "rnn_relu_2_layers",
        lambda nn: nn.RNN(4, 7, 2, "relu"),
        lambda m, x: m(x),
        x_5_3_4,
    ),
    case(
        "rnn_3_layers_bidirectional_h0",
        lambda nn: nn.RNN(4, 5, num_layers=3, bidirectional=True),
        lambda m, x, h: m(x, h),
        x_5_3_4,
        draw.rand(6, 3, 5),
    ),
    # torch transposes the RNN's and GRU's batch_first output in place (TransposeBackward1)
    case(
        "rnn_batch_first_no_bias",
        lambda nn: nn.RNN(4, 5, 2, nonlinearity="relu", bias=False, batch_first=True),
        lambda m, x: m(x),
        x_3_5_4,
    ),
    case("rnn_unbatched", lambda nn: nn.RNN(4, 3), lambda m, x: m(x), x_unbatched),
    case(
        "rnn_unbatched_h0_batch_first",
        lambda nn: nn.RNN(4, 3, 2, batch_first=True),
        lambda m, x, h: m(x, h),
        x_unbatched,
        draw.rand(2, 3),
    ),
    case("rnn_f64", lambda nn: nn.RNN(3, 5, 2, dtype=f64_of(nn)), lambda m, x: m(x), x_f64),
    case(
        "rnn_dropout_in_eval",
        lambda nn: nn.RNN(4, 3, 3, dropout=0.5),
        lambda m, x: m(x),
        x_5_3_4,
    ),
    # torch runs a float32 one-way LSTM through oneDNN (grad_fn MkldnnRnnLayerBackward0)
    case("lstm", lambda nn: nn.LSTM(4, 7), lambda m, x: m(x), x_5_3_4, names=False),
    case(
        "lstm_2_layers_bidirectional_h0_c0",
        lambda nn: nn.LSTM(4, 5, 2, bidirectional=True),
        lambda m, x, h, c: m(x, (h, c)),
        x_5_3_4,
        draw.rand(4, 3, 5),
        draw.rand(4, 3, 5),
    ),
    case(
        "lstm_proj_3_layers_bidirectional",
        lambda nn: nn.LSTM(4, 6, 3, bidirectional=True, proj_size=2),
        lambda m, x: m(x),
        x_5_3_4,
    ),
    case(
        "lstm_proj_h0_c0",
        lambda nn: nn.LSTM(4, 5, proj_size=3),
        lambda m, x, h, c: m(x, (h, c)),
        x_5_3_4,
        draw.rand(1, 3, 3),
        draw.rand(1, 3, 5),
    ),
    case(
        "lstm_batch_first_no_bias",
        lambda nn: nn.LSTM(4, 5, 2, bias=False, batch_first=True),
        lambda m, x: m(x),
        x_3_5_4,
    ),
    case("lstm_unbatched", lambda nn: nn.LSTM(4, 3), lambda m, x: m(x), x_unbatched),
    case(
        "lstm_unbatched_h0_c0_bidirectional",
        lambda nn: nn.LSTM(4, 3, bidirectional=True),
        lambda m, x, h, c: m(x, (h, c)),
        x_unbatched,
        draw.rand(2, 3),
        draw.rand(2, 3),
    ),
    case(
        "lstm_f64",
        lambda nn: nn.LSTM(3, 5, 2, bidirectional=True, dtype=f64_of(nn)),
        lambda m, x: m(x),
        x_f64,
    ),
    case("gru", lambda nn: nn.GRU(4, 7), lambda m, x: m(x), x_5_3_4),
    case(
        "gru_3_layers_bidirectional_h0",
        lambda nn: nn.GRU(4, 5, 3, bidirectional=True),
        lambda m, x, h: m(x, h),
        x_5_3_4,
        draw.rand(6, 3, 5),
    ),
    case(
        "gru_batch_first_no_bias",
        lambda nn: nn.GRU(4, 5, 2, bias=False, batch_first=True),
        lambda m, x: m(x),
        x_3_5_4,
    ),
    case(
        "gru_unbatched_h0",
        lambda nn: nn.GRU(4, 3, 2),
        lambda m, x, h: m(x, h),
        x_unbatched,
        draw.rand(2, 3),
    ),
    case(
        "gru_f64",
        lambda nn: nn.GRU(3, 5, 2, bidirectional=True, dtype=f64_of(nn)),
        lambda m, x: m(x),
        x_f64,
    ),
    case("gru_one_step", lambda nn: nn.GRU(4, 3), lambda m, x: m(x), draw.rand(1, 2, 4)),
]


@run(MODULES)
def test_module_matches_torch(fn, inputs, options):
    check_module(fn, inputs[0], *inputs[1:], **options)


# --- cells ----------------------------------------------------------------------------------------

x_3_4 = draw.rand(3, 4)
x_4 = draw.rand(4)

CELLS = [
    case("rnn_cell", lambda nn: nn.RNNCell(4, 5), lambda m, x: m(x), x_3_4),
    case(
        "rnn_cell_relu_h",
        lambda nn: nn.RNNCell(4, 5, nonlinearity="relu"),
        lambda m, x, h: m(x, h),
        x_3_4,
        draw.rand(3, 5),
    ),
    case("rnn_cell_unbatched", lambda nn: nn.RNNCell(4, 5, bias=False), lambda m, x: m(x), x_4),
    case(
        "rnn_cell_unbatched_h",
        lambda nn: nn.RNNCell(4, 5),
        lambda m, x, h: m(x, h),
        x_4,
        draw.rand(5),
    ),
    case("lstm_cell", lambda nn: nn.LSTMCell(4, 5), lambda m, x: m(x), x_3_4),
    case(
        "lstm_cell_h_c",
        lambda nn: nn.LSTMCell(4, 5),
        lambda m, x, h, c: m(x, (h, c)),
        x_3_4,
        draw.rand(3, 5),
        draw.rand(3, 5),
    ),
    case(
        "lstm_cell_unbatched_no_bias",
        lambda nn: nn.LSTMCell(4, 5, bias=False),
        lambda m, x, h, c: m(x, (h, c)),
        x_4,
        draw.rand(5),
        draw.rand(5),
    ),
    case("gru_cell", lambda nn: nn.GRUCell(4, 5), lambda m, x: m(x), x_3_4),
    case(
        "gru_cell_h",
        lambda nn: nn.GRUCell(4, 5),
        lambda m, x, h: m(x, h),
        x_3_4,
        draw.rand(3, 5),
    ),
    case("gru_cell_unbatched", lambda nn: nn.GRUCell(4, 5), lambda m, x: m(x), x_4),
    case(
        "gru_cell_f64_loop",  # the learner's own loop over time, through the cell
        lambda nn: nn.GRUCell(3, 4).double(),
        lambda m, x: [h := m(x[0])] + [h := m(x[t], h) for t in range(1, 4)],
        draw.rand(4, 2, 3, dtype=F64),
    ),
    # an unbatched state is rebuilt from its first two tensors, as torch rebuilds it
    case(
        "lstm_cell_unbatched_three_states",
        lambda nn: nn.LSTMCell(4, 3),
        lambda m, x: m(x, (x.new_zeros(3),) * 3),
        x_4,
    ),
]


@run(CELLS)
def test_cell_matches_torch(fn, inputs, options):
    check_module(fn, inputs[0], *inputs[1:], **options)


# --- packed sequences through the modules ---------------------------------------------------------

LENGTHS = [3, 5, 1, 5]  # unsorted, with a tie and a sequence of one step
x_packed = draw.rand(5, 4, 3)


def packed_call(batch_first=False):
    def call(m, x, *state):
        T = cybenko if isinstance(x, cybenko.Tensor) else torch
        packed = T.nn.utils.rnn.pack_padded_sequence(
            x, LENGTHS, batch_first=batch_first, enforce_sorted=False
        )
        if not state:
            out, final = m(packed)
        else:
            out, final = m(packed, tuple(state) if len(state) > 1 else state[0])
        padded = T.nn.utils.rnn.pad_packed_sequence(out, batch_first=batch_first)
        return out, final, padded

    return call


PACKED = [
    case("rnn_packed", lambda nn: nn.RNN(3, 4), packed_call(), x_packed),
    case(
        "rnn_packed_bidirectional_2_layers_h0",
        lambda nn: nn.RNN(3, 4, 2, bidirectional=True),
        packed_call(),
        x_packed,
        draw.rand(4, 4, 4),
    ),
    case(
        "lstm_packed_bidirectional_h0_c0",
        lambda nn: nn.LSTM(3, 4, 2, bidirectional=True),
        packed_call(),
        x_packed,
        draw.rand(4, 4, 4),
        draw.rand(4, 4, 4),
    ),
    case(
        "lstm_packed_proj_batch_first",
        lambda nn: nn.LSTM(3, 5, proj_size=2, batch_first=True, bidirectional=True),
        packed_call(batch_first=True),
        draw.rand(4, 5, 3),
    ),
    case(
        "gru_packed_3_layers",
        lambda nn: nn.GRU(3, 4, 3, bidirectional=True),
        packed_call(),
        x_packed,
    ),
    case(
        "gru_packed_sorted_f64",
        lambda nn: nn.GRU(3, 4, 2).double(),
        lambda m, x: m(cls_of(x).nn.utils.rnn.pack_padded_sequence(x, [4, 2, 2])),
        draw.rand(4, 3, 3, dtype=F64),
    ),
]


def cls_of(x):
    return cybenko if isinstance(x, cybenko.Tensor) else torch


@run(PACKED)
def test_packed_batches_match_torch(fn, inputs, options):
    check_module(fn, inputs[0], *inputs[1:], **options)


def test_a_packed_output_is_a_packed_sequence():
    out, _ = cybenko.nn.LSTM(3, 2)(cybenko.nn.utils.rnn.pack_sequence([cybenko.ones(2, 3)]))
    assert isinstance(out, cybenko.nn.utils.rnn.PackedSequence)


# --- dropout between layers draws torch's masks ---------------------------------------------------

DROPOUT = [
    case("rnn_dropout", lambda nn: nn.RNN(4, 6, 3, dropout=0.5), lambda m, x: m(x), x_5_3_4),
    case(
        "lstm_dropout_bidirectional",
        lambda nn: nn.LSTM(4, 5, 2, dropout=0.3, bidirectional=True),
        lambda m, x: m(x),
        x_5_3_4,
    ),
    case(
        "lstm_dropout_3_layers_onednn",  # torch's oneDNN path: same masks, other node names
        lambda nn: nn.LSTM(4, 6, 3, dropout=0.5),
        lambda m, x: m(x),
        x_5_3_4,
        names=False,
    ),
    case(
        "gru_dropout_packed",
        lambda nn: nn.GRU(3, 4, 3, dropout=0.6),
        packed_call(),
        x_packed,
    ),
]


@run(DROPOUT)
def test_dropout_between_layers_draws_torchs_masks(fn, inputs, options):
    check_module(fn, inputs[0], *inputs[1:], train=True, **options)


# --- initialisation and repr ----------------------------------------------------------------------

BUILDS = {
    "rnn": lambda nn: nn.RNN(7, 13, 2, bidirectional=True),
    "lstm_proj": lambda nn: nn.LSTM(5, 9, 3, proj_size=4, bidirectional=True),
    "gru_no_bias": lambda nn: nn.GRU(6, 11, bias=False),
    "rnn_cell": lambda nn: nn.RNNCell(3, 8),
    "lstm_cell": lambda nn: nn.LSTMCell(5, 7),
    "gru_cell": lambda nn: nn.GRUCell(9, 2, bias=False),
}


@pytest.mark.parametrize("seed", [0, 12345])
@pytest.mark.parametrize("name", BUILDS)
def test_initial_weights_are_torchs_bit_for_bit(name, seed):
    mods = []
    for lib in (torch, cybenko):
        lib.manual_seed(seed)
        mods.append(BUILDS[name](lib.nn))
    theirs, ours = (list(m.named_parameters()) for m in mods)
    assert [n for n, _ in ours] == [n for n, _ in theirs]
    for (_, t), (_, c) in zip(theirs, ours, strict=True):
        assert str(c.dtype) == str(t.dtype) and c.shape == t.shape
        assert np.array_equal(c.detach().numpy(), t.detach().numpy())
    assert [[p.shape for p in ws] for ws in getattr(mods[1], "all_weights", [])] == [
        [p.shape for p in ws] for ws in getattr(mods[0], "all_weights", [])
    ]


REPRS = [
    lambda nn: nn.RNN(3, 4),
    lambda nn: nn.RNN(3, 4, nonlinearity="relu", bias=False, batch_first=True),
    lambda nn: nn.LSTM(3, 4, 2, proj_size=2, dropout=0.5, bidirectional=True),
    lambda nn: nn.GRU(3, 4, num_layers=3, dropout=1),
    lambda nn: nn.RNNCell(3, 4, nonlinearity="relu"),
    lambda nn: nn.RNNCell(3, 4, bias=False),
    lambda nn: nn.LSTMCell(3, 4),
    lambda nn: nn.GRUCell(3, 4, bias=False),
    lambda nn: nn.Sequential(nn.LSTM(2, 3)),
]


@pytest.mark.parametrize("make", REPRS)
def test_repr_is_torchs(make):
    assert repr(make(cybenko.nn)) == repr(make(torch.nn))


def test_flatten_parameters_is_a_no_op():
    lstm = cybenko.nn.LSTM(2, 3)
    before = [p.detach().numpy().copy() for p in lstm.parameters()]
    assert lstm.flatten_parameters() is None
    assert all(np.array_equal(a, p.detach().numpy()) for a, p in zip(before, lstm.parameters()))  # noqa: B905


def test_dropout_with_one_layer_warns_as_torch():
    for lib in (torch, cybenko):
        with pytest.warns(UserWarning, match="dropout option adds dropout after all but last"):
            lib.nn.GRU(2, 3, dropout=0.2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cybenko.nn.GRU(2, 3, 2, dropout=0.2)


# --- finite differences: the gradients through time, without torch --------------------------------


def with_weights(module, **weights):
    """`module` with some parameters replaced by the given tensors (so they get gradients)."""
    for name, w in weights.items():
        delattr(module, name)
        object.__setattr__(module, name, w)
    return module


def fd_rnn(make):
    def fn(T, x, h, w_ih, w_hh_reverse, b_hh):
        T.manual_seed(SEED)
        m = with_weights(
            make(T.nn), weight_ih_l1=w_ih, weight_hh_l0_reverse=w_hh_reverse, bias_hh_l0=b_hh
        )
        out, final = m(x, h)
        final = final if isinstance(final, tuple) else (final,)
        return T.cat([out.flatten()] + [s.flatten() for s in final])

    return fn


def test_lstm_finite_differences():
    lstm = lambda nn: nn.LSTM(2, 3, 2, bidirectional=True, dtype=cybenko.float64)
    fn = fd_rnn(lstm)
    check_finite_differences(
        lambda T, x, h, c, *w: fn(T, x, (h, c), *w),
        draw.rand(3, 2, 2, dtype=F64),
        draw.rand(4, 2, 3, dtype=F64),
        draw.rand(4, 2, 3, dtype=F64),
        draw.rand(12, 6, dtype=F64),
        draw.rand(12, 3, dtype=F64),
        draw.rand(12, dtype=F64),
    )


def test_gru_finite_differences():
    fn = fd_rnn(lambda nn: nn.GRU(2, 3, 2, bidirectional=True, dtype=cybenko.float64))
    check_finite_differences(
        fn,
        draw.rand(3, 2, 2, dtype=F64),
        draw.rand(4, 2, 3, dtype=F64),
        draw.rand(9, 6, dtype=F64),
        draw.rand(9, 3, dtype=F64),
        draw.rand(9, dtype=F64),
    )


def test_packed_lstm_finite_differences():
    cybenko.manual_seed(SEED)
    lstm = cybenko.nn.LSTM(2, 3, bidirectional=True, dtype=cybenko.float64)
    pack = cybenko.nn.utils.rnn.pack_padded_sequence

    def fn(T, x, h, c):
        out, (h_n, c_n) = lstm(pack(x, [1, 3, 2], enforce_sorted=False), (h, c))
        return T.cat([out.data.flatten(), h_n.flatten(), c_n.flatten()])

    check_finite_differences(
        fn,
        draw.rand(3, 3, 2, dtype=F64),
        draw.rand(2, 3, 3, dtype=F64),
        draw.rand(2, 3, 3, dtype=F64),
    )


# --- errors ---------------------------------------------------------------------------------------

ERRORS = [
    case("rnn_4d_input", lambda T, x: T.nn.RNN(4, 3)(x), draw.rand(1, 2, 3, 4)),
    case("lstm_1d_input", lambda T, x: T.nn.LSTM(4, 3)(x), draw.rand(4)),
    case("gru_1d_input", lambda T, x: T.nn.GRU(4, 3)(x), draw.rand(4)),
    case("rnn_wrong_input_size", lambda T, x: T.nn.RNN(3, 3)(x), x_5_3_4),
    case("lstm_wrong_input_size", lambda T, x: T.nn.LSTM(5, 3)(x), x_5_3_4),
    case("gru_wrong_input_size_unbatched", lambda T, x: T.nn.GRU(3, 3)(x), x_unbatched),
    case("rnn_wrong_h0_shape", lambda T, x, h: T.nn.RNN(4, 3)(x, h), x_5_3_4, draw.rand(1, 2, 3)),
    case(
        "gru_wrong_h0_layers", lambda T, x, h: T.nn.GRU(4, 3, 2)(x, h), x_5_3_4, draw.rand(1, 3, 3)
    ),
    case("rnn_h0_2d_batched", lambda T, x, h: T.nn.RNN(4, 3)(x, h), x_5_3_4, draw.rand(3, 3)),
    case(
        "gru_h0_3d_unbatched", lambda T, x, h: T.nn.GRU(4, 3)(x, h), x_unbatched, draw.rand(1, 1, 3)
    ),
    case(
        "lstm_wrong_h0_size",
        lambda T, x, h, c: T.nn.LSTM(4, 3)(x, (h, c)),
        x_5_3_4,
        draw.rand(1, 3, 4),
        draw.rand(1, 3, 3),
    ),
    case(
        "lstm_wrong_c0_size",
        lambda T, x, h, c: T.nn.LSTM(4, 3, proj_size=2)(x, (h, c)),
        x_5_3_4,
        draw.rand(1, 3, 2),
        draw.rand(1, 3, 2),
    ),
    case(
        "lstm_h0_c0_2d_batched",
        lambda T, x, h, c: T.nn.LSTM(4, 3)(x, (h, c)),
        x_5_3_4,
        draw.rand(3, 3),
        draw.rand(1, 3, 3),
    ),
    case(
        "lstm_h0_c0_3d_unbatched",
        lambda T, x, h, c: T.nn.LSTM(4, 3)(x, (h, c)),
        x_unbatched,
        draw.rand(1, 1, 3),
        draw.rand(1, 3),
    ),
    case(
        "lstm_state_without_c0",
        lambda T, x, h: T.nn.LSTM(4, 3)(x, (h,)),
        x_5_3_4,
        draw.rand(1, 3, 3),
    ),
    case("rnn_dtype_mismatch", lambda T, x: T.nn.RNN(3, 5)(x), x_f64),
    case("lstm_empty_sequence", lambda T, x: T.nn.LSTM(4, 3)(x), draw.rand(0, 2, 4)),
    case("rnn_cell_3d", lambda T, x: T.nn.RNNCell(4, 3)(x), x_5_3_4),
    case("rnn_cell_3d_hidden", lambda T, x, h: T.nn.RNNCell(4, 3)(x, h), x_3_4, draw.rand(1, 3, 3)),
    case("rnn_cell_bad_nonlinearity", lambda T, x: T.nn.RNNCell(4, 3, nonlinearity="x")(x), x_4),
    case(
        "lstm_cell_3d_c",
        lambda T, x, h, c: T.nn.LSTMCell(4, 3)(x, (h, c)),
        x_4,
        draw.rand(3),
        draw.rand(1, 1, 3),
    ),
    case("gru_cell_wrong_input_size", lambda T, x: T.nn.GRUCell(3, 3)(x), x_3_4),
    case(
        "gru_cell_batch_mismatch", lambda T, x, h: T.nn.GRUCell(4, 3)(x, h), x_3_4, draw.rand(2, 3)
    ),
    case("gru_cell_wrong_hidden", lambda T, x, h: T.nn.GRUCell(4, 3)(x, h), x_4, draw.rand(2, 3)),
    case(
        "lstm_cell_wrong_c",
        lambda T, x, h, c: T.nn.LSTMCell(4, 3)(x, (h, c)),
        x_3_4,
        draw.rand(3, 3),
        draw.rand(3, 5),
    ),
    case("ctor_bad_nonlinearity", lambda T: T.nn.RNN(3, 4, nonlinearity="sigmoid")),
    case("ctor_gru_proj", lambda T: T.nn.GRU(3, 4, proj_size=2)),
    case("ctor_rnn_proj", lambda T: T.nn.RNN(3, 4, proj_size=2)),
    case("ctor_proj_too_big", lambda T: T.nn.LSTM(3, 4, proj_size=4)),
    case("ctor_negative_proj", lambda T: T.nn.LSTM(3, 4, proj_size=-1)),
    case("ctor_dropout_out_of_range", lambda T: T.nn.LSTM(3, 4, dropout=1.5)),
    case("ctor_dropout_bool", lambda T: T.nn.GRU(3, 4, dropout=True)),
    case("ctor_float_input_size", lambda T: T.nn.LSTM(3.0, 4)),
    case("ctor_float_hidden_size", lambda T: T.nn.RNN(3, 4.0)),
    case("ctor_zero_input_size", lambda T: T.nn.GRU(0, 4)),
    case("ctor_zero_hidden_size", lambda T: T.nn.LSTM(3, 0)),
    case("ctor_zero_layers", lambda T: T.nn.RNN(3, 4, 0)),
    case("ctor_bias_not_bool", lambda T: T.nn.RNN(3, 4, bias=1)),
    case("ctor_batch_first_not_bool", lambda T: T.nn.GRU(3, 4, batch_first=0)),
    # a batched LSTM passes its state tuple on as given: two tensors, no more, no fewer
    case("lstm_three_states", lambda T, x: T.nn.LSTM(4, 3)(x, (T.zeros(1, 3, 3),) * 3), x_5_3_4),
    case(
        "lstm_packed_one_state",
        lambda T, x: T.nn.LSTM(4, 3)(
            T.nn.utils.rnn.pack_padded_sequence(x, [5, 5, 5]), (T.zeros(1, 3, 3),)
        ),
        x_5_3_4,
    ),
    case(
        "lstm_cell_three_states",
        lambda T, x: T.nn.LSTMCell(4, 3)(x, (T.zeros(3, 3),) * 3),
        x_3_4,
    ),
    case("lstm_cell_one_state", lambda T, x: T.nn.LSTMCell(4, 3)(x, (T.zeros(3, 3),)), x_3_4),
]


@run(ERRORS)
def test_errors_are_torchs(fn, inputs, options):
    check_error(fn, *inputs, match=True)


# --- nn.utils.rnn ---------------------------------------------------------------------------------

seq_a, seq_b, seq_c = draw.rand(4, 3), draw.rand(1, 3), draw.rand(3, 3)
x_4_3_2 = draw.rand(4, 3, 2)


def U(T):
    return T.nn.utils.rnn


UTILS = [
    case("pack_padded_sorted", lambda T, x: U(T).pack_padded_sequence(x, [4, 2, 1]), x_4_3_2),
    case(
        "pack_padded_unsorted_tensor_lengths",
        lambda T, x, n: U(T).pack_padded_sequence(x, n, enforce_sorted=False),
        x_4_3_2,
        np.array([2, 4, 2]),
    ),
    case(
        "pack_padded_batch_first",
        lambda T, x: U(T).pack_padded_sequence(x, [3, 1, 2, 2], True, False),
        x_4_3_2,
    ),
    case("pack_padded_all_full", lambda T, x: U(T).pack_padded_sequence(x, [4, 4, 4]), x_4_3_2),
    case(
        "pad_packed_round_trip",
        lambda T, x: U(T).pad_packed_sequence(U(T).pack_padded_sequence(x, [4, 2, 1])),
        x_4_3_2,
    ),
    case(
        "pad_packed_unsorted_batch_first_total_length",
        lambda T, x: U(T).pad_packed_sequence(
            U(T).pack_padded_sequence(x, [1, 4, 2], enforce_sorted=False),
            batch_first=True,
            padding_value=-7.5,
            total_length=6,
        ),
        x_4_3_2,
    ),
    case(
        "pad_packed_batch_first_sorted",
        lambda T, x: U(T).pad_packed_sequence(
            U(T).pack_padded_sequence(x, [2, 2, 1, 1], batch_first=True), batch_first=True
        ),
        x_4_3_2,
    ),
    case("pad_sequence", lambda T, a, b, c: U(T).pad_sequence([a, b, c]), seq_a, seq_b, seq_c),
    case(
        "pad_sequence_batch_first_value",
        lambda T, a, b, c: U(T).pad_sequence((a, b, c), batch_first=True, padding_value=2.5),
        seq_a,
        seq_b,
        seq_c,
    ),
    case(
        "pad_sequence_left",
        lambda T, a, b, c: U(T).pad_sequence([b, a, c], padding_side="left"),
        seq_a,
        seq_b,
        seq_c,
    ),
    case(
        "pad_sequence_left_batch_first_1d",
        lambda T, a, b: U(T).pad_sequence([a, b], True, -1.0, "left"),
        draw.rand(2),
        draw.rand(5),
    ),
    case("pad_sequence_of_a_tensor", lambda T, x: U(T).pad_sequence(x), x_4_3_2),
    # a length past the 4 steps: torch packs the 4 steps but counts 6 in batch_sizes (and its
    # backward then fails, so values only)
    case(
        "pack_padded_length_past_the_steps",
        lambda T, x: U(T).pack_padded_sequence(x, [6, 2, 1]),
        x_4_3_2,
        grad=False,
    ),
    case(
        "pack_sequence_sorted",
        lambda T, a, b, c: U(T).pack_sequence([a, c, b]),
        seq_a,
        seq_b,
        seq_c,
    ),
    case(
        "pack_sequence_unsorted_f64",
        lambda T, a, b, c: U(T).pack_sequence([b, a, c], enforce_sorted=False),
        draw.rand(2, 2, dtype=F64),
        draw.rand(5, 2, dtype=F64),
        draw.rand(2, 2, dtype=F64),
    ),
    case(
        "unpack_sequence",
        lambda T, a, b, c: U(T).unpack_sequence(U(T).pack_sequence([b, a, c], False)),
        seq_a,
        seq_b,
        seq_c,
    ),
    case(
        "unpad_sequence_batch_first",
        lambda T, x: U(T).unpad_sequence(x, T.tensor([3, 1, 4]), batch_first=True),
        draw.rand(3, 4, 2),
    ),
    case(
        "unpad_sequence_time_major",
        lambda T, x: U(T).unpad_sequence(x.clone(), T.tensor([4, 1, 2])),
        x_4_3_2,
    ),
    case(
        "invert_permutation",
        lambda T, p: U(T).invert_permutation(p),
        np.array([2, 0, 3, 1]),
    ),
]


@run(UTILS)
def test_rnn_utils_match_torch(fn, inputs, options):
    check(fn, *inputs, **options)


def test_packed_sequence_is_torchs_named_tuple():
    ours = U(cybenko).pack_sequence([cybenko.ones(2, 1), cybenko.ones(1, 1)])
    theirs = U(torch).pack_sequence([torch.ones(2, 1), torch.ones(1, 1)])
    assert ours._fields == theirs._fields
    data, batch_sizes, sorted_indices, unsorted_indices = ours
    assert sorted_indices is None and unsorted_indices is None
    assert batch_sizes.tolist() == theirs.batch_sizes.tolist() == [2, 1]
    assert str(batch_sizes.dtype) == "cybenko.int64" or batch_sizes.dtype == cybenko.int64
    assert ours.double().data.dtype == cybenko.float64
    rebuilt = U(cybenko).PackedSequence(data, batch_sizes, cybenko.tensor([1, 0]))
    assert rebuilt.unsorted_indices.tolist() == [1, 0]
    assert U(cybenko).invert_permutation(None) is None


UTIL_ERRORS = [
    case("pack_zero_length", lambda T, x: U(T).pack_padded_sequence(x, [4, 2, 0]), x_4_3_2),
    case("pack_wrong_count", lambda T, x: U(T).pack_padded_sequence(x, [4, 2]), x_4_3_2),
    case("pack_unsorted", lambda T, x: U(T).pack_padded_sequence(x, [2, 4, 1]), x_4_3_2),
    case(
        "pad_total_length_too_short",
        lambda T, x: U(T).pad_packed_sequence(
            U(T).pack_padded_sequence(x, [4, 2, 1]), total_length=3
        ),
        x_4_3_2,
    ),
    case("pad_sequence_empty", lambda T: U(T).pad_sequence([])),
    case("pad_sequence_side", lambda T, a: U(T).pad_sequence([a], padding_side="middle"), seq_a),
    case("pad_sequence_not_iterable", lambda T: U(T).pad_sequence(3)),
    case("pad_sequence_other_features", lambda T, a: U(T).pad_sequence([a, a[:, :2]]), seq_a),
    case("pad_sequence_more_dims", lambda T, a: U(T).pad_sequence([a, a[..., None]]), seq_a),
    case(
        "packed_input_not_2d",
        lambda T, x: T.nn.GRU(2, 3)(U(T).PackedSequence(x, T.tensor([1]))),
        x_4_3_2,
    ),
]


@run(UTIL_ERRORS)
def test_rnn_utils_errors_are_torchs(fn, inputs, options):
    check_error(fn, *inputs, match=True)
