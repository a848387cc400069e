"""Group and instance normalization, padding and pixel shuffling against torch: F.group_norm,
F.instance_norm (running statistics, use_input_stats), F.pad in its four modes (negative pads
crop), F.pixel_shuffle / pixel_unshuffle, and their modules: values, gradients, grad_fn names,
reprs, buffers, warnings and errors; float64 finite differences for each new node.
"""

import itertools
import warnings

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, f32, inf, nan, run
from helpers import check, check_error, check_finite_differences
from oracle import torch

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings(r"ignore::RuntimeWarning:cybenko\..*")]

draw = Draws(seed=1106)  # this task's stream (seed 106), kept apart from the activations'
rand, pos = draw.rand, draw.pos


def F(T):
    return T.nn.functional


CASES = [
    # group norm
    case("group_norm", lambda T, x: F(T).group_norm(x, 2), rand(3, 4, 5)),
    case(
        "group_norm_affine",
        lambda T, x, w, b: F(T).group_norm(x, 3, w, b),
        rand(2, 6, 2, 3),
        rand(6),
        rand(6),
    ),  # fmt: skip
    case("group_norm_one_group", lambda T, x, w: F(T).group_norm(x, 1, w), rand(2, 4, 3), rand(4)),
    # (weight None with a bias: torch's own backward fails, "tensor does not have a device")
    case(
        "group_norm_per_channel",
        lambda T, x, w: F(T).group_norm(x, 4, w, eps=1e-2),
        rand(3, 4, 5),
        rand(4),
    ),  # fmt: skip
    case("group_norm_2d", lambda T, x: F(T).group_norm(x, 2), rand(3, 8)),
    case(
        "group_norm_f64",
        lambda T, x, w, b: F(T).group_norm(x, 2, w, b),
        rand(2, 4, 3, dtype=F64),
        rand(4, dtype=F64),
        rand(4, dtype=F64),
    ),  # fmt: skip
    case(
        "group_norm_constant_group",
        lambda T, x: F(T).group_norm(x, 2),
        np.ones((2, 4, 3), np.float32),
    ),  # fmt: skip
    # instance norm
    case("instance_norm", lambda T, x: F(T).instance_norm(x), rand(2, 3, 5)),
    case(
        "instance_norm_affine",
        lambda T, x, w, b: F(T).instance_norm(x, weight=w, bias=b),
        rand(2, 3, 4, 4),
        rand(3),
        rand(3),
    ),  # fmt: skip
    case(
        "instance_norm_f64",
        lambda T, x, w: F(T).instance_norm(x, weight=w, eps=1e-3),
        rand(3, 2, 4, dtype=F64),
        rand(2, dtype=F64),
    ),  # fmt: skip
    case(
        "instance_norm_running_stats",
        lambda T, x: F(T).instance_norm(
            x, T.zeros(3), T.ones(3), use_input_stats=True, momentum=0.3
        ),
        rand(2, 3, 6),
    ),  # fmt: skip
    case(
        "instance_norm_eval",
        lambda T, x, m, v: F(T).instance_norm(x, m.detach(), v.detach(), use_input_stats=False),
        rand(2, 3, 6),
        rand(3),
        pos(3),
    ),  # fmt: skip
    # pixel shuffle
    case("pixel_shuffle", lambda T, x: F(T).pixel_shuffle(x, 2), rand(2, 8, 3, 3)),
    case("pixel_shuffle_unbatched", lambda T, x: F(T).pixel_shuffle(x, 3), rand(9, 2, 1)),
    case("pixel_shuffle_5d", lambda T, x: F(T).pixel_shuffle(x, 2), rand(2, 1, 4, 2, 3)),
    case("pixel_shuffle_top", lambda T, x: T.pixel_shuffle(x, 1), rand(1, 2, 2, 2)),
    case("pixel_unshuffle", lambda T, x: F(T).pixel_unshuffle(x, 2), rand(2, 2, 4, 6)),
    case("pixel_unshuffle_top", lambda T, x: T.pixel_unshuffle(x, 3), rand(1, 3, 3)),
    case(
        "pixel_round_trip",
        lambda T, x: F(T).pixel_unshuffle(F(T).pixel_shuffle(x, 2), 2),
        rand(1, 4, 2, 3),
    ),  # fmt: skip
    case("pixel_shuffle_module", lambda T, x: T.nn.PixelShuffle(2)(x), rand(1, 4, 2, 2)),
    case("pixel_unshuffle_module", lambda T, x: T.nn.PixelUnshuffle(2)(x), rand(1, 1, 4, 2)),
]

PADS = {
    1: [(1, 2), (0, 3), (-1, 2), (2, -2), (0, 0)],
    2: [(1, 2, 2, 1), (0, 1, -1, 2), (3, 0, 0, 0)],
    3: [(1, 0, 2, 1, 1, 1), (-1, 1, 0, 0, 1, 0)],
}
SHAPES = {1: (2, 3, 5), 2: (2, 3, 4, 5), 3: (1, 2, 3, 4, 5)}
for mode in ("constant", "reflect", "replicate", "circular"):
    for dims, pads in PADS.items():
        for pad in pads:
            CASES.append(
                case(
                    f"pad_{mode}_{dims}d_{pad}",
                    lambda T, x, p=pad, m=mode: F(T).pad(x, p, m),
                    rand(*SHAPES[dims]),
                )  # fmt: skip
            )
        unbatched = SHAPES[dims][1:]
        CASES.append(
            case(
                f"pad_{mode}_{dims}d_unbatched",
                lambda T, x, p=pads[0], m=mode: F(T).pad(x, p, m),
                rand(*unbatched),
            )  # fmt: skip
        )
    CASES.append(
        case(f"pad_{mode}_f64", lambda T, x, m=mode: F(T).pad(x, (2, 1), m), rand(2, 4, dtype=F64))
    )
    CASES.append(
        case(
            f"pad_{mode}_inf_nan",
            lambda T, x, m=mode: F(T).pad(x, (2, 2), m),
            f32(inf, nan, -inf, 1.0).reshape(1, 4),
        )  # fmt: skip
    )

CASES += [
    case("pad_constant_value", lambda T, x: F(T).pad(x, (1, 1, 2, 0), value=-3.5), rand(3, 4)),
    case("pad_constant_1d_input", lambda T, x: F(T).pad(x, (2, 3)), rand(4)),
    case(
        "pad_constant_all_dims",
        lambda T, x: F(T).pad(x, (1, 1, 0, 2, 1, 0, 2, 1)),
        rand(2, 3, 2, 2),
    ),  # fmt: skip
    case("pad_constant_int", lambda T, x: F(T).pad(x, (1, 2), value=7), draw.ints(3, 2)),
    case("pad_constant_empty", lambda T, x: F(T).pad(x, (1, 1)), rand(0, 3)),
    case("pad_constant_crop_to_empty", lambda T, x: F(T).pad(x, (-2, -3)), rand(2, 5)),
    case("pad_circular_full_wrap", lambda T, x: F(T).pad(x, (3, 3), "circular"), rand(1, 2, 3)),
    case("pad_replicate_beyond", lambda T, x: F(T).pad(x, (6, 4), "replicate"), rand(1, 2, 3)),
    case("zero_pad_2d_module", lambda T, x: T.nn.ZeroPad2d((1, 0, 2, 1))(x), rand(1, 2, 3, 3)),
    case("zero_pad_1d_module", lambda T, x: T.nn.ZeroPad1d(2)(x), rand(2, 3)),
    case("constant_pad_3d_module", lambda T, x: T.nn.ConstantPad3d(1, 2.5)(x), rand(1, 2, 2, 2)),
    case("reflection_pad_2d_module", lambda T, x: T.nn.ReflectionPad2d(2)(x), rand(1, 3, 4, 4)),
    case("replication_pad_1d_module", lambda T, x: T.nn.ReplicationPad1d((3, 1))(x), rand(2, 4)),
    case("circular_pad_2d_module", lambda T, x: T.nn.CircularPad2d(1)(x), rand(2, 3, 3)),
]


@run(CASES)
def test_matches_torch(fn, inputs, options):
    check(fn, *inputs, **options)


MODULES = [
    lambda T: T.nn.GroupNorm(2, 4),
    lambda T: T.nn.GroupNorm(3, 6, eps=1e-3, affine=False),
    lambda T: T.nn.GroupNorm(1, 4, bias=False),
    lambda T: T.nn.InstanceNorm1d(4),
    lambda T: T.nn.InstanceNorm2d(3, affine=True, track_running_stats=True),
    lambda T: T.nn.InstanceNorm1d(4, momentum=0.5, track_running_stats=True),
    lambda T: T.nn.InstanceNorm2d(3, affine=True, bias=False, dtype=T.float64),
    lambda T: T.nn.ZeroPad1d((1, 2)),
    lambda T: T.nn.ZeroPad2d(1),
    lambda T: T.nn.ZeroPad3d((1, 2, 3, 4, 5, 6)),
    lambda T: T.nn.ConstantPad1d(2, 3.5),
    lambda T: T.nn.ConstantPad2d((1, 2, 3, 4), -1.0),
    lambda T: T.nn.ConstantPad3d(1, 0.0),
    lambda T: T.nn.ReflectionPad1d(2),
    lambda T: T.nn.ReflectionPad2d((1, 0, 2, 1)),
    lambda T: T.nn.ReplicationPad1d((1, 3)),
    lambda T: T.nn.ReplicationPad2d(2),
    lambda T: T.nn.CircularPad1d(1),
    lambda T: T.nn.CircularPad2d((1, 2, 0, 1)),
    lambda T: T.nn.PixelShuffle(3),
    lambda T: T.nn.PixelUnshuffle(2),
]


@pytest.mark.parametrize("make", MODULES)
def test_module_repr_parameters_and_buffers_match_torch(make):
    from oracle import torch

    theirs, ours = make(torch), make(cybenko)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for k, v in theirs.state_dict().items():
        got = ours.state_dict()[k]
        assert str(got.dtype) == str(v.dtype), k
        np.testing.assert_array_equal(got.numpy(), v.numpy(), err_msg=k)


@pytest.mark.parametrize("train", [True, False])
@pytest.mark.parametrize(
    "make, shape",
    [
        (lambda T: T.nn.InstanceNorm1d(3, affine=True, track_running_stats=True), (4, 3, 5)),
        (lambda T: T.nn.InstanceNorm2d(2, momentum=None, track_running_stats=True), (3, 2, 3, 3)),
        (lambda T: T.nn.InstanceNorm2d(2), (2, 3, 3)),
        (lambda T: T.nn.GroupNorm(2, 6), (3, 6, 2)),
    ],
)
def test_norm_modules_over_steps_match_torch(make, shape, train):
    from oracle import torch

    results = []
    start = draw.rand(*shape)
    for lib in (torch, cybenko):
        m = make(lib).train(train)
        for step in range(3):
            x = lib.tensor(start * (step + 1) + step, requires_grad=True)
            out = m(x)
            out.square().sum().backward()
        results.append((out, x.grad, {k: v.clone() for k, v in m.state_dict().items()}, m))
    (t_out, t_grad, t_state, t_m), (c_out, c_grad, c_state, c_m) = results
    np.testing.assert_allclose(c_out.detach().numpy(), t_out.detach().numpy(), atol=1e-5, rtol=1e-5)
    np.testing.assert_allclose(c_grad.numpy(), t_grad.numpy(), atol=1e-4, rtol=1e-4)
    assert list(c_state) == list(t_state)
    for k in t_state:
        np.testing.assert_allclose(c_state[k].numpy(), t_state[k].numpy(), rtol=1e-5, atol=1e-6)
    for p, q in zip(c_m.parameters(), t_m.parameters(), strict=True):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-4, atol=1e-4)


def test_instance_norm_num_features_mismatch_warns_as_torch():
    from oracle import torch

    for lib in (torch, cybenko):
        with pytest.warns(UserWarning, match="input's size at dim=1 does not match num_features"):
            lib.nn.InstanceNorm1d(3)(lib.ones(2, 4, 5))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            lib.nn.InstanceNorm1d(4)(lib.ones(2, 4, 5))


ERRORS = [
    lambda T, x: F(T).group_norm(x, 3),
    lambda T, x: F(T).group_norm(x, 2, T.ones(3)),
    lambda T, x: F(T).group_norm(x, 2, None, T.ones(2, 2)),
    lambda T, x: F(T).group_norm(x[0, 0], 2),
    lambda T, x: F(T).group_norm(x[:1, :, :1], 4),
    lambda T, x: T.nn.GroupNorm(3, 4),
    lambda T, x: F(T).instance_norm(x[:, :, :1]),
    lambda T, x: F(T).instance_norm(x, use_input_stats=False),
    lambda T, x: T.nn.InstanceNorm1d(4)(x.unsqueeze(0)),
    lambda T, x: T.nn.InstanceNorm2d(4)(x[0]),
    lambda T, x: T.nn.InstanceNorm1d(3, affine=True)(x),
    lambda T, x: F(T).pad(x, (1, 1, 1)),
    lambda T, x: F(T).pad(x, (1,) * 8),
    lambda T, x: F(T).pad(x, (1, 1), mode="foo"),
    lambda T, x: F(T).pad(x, (1.0, 1)),
    lambda T, x: F(T).pad(x, (-3, -3)),
    lambda T, x: F(T).pad(x, (3, 1), mode="reflect"),
    lambda T, x: F(T).pad(x, (1, 1), mode="reflect", value=1.0),
    lambda T, x: F(T).pad(x, (1, 1), mode="replicate", value=2.0),
    lambda T, x: F(T).pad(x[0, 0], (1, 1), mode="reflect"),
    lambda T, x: F(T).pad(x.unsqueeze(0), (1, 1), mode="circular"),
    lambda T, x: F(T).pad(x, (4, 0), mode="circular"),
    lambda T, x: T.nn.CircularPad2d(1)(x[0, 0]),
    lambda T, x: T.nn.CircularPad1d(1)(x.unsqueeze(0)),
    lambda T, x: F(T).pixel_shuffle(x[0], 2),
    lambda T, x: F(T).pixel_shuffle(x, 2),
    lambda T, x: F(T).pixel_shuffle(x.unsqueeze(0), 0),
    lambda T, x: F(T).pixel_unshuffle(x.unsqueeze(0), 2),
    lambda T, x: F(T).pixel_unshuffle(x.unsqueeze(0)[:, :, :3, :2], 2),
    lambda T, x: F(T).pixel_unshuffle(x[0], 2),
]


@pytest.mark.parametrize("fn", ERRORS)
def test_errors_match_torch(fn):
    check_error(fn, rand(2, 4, 3), match="start")


def r64(*shape):
    return draw.rand(*shape, dtype=F64)


GRADCHECK = [
    case(
        "group_norm", lambda T, x, w, b: F(T).group_norm(x, 2, w, b), r64(2, 4, 3), r64(4), r64(4)
    ),  # fmt: skip
    case("group_norm_4d", lambda T, x: F(T).group_norm(x, 3), r64(1, 3, 2, 2)),
    case("pad_constant", lambda T, x: F(T).pad(x, (1, -1, 2, 0), value=2.0), r64(2, 3, 3)),
    case("pad_reflect", lambda T, x: F(T).pad(x, (2, 1, 1, 2), "reflect"), r64(1, 3, 4)),
    case("pad_replicate", lambda T, x: F(T).pad(x, (3, 1), "replicate"), r64(2, 3)),
    case("pad_circular", lambda T, x: F(T).pad(x, (1, 0, 2, 1, 1, 1), "circular"), r64(1, 2, 2, 3)),
    case("pixel_shuffle", lambda T, x: F(T).pixel_shuffle(x, 2), r64(1, 4, 2, 3)),
    case("pixel_unshuffle", lambda T, x: F(T).pixel_unshuffle(x, 2), r64(2, 2, 2)),
]


@run(GRADCHECK)
def test_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


def test_padding_layers_of_different_dims_are_unrelated_classes_as_in_torch():
    for kind in ("Reflection", "Replication", "Circular", "Constant", "Zero"):
        for a in ("1d", "2d", "3d"):
            for b in ("1d", "2d", "3d"):
                c = issubclass(
                    getattr(cybenko.nn, f"{kind}Pad{a}"), getattr(cybenko.nn, f"{kind}Pad{b}")
                )
                t = issubclass(
                    getattr(torch.nn, f"{kind}Pad{a}"), getattr(torch.nn, f"{kind}Pad{b}")
                )
                assert c == t, f"{kind}Pad{a} subclass of {kind}Pad{b}: {c}, torch: {t}"


# The dtypes the CPU norms take: parameters (weight, bias, running statistics) of the input's
# dtype, or all float32 for a float16 input; a float input only. Every combination below is
# run on both libraries: the same values where torch accepts it, the same error where not.
NORM_DTYPES = ["float64", "float32", "float16", "int64", "bool"]
PARAMETER_DTYPES = [None, "float32", "float64", "float16"]


def _normed(T, norm, x_dtype, dtypes, training=True):
    x = (T.arange(24.0).reshape(4, 3, 2) % 5).to(getattr(T, x_dtype))
    size = 2 if norm == "layer" else 3
    given = [None if d is None else T.full((size,), 0.5, dtype=getattr(T, d)) for d in dtypes]
    if norm == "layer":
        return F(T).layer_norm(x, (2,), *given)
    if norm == "group":
        return F(T).group_norm(x, 1, *given)
    weight, bias, mean, var = given
    return F(T).batch_norm(x, mean, var, weight, bias, training=training)


def _norm_dtype_cases():
    for x_dtype in NORM_DTYPES:
        for norm in ("layer", "group"):
            for dtypes in itertools.product(PARAMETER_DTYPES, repeat=2):
                yield pytest.param(norm, x_dtype, dtypes, True, id=f"{norm}-{x_dtype}-{dtypes}")
        for weight, stats in itertools.product(PARAMETER_DTYPES, repeat=2):
            for training in (True, False):
                dtypes = (weight, weight, stats, stats)
                name = f"batch-{x_dtype}-{weight}-{stats}-{'train' if training else 'eval'}"
                yield pytest.param("batch", x_dtype, dtypes, training, id=name)
    # one running statistic without the other: refused in training, named in evaluation
    for training in (True, False):
        yield pytest.param("batch", "float32", (None, None, "float32", None), training)


@pytest.mark.parametrize("norm, x_dtype, dtypes, training", list(_norm_dtype_cases()))
def test_norm_dtypes_as_torch(norm, x_dtype, dtypes, training):
    results = []
    for T in (torch, cybenko):
        try:
            out = _normed(T, norm, x_dtype, dtypes, training)
            results.append(("ok", str(out.dtype), out.detach().double().tolist()))
        except Exception as error:
            results.append((type(error).__name__, str(error)))
    expected, actual = results
    if expected[0] == "ok" and actual[0] == "ok":
        assert actual[1] == expected[1]
        np.testing.assert_allclose(actual[2], expected[2], rtol=1e-3, atol=1e-3)
    else:
        assert actual == expected
