"""Every layer of cybenko.nn against torch.nn: forward values and the gradients reaching the
input and every parameter, in training and in evaluation, with odd shapes and edge values.

`twin(make)` builds one model in both libraries and gives the cybenko copy torch's weights,
so these tests hold whatever the random generators do; the seeded tests at the end check that
the generators agree too (default initialisation, nn.init, dropout masks).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import cybenko
from helpers import check, check_error, scaled_atol
from oracle import torch

LIBS = (torch, cybenko)
# cybenko silences NumPy's overflow warnings (torch computes inf silently), but pytest resets
# warning filters set at import; restore that here so edge-value cases stay quiet.
pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings(r"ignore::RuntimeWarning:cybenko\..*")]
rng = np.random.default_rng(0)


def rand(*shape, lo=-2.0, hi=2.0, dtype=np.float32):
    return np.asarray(rng.uniform(lo, hi, shape), dtype=dtype)


def twin(make):
    """(torch model, cybenko model): `make(lib)` built with each library, the cybenko one
    loaded with the torch one's parameters and buffers."""
    theirs, ours = make(torch), make(cybenko)
    state = {k: cybenko.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    return theirs, ours


# Inputs, weights and the weights of the summed outputs are of order 1: a result made by
# cancellation from them keeps up to ~1e-6 of their rounding however small it is (a softmax
# gradient of 0.008 was 1.6e-7 off torch in one draw of 300). atol 1e-5 is torch.testing's own
# float32 default.
ATOL = 1e-5


def close(ours, theirs, what="", atol=ATOL, rtol=1e-5):
    """Same dtype, shape and values (None matches None), within `rtol` of each value or
    `atol`, and never more closely than `rtol` of the largest (see helpers.scaled_atol)."""
    if theirs is None:
        assert ours is None, f"{what}: torch has None"
        return
    assert ours is not None, f"{what}: cybenko has None"
    assert str(ours.dtype) == str(theirs.dtype), f"{what}: dtype {ours.dtype}"
    assert tuple(ours.shape) == tuple(theirs.shape), f"{what}: shape {tuple(ours.shape)}"
    want = theirs.detach().numpy()
    atol = max(atol, scaled_atol(want, rtol))
    np.testing.assert_allclose(ours.detach().numpy(), want, atol=atol, rtol=rtol, err_msg=what)


def run_twins(models, *inputs, grad=True, atol=ATOL, rtol=1e-5):
    """Call both models on the same inputs; compare outputs, grad_fn names, and the gradients
    of a fixed weighted sum of the output w.r.t. every float input and every parameter."""
    theirs, ours = models
    results = []
    for lib, model in zip(LIBS, models, strict=True):
        xs = [
            lib.tensor(x, requires_grad=grad and x.dtype.kind == "f")
            if isinstance(x, np.ndarray)
            else x
            for x in inputs
        ]
        out = model(*xs)
        results.append((xs, out))
    (t_in, t_out), (c_in, c_out) = results
    close(c_out, t_out, "output", atol, rtol)
    if t_out.grad_fn is not None:
        assert c_out.grad_fn is not None and c_out.grad_fn.name() == t_out.grad_fn.name()
    if not t_out.requires_grad:
        assert not c_out.requires_grad
        return t_out, c_out
    weights = np.random.default_rng(1).uniform(0.5, 1.5, tuple(t_out.shape))
    (t_out * torch.tensor(weights, dtype=t_out.dtype)).sum().backward()
    (c_out * cybenko.tensor(weights, dtype=c_out.dtype)).sum().backward()
    for i, (t, c) in enumerate(zip(t_in, c_in, strict=True)):
        if isinstance(t, torch.Tensor) and t.requires_grad:
            close(c.grad, t.grad, f"grad of input {i}", atol, rtol)
    t_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        close(p.grad, t_params[name].grad, f"grad of {name}", atol, rtol)
    return t_out, c_out


# Batch norm's weight and input gradients cancel terms up to ~5 in size (weights up to 1.5
# times normalised values up to 2 or so, over the batch): 1e-5 of that.
BATCH_NORM = {"atol": 5e-5}


def layer_case(name, make, *shapes_or_arrays, train=True, **options):
    inputs = [rand(*s) if isinstance(s, tuple) else s for s in shapes_or_arrays]
    return pytest.param(make, inputs, train, options, id=name)


EDGES = np.array([[0.0, -0.0, 1e-8, -1e-8, 1.0, -1.0, 30.0, -30.0, 100.0, -100.0]], np.float32)

LAYERS = [
    layer_case("linear", lambda T: T.nn.Linear(3, 4), (5, 3)),
    layer_case("linear_no_bias", lambda T: T.nn.Linear(3, 4, bias=False), (5, 3)),
    layer_case("linear_1d_input", lambda T: T.nn.Linear(3, 2), (3,)),
    layer_case("linear_1d_no_bias", lambda T: T.nn.Linear(3, 2, bias=False), (3,)),
    layer_case("linear_batched_3d", lambda T: T.nn.Linear(3, 2), (2, 4, 3)),
    layer_case("linear_batched_3d_no_bias", lambda T: T.nn.Linear(3, 2, bias=False), (2, 4, 3)),
    layer_case("linear_4d", lambda T: T.nn.Linear(1, 1), (2, 1, 3, 1)),
    # one input or output feature takes an outer-product path (the notes' 1 -> 512 -> 1 net)
    layer_case("linear_one_input_feature", lambda T: T.nn.Linear(1, 7), (6, 1)),
    layer_case("linear_one_output_feature", lambda T: T.nn.Linear(7, 1), (6, 7)),
    layer_case("linear_one_in_one_out_1d", lambda T: T.nn.Linear(1, 1), (1,)),
    layer_case("linear_empty_batch", lambda T: T.nn.Linear(3, 2), (0, 3)),
    layer_case(
        "linear_float64", lambda T: T.nn.Linear(3, 2).double(), rand(4, 3, dtype=np.float64)
    ),
    layer_case("identity", lambda T: T.nn.Identity(54, unused="x"), (2, 3)),
    layer_case("flatten", lambda T: T.nn.Flatten(), (2, 3, 4)),
    layer_case("flatten_dims", lambda T: T.nn.Flatten(0, 1), (2, 3, 4)),
    layer_case("unflatten", lambda T: T.nn.Unflatten(1, (2, 3)), (4, 6)),
    # output 1x1 is the mean, taken before torch checks the dims: an (H, W) input works
    layer_case("adaptive_avg_pool_1x1_of_2d", lambda T: T.nn.AdaptiveAvgPool2d(1), (5, 5)),
    layer_case("sigmoid", lambda T: T.nn.Sigmoid(), EDGES),
    layer_case("tanh", lambda T: T.nn.Tanh(), EDGES),
    layer_case("relu", lambda T: T.nn.ReLU(), EDGES),
    layer_case("relu_odd", lambda T: T.nn.ReLU(), (3, 1, 5)),
    layer_case("leaky_relu", lambda T: T.nn.LeakyReLU(), EDGES),
    layer_case("leaky_relu_slope", lambda T: T.nn.LeakyReLU(0.2), (4, 3)),
    layer_case("elu", lambda T: T.nn.ELU(), EDGES),
    layer_case("elu_alpha", lambda T: T.nn.ELU(alpha=0.5), (3, 4)),
    layer_case("selu", lambda T: T.nn.SELU(), EDGES),
    layer_case("gelu", lambda T: T.nn.GELU(), EDGES),
    layer_case("gelu_wide", lambda T: T.nn.GELU(), rand(50, lo=-8, hi=8)),
    layer_case("gelu_tanh", lambda T: T.nn.GELU(approximate="tanh"), EDGES),
    layer_case("gelu_float64", lambda T: T.nn.GELU(), rand(20, lo=-6, hi=6, dtype=np.float64)),
    layer_case("softplus", lambda T: T.nn.Softplus(), EDGES),
    layer_case(
        "softplus_beta", lambda T: T.nn.Softplus(beta=2, threshold=5), rand(30, lo=-5, hi=5)
    ),
    layer_case("softmax", lambda T: T.nn.Softmax(dim=1), (3, 4)),
    layer_case("softmax_dim0", lambda T: T.nn.Softmax(dim=0), (3, 4)),
    layer_case("softmax_large", lambda T: T.nn.Softmax(dim=-1), EDGES),
    layer_case("log_softmax", lambda T: T.nn.LogSoftmax(dim=1), (3, 4)),
    layer_case("log_softmax_large", lambda T: T.nn.LogSoftmax(dim=1), EDGES),
    layer_case("dropout_eval", lambda T: T.nn.Dropout(0.5), (3, 4), train=False),
    layer_case("dropout_p0", lambda T: T.nn.Dropout(0.0), (3, 4)),
    layer_case("dropout_p1", lambda T: T.nn.Dropout(1.0), (3, 4)),
    layer_case("batchnorm_2d_input", lambda T: T.nn.BatchNorm1d(3), (5, 3), **BATCH_NORM),
    layer_case("batchnorm_3d_input", lambda T: T.nn.BatchNorm1d(3), (4, 3, 5), **BATCH_NORM),
    layer_case(
        "batchnorm_eval", lambda T: T.nn.BatchNorm1d(3), (5, 3), train=False, **BATCH_NORM
    ),
    layer_case(
        "batchnorm_eval_3d", lambda T: T.nn.BatchNorm1d(2), (3, 2, 4), train=False, **BATCH_NORM
    ),
    layer_case(
        "batchnorm_no_affine", lambda T: T.nn.BatchNorm1d(3, affine=False), (5, 3), **BATCH_NORM
    ),
    layer_case(
        "batchnorm_no_stats",
        lambda T: T.nn.BatchNorm1d(3, track_running_stats=False),
        (5, 3),
        train=False,
        **BATCH_NORM,
    ),
    layer_case(
        "batchnorm_no_bias", lambda T: T.nn.BatchNorm1d(3, bias=False), (5, 3), **BATCH_NORM
    ),
    # Two rows normalise to -1 and 1 whatever they hold: the input's gradient is eps's doing,
    # what is left when terms up to 1 / std cancel.
    layer_case(
        "batchnorm_two_rows", lambda T: T.nn.BatchNorm1d(1), (2, 1), rtol=1e-4, atol=1e-4
    ),
    layer_case("batchnorm2d", lambda T: T.nn.BatchNorm2d(2), (3, 2, 2, 3), **BATCH_NORM),
    layer_case(
        "mlp",
        lambda T: T.nn.Sequential(
            T.nn.Linear(2, 8), T.nn.Tanh(), T.nn.Linear(8, 8), T.nn.ReLU(), T.nn.Linear(8, 1)
        ),
        (16, 2),
    ),
    layer_case(
        "mlp_batchnorm_dropout_eval",
        lambda T: T.nn.Sequential(
            T.nn.Linear(4, 6),
            T.nn.BatchNorm1d(6),
            T.nn.GELU(),
            T.nn.Dropout(0.3),
            T.nn.Linear(6, 3),
            T.nn.LogSoftmax(dim=1),
        ),
        (7, 4),
        train=False,
        **BATCH_NORM,
    ),
    # a one-element padding tuple is kept as given and expanded by the convolution
    layer_case("conv2d_padding_of_one", lambda T: T.nn.Conv2d(2, 3, 3, padding=(1,)), (1, 2, 5, 5)),
]


@pytest.mark.parametrize("make, inputs, train, options", LAYERS)
def test_layer_matches_torch(make, inputs, train, options):
    models = twin(make)
    for m in models:
        m.train(train)
    run_twins(models, *inputs, **options)
    for (name, t_buf), (c_name, c_buf) in zip(
        models[0].named_buffers(), models[1].named_buffers(), strict=True
    ):
        assert name == c_name
        close(c_buf, t_buf, name)


def test_layers_shipped_in_float64_run_in_float64():
    models = twin(lambda T: T.nn.Sequential(T.nn.Linear(3, 2), T.nn.BatchNorm1d(2)).double())
    run_twins(models, rand(5, 3, dtype=np.float64), atol=1e-12, rtol=1e-12)


# --- BatchNorm1d over several steps ----------------------------------------------------------

# Inputs up to 10 (and running statistics made from them): 1e-5 of those magnitudes, as ATOL
# is of order-1 ones. Measured: up to 2.3e-6 from torch over 300 draws.
LARGE_INPUTS = 1e-4


@pytest.mark.parametrize("momentum", [0.1, 0.5, None])
@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5)])
def test_batchnorm_running_stats_follow_torch_over_steps(momentum, shape):
    models = twin(lambda T: T.nn.BatchNorm1d(3, momentum=momentum))
    for step in range(4):
        x = rand(*shape, lo=-3 + step, hi=4 + 2 * step)
        run_twins(models, x, atol=LARGE_INPUTS)
        for name in ("running_mean", "running_var", "num_batches_tracked"):
            close(getattr(models[1], name), getattr(models[0], name), f"step {step} {name}")
    for m in models:
        m.eval()
    run_twins(models, rand(*shape), atol=LARGE_INPUTS)


def test_batchnorm_eval_uses_running_stats_and_leaves_them():
    models = twin(lambda T: T.nn.BatchNorm1d(2))
    # The weight's gradient sums grad * xhat over the batch, a cancelling float32 sum whose
    # rounding depends on the order: 3e-6 apart from torch for some draws.
    run_twins(models, rand(8, 2, lo=3, hi=9), atol=LARGE_INPUTS)
    for m in models:
        m.eval()
    before = models[1].running_mean.clone()
    run_twins(models, rand(3, 2), atol=LARGE_INPUTS)
    close(models[1].running_mean, before)
    assert int(models[1].num_batches_tracked) == 1


def test_batchnorm_without_tracking_has_no_buffers():
    t_bn, c_bn = twin(lambda T: T.nn.BatchNorm1d(3, track_running_stats=False))
    assert c_bn.running_mean is None and c_bn.num_batches_tracked is None
    assert list(c_bn.state_dict()) == list(t_bn.state_dict()) == ["weight", "bias"]


@pytest.mark.parametrize(
    "make, shape",
    [
        (lambda T: T.nn.BatchNorm1d(3), (1, 3)),
        (lambda T: T.nn.BatchNorm1d(3), (1, 3, 1)),
        (lambda T: T.nn.BatchNorm1d(3), (4, 3, 2, 2)),
        (lambda T: T.nn.BatchNorm1d(3), (4, 2)),
        (lambda T: T.nn.BatchNorm1d(3).eval(), (4, 2, 5)),
        (lambda T: T.nn.BatchNorm2d(3), (4, 3, 2)),
    ],
)
def test_batchnorm_errors_match_torch(make, shape):
    raises_like(lambda T: make(T)(T.tensor(rand(*shape))))


# --- embedding --------------------------------------------------------------------------------

IDX = np.array([[1, 0, 4, 4], [2, 2, 2, 0]])


@pytest.mark.parametrize(
    "make",
    [
        lambda T: T.nn.Embedding(5, 3),
        lambda T: T.nn.Embedding(5, 3, padding_idx=2),
        lambda T: T.nn.Embedding(5, 3, padding_idx=-1),
        lambda T: T.nn.Embedding(5, 3, scale_grad_by_freq=True),
        lambda T: T.nn.Embedding(5, 3, padding_idx=0, scale_grad_by_freq=True),
    ],
)
@pytest.mark.parametrize("idx", [IDX, IDX[0], np.array(3), IDX.astype(np.int32)])
def test_embedding_matches_torch(make, idx):
    run_twins(twin(make), idx)


def test_embedding_padding_row_gets_zero_gradient_and_starts_at_zero():
    emb = cybenko.nn.Embedding(4, 2, padding_idx=1)
    np.testing.assert_array_equal(emb.weight.detach().numpy()[1], [0.0, 0.0])
    emb(cybenko.tensor([1, 1, 3])).sum().backward()
    np.testing.assert_array_equal(emb.weight.grad.numpy()[1], [0.0, 0.0])
    np.testing.assert_array_equal(emb.weight.grad.numpy()[3], [1.0, 1.0])


def test_embedding_max_norm_renormalizes_looked_up_rows_like_torch():
    models = twin(lambda T: T.nn.Embedding(6, 4, max_norm=1.0))
    run_twins(models, np.array([0, 3, 3, 5]))
    close(models[1].weight, models[0].weight, "renormalized weight")


def test_embedding_from_pretrained_is_frozen_by_default():
    w = rand(3, 2)
    for lib in LIBS:
        emb = lib.nn.Embedding.from_pretrained(lib.tensor(w))
        assert not emb.weight.requires_grad
        assert emb(lib.tensor([2])).tolist() == [w[2].tolist()]
        assert lib.nn.Embedding.from_pretrained(lib.tensor(w), freeze=False).weight.requires_grad


def test_sparse_embedding_prints_as_torchs():  # its gradients: tests/test_sparse.py
    assert repr(cybenko.nn.Embedding(3, 2, sparse=True)) == repr(
        torch.nn.Embedding(3, 2, sparse=True)
    )


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.nn.functional.embedding(T.tensor([0, 5]), T.rand(5, 2)),
        lambda T: T.nn.functional.embedding(T.tensor([0, -1]), T.rand(5, 2)),
        lambda T: T.nn.functional.embedding(T.tensor([0.0, 1.0]), T.rand(5, 2)),
        lambda T: T.nn.Embedding(3, 2, padding_idx=3),
        lambda T: T.nn.Embedding(3, 2, padding_idx=-4),
        lambda T: T.nn.Embedding(0, 2)(T.tensor([0])),  # an empty table: index_select's words
    ],
)
def test_embedding_errors_match_torch(fn):
    raises_like(fn)


# --- dropout ---------------------------------------------------------------------------------


def test_dropout_in_eval_mode_returns_its_input():
    drop = cybenko.nn.Dropout(0.3).eval()
    x = cybenko.ones(4)
    assert drop(x) is x


def test_dropout_errors_and_repr_match_torch():
    raises_like(lambda T: T.nn.Dropout(1.5), match=True)
    raises_like(lambda T: T.nn.functional.dropout(T.ones(2), -0.1), match=True)
    assert repr(cybenko.nn.Dropout(0.25, inplace=True)) == repr(torch.nn.Dropout(0.25, True))


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.9])
@pytest.mark.parametrize("shape", [(7,), (3, 33), (2, 3, 5)])
def test_dropout_mask_under_a_seed_matches_torch(p, shape):
    x = rand(*shape)
    outs = []
    for lib in LIBS:
        lib.manual_seed(1234)
        xt = lib.tensor(x, requires_grad=True)
        out = lib.nn.functional.dropout(xt, p)
        out.sum().backward()
        outs.append((out, xt.grad, lib.rand(2)))
    (t_out, t_grad, t_next), (c_out, c_grad, c_next) = outs
    np.testing.assert_array_equal(c_out.detach().numpy(), t_out.detach().numpy())
    np.testing.assert_array_equal(c_grad.numpy(), t_grad.numpy())
    np.testing.assert_array_equal(c_next.numpy(), t_next.numpy())  # same draws consumed
    assert c_out.grad_fn.name() == t_out.grad_fn.name()


def test_dropout_inplace_writes_into_its_input():
    for lib in LIBS:
        lib.manual_seed(7)
    x_t, x_c = torch.ones(10), cybenko.ones(10)
    out_t = torch.nn.Dropout(0.5, inplace=True)(x_t)
    out_c = cybenko.nn.Dropout(0.5, inplace=True)(x_c)
    assert out_c is x_c and out_t is x_t
    np.testing.assert_array_equal(x_c.numpy(), x_t.numpy())


# --- activation details ------------------------------------------------------------------------


def test_inplace_activations_overwrite_their_input():
    for make in (
        lambda T: T.nn.ReLU(inplace=True),
        lambda T: T.nn.LeakyReLU(0.1, inplace=True),
        lambda T: T.nn.ELU(inplace=True),
        lambda T: T.nn.SELU(inplace=True),
    ):
        x = rand(2, 5)
        outs = []
        for lib in LIBS:
            t = lib.tensor(x)
            out = make(lib)(t)
            assert out is t
            outs.append(t.numpy())
        # ELU's exp(x) - 1 is near zero for x near zero
        np.testing.assert_allclose(outs[1], outs[0], rtol=1e-6, atol=scaled_atol(outs[0], 1e-6))


X34 = rand(3, 4)


def test_inplace_activations_in_the_graph_name_their_nodes_like_torch():
    def names(T):
        F = T.nn.functional
        x = T.rand(3, requires_grad=True)
        return [
            f(x * 1).grad_fn.name()
            for f in (
                lambda y: F.relu(y, inplace=True),
                lambda y: F.leaky_relu(y, 0.1, inplace=True),
                lambda y: F.elu(y, inplace=True),
                lambda y: F.selu(y, inplace=True),
                lambda y: F.dropout(y, 0.5, inplace=True),
            )
        ]

    assert names(cybenko) == names(torch)


def test_inplace_activation_in_the_graph_keeps_gradients():
    def grad(lib):
        x = lib.tensor(X34, requires_grad=True)
        y = x * 2
        lib.nn.functional.elu(y, inplace=True)
        z = y * 3
        lib.nn.functional.relu(z, inplace=True)
        (z * z).sum().backward()
        return x.grad

    close(grad(cybenko), grad(torch))


@pytest.mark.parametrize("dim_ndim", [(None, 1), (None, 2), (None, 3), (None, 4), (None, 0)])
def test_softmax_without_dim_uses_torchs_implicit_rule_and_warns(dim_ndim):
    _, ndim = dim_ndim
    x = rand(*([2, 3, 2, 3][:ndim]))
    results = []
    for lib in LIBS:
        with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
            soft = lib.nn.Softmax()(lib.tensor(x))
        with pytest.warns(UserWarning, match="Implicit dimension choice for log_softmax"):
            log = lib.nn.functional.log_softmax(lib.tensor(x))
        results.append((soft, log))
    close(results[1][0], results[0][0])
    close(results[1][1], results[0][1])


def test_softmax_warning_points_at_the_callers_line():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cybenko.nn.Softmax()(cybenko.ones(2, 2))
        cybenko.nn.functional.softmax(cybenko.ones(2, 2))
    assert [w.filename for w in caught] == [__file__, __file__]


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.nn.functional.gelu(T.ones(2), approximate="foo"),
        lambda T: T.nn.functional.elu(T.tensor([1, -2])),
        lambda T: T.nn.functional.gelu(T.tensor([1, -2])),
        lambda T: T.nn.functional.softplus(T.tensor([1, -2])),
        lambda T: T.nn.functional.leaky_relu(T.tensor([1, -2])),
        lambda T: T.nn.Softmax(dim=2)(T.ones(3, 4)),
        lambda T: T.nn.Linear(3, 2)(T.ones(4, 2)),
        lambda T: T.nn.Linear(3, 2)(T.ones(2, 4, 2)),
        lambda T: T.nn.Linear(3, 2)(T.ones(4, 3, dtype=T.float64)),
        lambda T: T.nn.functional.linear(T.ones(4, 3), T.ones(2, 3), T.ones(3)),
        lambda T: T.nn.Unflatten(1, 6),
        lambda T: T.nn.Unflatten(1, (2, 3.0)),
        lambda T: T.nn.Unflatten(1, ())(T.ones(2, 6)),
        lambda T: T.nn.AdaptiveAvgPool2d((1, 1))(T.ones(5, 5)),  # sizes need a dim more: ValueError
        lambda T: T.nn.Conv2d(1, 1, 3, dilation=0)(T.ones(1, 1, 5, 5)),
        lambda T: T.nn.Conv2d(1, 1, 3, dilation=(1, -1))(T.ones(1, 1, 5, 5)),
        lambda T: T.nn.Conv1d(1, 1, 3, dilation=0)(T.ones(1, 1, 5)),  # run as 2-d: [1, 0]
        lambda T: T.nn.ConvTranspose2d(1, 1, 3, dilation=0)(T.ones(1, 1, 5, 5)),
        lambda T: T.nn.ConvTranspose2d(1, 1, 3, dilation=0)(T.ones(2, 1, 5, 5)),  # by oneDNN
    ],
)
def test_layer_errors_match_torch(fn):
    raises_like(fn, match=True)


# F.linear follows torch's own steps: addmm on a matrix input or a bias that squeezes to a row,
# else matmul then the bias added in place, which may broadcast it but not enlarge the output
LINEAR_BIASES = [
    pytest.param((2, 3), (2, 4), id="matrix_input_bias_of_the_output_shape"),
    pytest.param((3, 3), (3, 1), id="matrix_input_column_bias"),
    pytest.param((5, 2, 3), (2, 4), id="batched_input_bias_of_the_last_two_dims"),
    pytest.param((5, 2, 3), (), id="batched_input_0d_bias"),
    pytest.param((3,), (1, 4), id="vector_input_row_bias"),
    pytest.param((3,), (), id="vector_input_0d_bias"),
]


@pytest.mark.parametrize("x_shape, b_shape", LINEAR_BIASES)
def test_linear_takes_any_bias_that_broadcasts_like_torch(x_shape, b_shape):
    x, w, b = rand(*x_shape), rand(4, 3), rand(*b_shape)
    check(lambda T, x, w, b: T.nn.functional.linear(x, w, b), x, w, b)


# Refusals an audit against torch found missing: each call gave a value or another error.
def F(T):
    return T.nn.functional


REFUSALS = [
    pytest.param(lambda T: F(T).embedding(T.tensor([0, 1]), T.ones(3, 2, 2)), id="embedding_3d"),
    pytest.param(lambda T: F(T).embedding(T.tensor([0, 1]), T.ones(4)), id="embedding_1d"),
    pytest.param(lambda T: F(T).embedding(T.tensor([0]), T.tensor(1.0)), id="embedding_0d"),
    pytest.param(
        lambda T: F(T).embedding(T.tensor([0, 1]), T.ones(4), max_norm=1.0),
        id="embedding_1d_max_norm",
    ),
    pytest.param(
        lambda T: F(T).embedding(T.tensor([0.0, 1.0]), T.ones(3, 2), max_norm=1.0),
        id="embedding_float_indices_max_norm",
    ),
    pytest.param(lambda T: F(T).linear(T.ones(2, 3), T.ones(3), T.ones(1)), id="linear_1d_weight"),
    pytest.param(
        lambda T: F(T).linear(T.ones(4, 2, 3), T.ones(3), T.ones(1, 4)),
        id="linear_1d_weight_batched_row_bias",
    ),
    pytest.param(lambda T: F(T).linear(T.tensor(1.0), T.ones(2, 3)), id="linear_0d_input"),
    pytest.param(
        lambda T: F(T).linear(T.ones(2, 3), T.ones(4, 3), T.ones(3, 4)), id="linear_bias_rows"
    ),
    pytest.param(
        lambda T: F(T).linear(T.ones(2, 3), T.ones(4, 3), T.ones(1, 1, 4)),
        id="linear_bias_3d_on_matrix",
    ),
    pytest.param(
        lambda T: F(T).linear(T.ones(5, 2, 3), T.ones(4, 3), T.ones(6, 5, 1, 1)),
        id="linear_bias_enlarges_output",
    ),
    pytest.param(
        lambda T: F(T).linear(T.ones(5, 2, 3), T.ones(4, 3), T.ones(3)),
        id="linear_batched_bias_size",
    ),
    pytest.param(
        lambda T: F(T).linear(T.ones(2, 3), T.ones(4, 3), T.ones(4, dtype=T.float64)),
        id="linear_f64_bias",
    ),
    pytest.param(
        lambda T: F(T).linear(T.ones(2, 3), T.ones(4, 3, dtype=T.float64)), id="linear_f64_weight"
    ),
    pytest.param(
        lambda T: T.nn.AvgPool2d(2)(T.ones(1, 3, 4, 4, dtype=T.int32)), id="avg_pool2d_int32"
    ),
    pytest.param(lambda T: T.nn.AvgPool1d(2)(T.ones(1, 3, 4, dtype=T.bool)), id="avg_pool1d_bool"),
    pytest.param(
        lambda T: F(T).avg_pool2d(T.ones(0, 3, 4, 4, dtype=T.uint8), 2), id="avg_pool2d_uint8"
    ),
    # torch keeps the kernel size as given and refuses it in the forward
    pytest.param(lambda T: T.nn.Conv2d(1, 1, (3, 3, 3))(T.ones(1, 1, 4, 4)), id="conv2d_3d_kernel"),
]


@pytest.mark.parametrize("fn", REFUSALS)
def test_refusals_match_torch_word_for_word(fn):
    raises_like(fn, match=True)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda T: T.nn.Conv2d(1, 1, (3, 3, 3)), id="3d_kernel"),
        pytest.param(lambda T: T.nn.Conv2d(1, 1, (3, 3, 3), padding="same"), id="3d_kernel_same"),
        pytest.param(
            lambda T: T.nn.Conv2d(1, 1, 3, padding=(1,), padding_mode="reflect"),
            id="padding_of_one_reflect",
        ),
        pytest.param(
            lambda T: T.nn.Conv1d(1, 1, (3, 3), padding_mode="reflect"), id="conv1d_2d_kernel"
        ),
    ],
)
def test_conv_layers_keep_their_arguments_as_given(make):
    assert repr(make(cybenko)) == repr(make(torch))


def raises_like(fn, match=False):
    """Both libraries refuse `fn(lib)` with the same exception type (and message)."""
    check_error(fn, match=match)


# --- a whole training run ----------------------------------------------------------------------


def test_a_small_network_trains_in_step_with_torch():
    """Twenty hand-written SGD steps on an MLP with every kind of layer: same losses, same
    weights at the end."""

    def make(T):
        return T.nn.Sequential(
            T.nn.Linear(3, 16),
            T.nn.BatchNorm1d(16),
            T.nn.ELU(),
            T.nn.Linear(16, 16),
            T.nn.GELU(),
            T.nn.Linear(16, 4),
        )

    models = twin(make)
    x, y = rand(32, 3), rng.integers(0, 4, 32)
    losses = []
    for lib, model in zip(LIBS, models, strict=True):
        xs, ys = lib.tensor(x), lib.tensor(y)
        history = []
        for _ in range(20):
            loss = lib.nn.functional.cross_entropy(model(xs), ys)
            model.zero_grad()
            loss.backward()
            with lib.no_grad():
                for p in model.parameters():
                    p -= 0.1 * p.grad
            history.append(loss.item())
        losses.append(history)
    np.testing.assert_allclose(losses[1], losses[0], rtol=1e-4)
    for (name, t_p), (_, c_p) in zip(
        models[0].state_dict().items(), models[1].state_dict().items(), strict=True
    ):
        close(c_p, t_p, name, atol=1e-5, rtol=1e-4)


# --- seeded initialisation: the generators agree -----------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda T: T.nn.Linear(5, 3),
        lambda T: T.nn.Linear(1, 7, bias=False),
        lambda T: T.nn.Linear(300, 20),
        lambda T: T.nn.Sequential(T.nn.Linear(2, 2), T.nn.Sigmoid(), T.nn.Linear(2, 1)),
        lambda T: T.nn.Embedding(10, 4, padding_idx=3),
        lambda T: T.nn.BatchNorm1d(4),
        lambda T: T.nn.Linear(3, 2, dtype=T.float64),
    ],
)
def test_default_initialisation_under_a_seed_matches_torch(make):
    states = []
    for lib in LIBS:
        lib.manual_seed(2024)
        states.append(make(lib).state_dict())
    assert list(states[1]) == list(states[0])
    for (name, t), c in zip(states[0].items(), states[1].values(), strict=True):
        assert str(c.dtype) == str(t.dtype), name
        np.testing.assert_array_equal(c.numpy(), t.numpy(), err_msg=name)


INITS = [
    ("uniform_", lambda I, w: I.uniform_(w, -0.3, 0.7)),
    ("normal_", lambda I, w: I.normal_(w, 0.5, 2.0)),
    ("constant_", lambda I, w: I.constant_(w, 0.25)),
    ("ones_", lambda I, w: I.ones_(w)),
    ("zeros_", lambda I, w: I.zeros_(w)),
    ("eye_", lambda I, w: I.eye_(w)),
    ("xavier_uniform_", lambda I, w: I.xavier_uniform_(w)),
    ("xavier_uniform_gain", lambda I, w: I.xavier_uniform_(w, gain=I.calculate_gain("tanh"))),
    ("xavier_normal_", lambda I, w: I.xavier_normal_(w, gain=0.5)),
    ("kaiming_uniform_", lambda I, w: I.kaiming_uniform_(w)),
    ("kaiming_uniform_a", lambda I, w: I.kaiming_uniform_(w, a=math.sqrt(5))),
    (
        "kaiming_uniform_relu_out",
        lambda I, w: I.kaiming_uniform_(w, mode="fan_out", nonlinearity="relu"),
    ),
    ("kaiming_normal_", lambda I, w: I.kaiming_normal_(w, nonlinearity="relu")),
    ("trunc_normal_", lambda I, w: I.trunc_normal_(w, std=0.5)),
    ("trunc_normal_narrow", lambda I, w: I.trunc_normal_(w, mean=0.0, std=1.0, a=1.5, b=2.0)),
    ("orthogonal_", lambda I, w: I.orthogonal_(w)),
    ("orthogonal_gain", lambda I, w: I.orthogonal_(w, gain=2.0)),
]


@pytest.mark.parametrize("name, fn", INITS, ids=[name for name, _ in INITS])
@pytest.mark.parametrize("shape", [(4, 6), (6, 4), (3, 16)])
def test_init_functions_under_a_seed_match_torch(name, fn, shape):
    results = []
    for lib in LIBS:
        lib.manual_seed(99)
        w = lib.nn.Parameter(lib.empty(*shape))
        out = fn(lib.nn.init, w)
        assert out is w and w.requires_grad and w.grad_fn is None
        results.append((w, lib.rand(1)))
    (t_w, t_next), (c_w, c_next) = results
    exact = not name.startswith("orthogonal")  # QR rounds differently in the last bits
    if exact:
        np.testing.assert_array_equal(c_w.detach().numpy(), t_w.detach().numpy())
    else:
        close(c_w, t_w, name, atol=1e-6)
    np.testing.assert_array_equal(c_next.numpy(), t_next.numpy())


def test_init_on_4d_weights_uses_the_receptive_field():
    for fn in (
        lambda I, w: I.kaiming_normal_(w),
        lambda I, w: I.dirac_(w),
        lambda I, w: I.xavier_uniform_(w),
    ):
        results = []
        for lib in LIBS:
            lib.manual_seed(5)
            w = lib.empty(4, 2, 3, 3)
            fn(lib.nn.init, w)
            results.append(w.numpy())
        np.testing.assert_array_equal(results[1], results[0])


@pytest.mark.parametrize(
    "args",
    [
        ("linear",),
        ("sigmoid",),
        ("tanh",),
        ("relu",),
        ("leaky_relu",),
        ("leaky_relu", 0.2),
        ("leaky_relu", 3),
        ("selu",),
        ("conv2d",),
    ],
)
def test_calculate_gain_matches_torch(args):
    ours, theirs = cybenko.nn.init.calculate_gain(*args), torch.nn.init.calculate_gain(*args)
    assert ours == theirs and type(ours) is type(theirs)


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.nn.init.calculate_gain("softmax"),
        lambda T: T.nn.init.calculate_gain("leaky_relu", True),
        lambda T: T.nn.init.xavier_uniform_(T.empty(3)),
        lambda T: T.nn.init.kaiming_uniform_(T.empty(3, 2), mode="fan_avg"),
        lambda T: T.nn.init.eye_(T.empty(2, 2, 2)),
        lambda T: T.nn.init.orthogonal_(T.empty(3)),
    ],
)
def test_init_errors_match_torch(fn):
    raises_like(fn, match=True)


def test_fan_in_and_fan_out_match_torch():
    for shape in [(3, 5), (4, 2, 3), (8, 3, 5, 5), (1, 1)]:
        ours = cybenko.nn.init._calculate_fan_in_and_fan_out(cybenko.empty(*shape))
        assert ours == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))


# --- functional forms ------------------------------------------------------------------------


G632 = rand(6, 3, 2)


@pytest.mark.parametrize("momentum", [0.1, 0.0, 1.0])
@pytest.mark.parametrize("training", [True, False])
def test_functional_batch_norm_updates_the_given_running_stats_like_torch(momentum, training):
    x = rand(6, 3, 2)
    mean, var = rand(3), rand(3, lo=0.5, hi=2.0)
    w, b = rand(3), rand(3)
    results = []
    for lib in LIBS:
        rm, rv = lib.tensor(mean), lib.tensor(var)
        xt = lib.tensor(x, requires_grad=True)
        wt, bt = lib.tensor(w, requires_grad=True), lib.tensor(b, requires_grad=True)
        out = lib.nn.functional.batch_norm(
            xt, rm, rv, wt, bt, training=training, momentum=momentum, eps=1e-3
        )
        (out * lib.tensor(G632)).sum().backward()  # (not sum(out^2): its dx cancels to ~0)
        results.append((out, rm, rv, xt.grad, wt.grad, bt.grad))
    for name, t, c in zip(("out", "rm", "rv", "dx", "dw", "db"), *results, strict=True):
        close(c, t, name)


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.nn.functional.batch_norm(T.rand(4, 3), None, None, training=False),
        lambda T: T.nn.functional.batch_norm(T.rand(4, 3), None, None, training=True, eps=0.0),
        lambda T: T.nn.functional.batch_norm(T.rand(4, 3), T.zeros(3), T.ones(3), eps=-1.0),
        lambda T: T.nn.functional.batch_norm(T.rand(4, 3), T.zeros(3), T.ones(3), T.ones(2)),
    ],
)
def test_functional_batch_norm_errors_match_torch(fn):
    raises_like(fn, match=True)


@pytest.mark.parametrize(
    "values, num_classes",
    [([0, 2, 1], -1), ([[0, 3], [1, 1]], 5), ([], 3), (2, 4)],
)
def test_one_hot_matches_torch(values, num_classes):
    theirs, ours = (
        lib.nn.functional.one_hot(lib.tensor(values, dtype=lib.long), num_classes) for lib in LIBS
    )
    close(ours, theirs)


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.nn.functional.one_hot(T.tensor([0, 3]), 3),
        lambda T: T.nn.functional.one_hot(T.tensor([0, -1]), 3),
        lambda T: T.nn.functional.one_hot(T.tensor([0.0, 1.0]), 3),
        lambda T: T.nn.functional.one_hot(T.tensor([], dtype=T.long)),
    ],
)
def test_one_hot_errors_match_torch(fn):
    raises_like(fn, match=True)


def test_functional_dropout_outside_training_returns_its_input():
    x = cybenko.ones(3)
    assert cybenko.nn.functional.dropout(x, 0.5, training=False) is x
    assert cybenko.nn.functional.dropout(x, 0.0) is x
