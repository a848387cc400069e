"""Lazy modules, UninitializedParameter/Buffer and DataParallel behave as torch's.

A lazy layer draws nothing when it is built; its first forward sizes and initializes the
parameters with torch's draws (so a seeded d2l model has torch's weights bit for bit), turns
the module into the eager class, and keeps the Parameter objects an optimizer already holds.
Before that, the uninitialized parameters refuse their shape and every op with torch's errors.
State dicts round-trip through lazy models as torch's do, quirks included.
"""

import copy
import itertools

import numpy as np
import pytest

import cybenko
from cases import F64, Draws
from helpers import assert_same_tensor, check_error
from oracle import torch

pytestmark = pytest.mark.oracle

draw = Draws(109)
ROWS = draw.rand(4, 3)
SEQ = draw.rand(2, 5, 3)
IMAGES = draw.rand(2, 3, 6, 6)
IMAGE = draw.rand(3, 6, 6)
CHANNELS = draw.rand(4, 3, 5)
ROWS_F64 = draw.rand(4, 3, dtype=F64)


def lenet(nn):
    return nn.Sequential(
        nn.LazyConv2d(4, 3, padding=1),
        nn.LazyBatchNorm2d(),
        nn.ReLU(),
        nn.Flatten(),
        nn.LazyLinear(3),
    )


# name: (make(nn, T), input)
MODELS = {
    "mlp": (lambda nn, T: nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1)), ROWS),
    "mlp_no_bias": (
        lambda nn, T: nn.Sequential(nn.LazyLinear(5, bias=False), nn.Tanh(), nn.LazyLinear(2)),
        ROWS,
    ),
    "eager_then_lazy": (lambda nn, T: nn.Sequential(nn.Linear(3, 4), nn.LazyLinear(6)), ROWS),
    "linear_3d_input": (lambda nn, T: nn.LazyLinear(4), SEQ),
    "linear_f64": (lambda nn, T: nn.LazyLinear(4, dtype=T.float64), ROWS_F64),
    "linear_double_before_forward": (lambda nn, T: nn.LazyLinear(4).double(), ROWS_F64),
    "lenet": (lambda nn, T: lenet(nn), IMAGES),
    "convnet": (
        lambda nn, T: nn.Sequential(nn.LazyConv2d(2, 3), nn.Tanh(), nn.Flatten(), nn.LazyLinear(2)),
        IMAGES,
    ),
    "conv_groups_stride": (
        lambda nn, T: nn.LazyConv2d(6, kernel_size=(2, 3), stride=2, groups=3),
        IMAGES,
    ),
    "conv_unbatched": (lambda nn, T: nn.LazyConv2d(2, 3, bias=False), IMAGE),
    "conv1d": (lambda nn, T: nn.LazyConv1d(4, 3, padding=1, padding_mode="circular"), CHANNELS),
    "conv1d_unbatched_groups": (lambda nn, T: nn.LazyConv1d(6, 2, groups=3), CHANNELS[0]),
    "batchnorm1d_2d": (lambda nn, T: nn.LazyBatchNorm1d(), ROWS),
    "batchnorm1d_3d": (lambda nn, T: nn.LazyBatchNorm1d(momentum=None), CHANNELS),
    "batchnorm1d_plain": (
        lambda nn, T: nn.LazyBatchNorm1d(affine=False, track_running_stats=False),
        CHANNELS,
    ),
    "batchnorm2d_no_bias": (lambda nn, T: nn.LazyBatchNorm2d(bias=False), IMAGES),
}


def first_forward(lib, name, seed):
    make, x = MODELS[name]
    lib.manual_seed(seed)
    model = make(lib.nn, lib)
    x = lib.tensor(x, requires_grad=True)
    out = model(x)
    weights = [p.detach().clone() for p in model.parameters()]
    weight = lib.tensor(np.random.default_rng(1).uniform(0.5, 1.5, tuple(out.shape)))
    (out * weight.to(out.dtype)).sum().backward()
    return model, x, out, weights


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("name", MODELS)
def test_first_forward_draws_torchs_weights(name, seed):
    theirs, ours = (first_forward(lib, name, seed) for lib in (torch, cybenko))
    t_model, t_x, t_out, t_weights = theirs
    c_model, c_x, c_out, c_weights = ours
    assert len(c_weights) == len(t_weights)
    for t, c in zip(t_weights, c_weights, strict=True):
        assert str(c.dtype) == str(t.dtype) and tuple(c.shape) == tuple(t.shape)
        assert np.array_equal(c.numpy(), t.numpy())  # bit for bit
    assert_same_tensor(t_out, c_out)
    assert c_out.grad_fn.name() == t_out.grad_fn.name()
    assert_same_tensor(t_x.grad, c_x.grad, what="input grad")
    for t, c in zip(t_model.parameters(), c_model.parameters(), strict=True):
        assert type(c).__name__ == type(t).__name__ == "Parameter"
        assert_same_tensor(t.grad, c.grad, what="parameter grad")
    for t, c in zip(t_model.buffers(), c_model.buffers(), strict=True):
        assert_same_tensor(t, c, what="buffer")
    assert str(c_model) == str(t_model)


LAZY_CONSTRUCTORS = {
    "linear": lambda nn: nn.LazyLinear(10),
    "conv2d": lambda nn: nn.LazyConv2d(6, kernel_size=5),
    "conv1d": lambda nn: nn.LazyConv1d(6, kernel_size=5),
    "batchnorm1d": lambda nn: nn.LazyBatchNorm1d(),
    "batchnorm2d": lambda nn: nn.LazyBatchNorm2d(),
}


@pytest.mark.parametrize("name", LAZY_CONSTRUCTORS)
def test_constructors_draw_nothing(name):
    draws = []
    for lib in (torch, cybenko):
        lib.manual_seed(11)
        LAZY_CONSTRUCTORS[name](lib.nn)
        after = lib.rand(5).numpy()
        lib.manual_seed(11)
        draws.append((after, lib.rand(5).numpy()))
    (t_after, t_plain), (c_after, c_plain) = draws
    assert np.array_equal(t_after, t_plain)
    assert np.array_equal(c_after, t_after) and np.array_equal(c_plain, t_plain)


@pytest.mark.parametrize(
    "make_optimizer",
    [
        lambda optim, params: optim.SGD(params, lr=0.1, momentum=0.9),
        lambda optim, params: optim.Adam(params, lr=0.01),
    ],
    ids=["sgd_momentum", "adam"],
)
@pytest.mark.parametrize("model", ["mlp", "convnet", "batchnorm1d_3d"])
def test_optimizer_made_before_first_forward_trains(model, make_optimizer):
    """d2l builds the optimizer from a lazy model's parameters before any batch: the
    materialized parameters are the same objects, so the steps reach them. (Not lenet with
    Adam: a conv bias before BatchNorm gets a gradient of rounding noise, which Adam's
    normalized step turns into a full-size step in a direction chance decides.)"""
    runs = []
    for lib in (torch, cybenko):
        make, x = MODELS[model]
        lib.manual_seed(5)
        net = make(lib.nn, lib)
        optimizer = make_optimizer(lib.optim, net.parameters())
        x = lib.tensor(x)
        losses = []
        for _ in range(3):
            optimizer.zero_grad()
            loss = (net(x) - 0.5).pow(2).mean()
            loss.backward()
            optimizer.step()
            losses.append(loss.detach())
        runs.append((losses, list(net.parameters())))
    (t_losses, t_params), (c_losses, c_params) = runs
    assert not np.array_equal(t_losses[0].numpy(), t_losses[-1].numpy())  # it did train
    for t, c in zip(t_losses, c_losses, strict=True):
        assert_same_tensor(t, c, what="loss")
    for t, c in zip(t_params, c_params, strict=True):
        assert_same_tensor(t, c, atol=1e-5, what="trained parameter")


REPRS = {
    "linear": (lambda nn: nn.LazyLinear(8), ROWS),
    "linear_no_bias": (lambda nn: nn.LazyLinear(2, bias=False), SEQ),
    "conv2d": (lambda nn: nn.LazyConv2d(6, kernel_size=5, padding=2, dilation=1), IMAGES),
    "conv2d_options": (
        lambda nn: nn.LazyConv2d(3, 2, stride=(2, 1), padding=1, dilation=2, bias=False),
        IMAGES,
    ),
    "batchnorm1d": (lambda nn: nn.LazyBatchNorm1d(eps=1e-3, momentum=None), ROWS),
    "batchnorm2d": (lambda nn: nn.LazyBatchNorm2d(affine=False), IMAGES),
    "lenet": (lenet, IMAGES),
}


@pytest.mark.parametrize("name", REPRS)
def test_repr_before_and_after(name):
    make, x = REPRS[name]
    seen = []
    for lib in (torch, cybenko):
        model = make(lib.nn)
        before = str(model)
        model(lib.tensor(x))
        seen.append((before, str(model), type(model).__name__))
    assert seen[1] == seen[0]


def test_class_changes_and_parameters_stay_the_same_objects():
    for lib in (torch, cybenko):
        layer = lib.nn.LazyLinear(3)
        weight, bias = layer.weight, layer.bias
        assert type(weight) is lib.nn.UninitializedParameter
        assert layer.has_uninitialized_params()
        layer(lib.ones(2, 4))
        assert type(layer) is lib.nn.Linear and not hasattr(layer, "has_uninitialized_params")
        assert layer.weight is weight and layer.bias is bias
        assert type(weight) is lib.nn.Parameter and tuple(weight.shape) == (3, 4)
        assert layer.in_features == 4 and not layer._forward_pre_hooks


def test_batchnorm_buffers_become_tensors():
    for lib in (torch, cybenko):
        bn = lib.nn.LazyBatchNorm1d()
        mean = bn.running_mean
        assert type(mean) is lib.nn.UninitializedBuffer and repr(mean) == "<UninitializedBuffer>"
        bn(lib.ones(4, 2))
        assert bn.running_mean is mean and type(mean) is lib.Tensor
        assert not mean.requires_grad and tuple(mean.shape) == (2,)


def test_deepcopy_of_a_lazy_model_initializes_on_its_own():
    shapes = []
    for lib in (torch, cybenko):
        model = lib.nn.Sequential(lib.nn.LazyLinear(2))
        twin = copy.deepcopy(model)
        twin(lib.ones(1, 5))
        shapes.append((str(model), str(twin), repr(model[0].weight)))
    assert shapes[1] == shapes[0]


# --- UninitializedParameter and UninitializedBuffer ----------------------------------------------


def placeholder_facts(lib, make):
    p = make(lib)
    facts = [repr(p), str(p), str(p.dtype), str(p.device), p.requires_grad, p.is_leaf]
    facts += [p.is_floating_point(), tuple(p.size()), p.ndim, p.grad, str(p.data.dtype)]
    facts += [type(p.double()).__name__, str(p.to(lib.float64).dtype), p.cpu() is p]
    return facts


@pytest.mark.parametrize(
    "make",
    [
        lambda lib: lib.nn.UninitializedParameter(),
        lambda lib: lib.nn.UninitializedParameter(requires_grad=False, dtype=lib.float64),
        lambda lib: lib.nn.UninitializedBuffer(),
        lambda lib: lib.nn.UninitializedBuffer(dtype=lib.float64),
    ],
    ids=["param", "param_f64_no_grad", "buffer", "buffer_f64"],
)
def test_what_an_uninitialized_tensor_tells(make):
    assert placeholder_facts(cybenko, make) == placeholder_facts(torch, make)


@pytest.mark.parametrize(
    "make, kwargs",
    [
        (lambda lib: lib.nn.UninitializedParameter(), {}),
        (lambda lib: lib.nn.UninitializedParameter(requires_grad=False), {"dtype": "float64"}),
        (lambda lib: lib.nn.UninitializedBuffer(), {}),
        (lambda lib: lib.nn.UninitializedBuffer(dtype=lib.float64), {}),
    ],
    ids=["param", "param_to_f64", "buffer", "buffer_f64"],
)
def test_materialize_turns_the_same_object(make, kwargs):
    facts = []
    for lib in (torch, cybenko):
        p = make(lib)
        options = {k: getattr(lib, v) for k, v in kwargs.items()}
        assert p.materialize((2, 3), **options) is None
        facts.append((type(p).__name__, tuple(p.shape), str(p.dtype), p.requires_grad))
        p.data.fill_(1.5)
        assert p.sum().item() == 9.0
    assert facts[1] == facts[0]


def test_is_lazy():
    for lib in (torch, cybenko):
        is_lazy = lib.nn.parameter.is_lazy
        assert is_lazy(lib.nn.UninitializedParameter()) and is_lazy(lib.nn.UninitializedBuffer())
        assert not is_lazy(lib.nn.Parameter(lib.ones(1))) and not is_lazy(lib.ones(1))


def lazy_weight(T):
    return T.nn.LazyLinear(3).weight


SHAPE_REFUSALS = [
    lambda T: lazy_weight(T).shape,
    lambda T: T.nn.LazyBatchNorm1d().running_var.shape,
    lambda T: T.nn.Linear(2, 3).load_state_dict(T.nn.LazyLinear(3).state_dict()),
]


@pytest.mark.parametrize("fn", SHAPE_REFUSALS, ids=["param", "buffer", "load_into_eager"])
def test_shape_of_uninitialized_is_refused(fn):
    check_error(fn, match=True)


OP_REFUSALS = {
    "add": lambda T, x: lazy_weight(T) + 1,
    "mul_reflected": lambda T, x: 2 * lazy_weight(T),
    "sum": lambda T, x: lazy_weight(T).sum(),
    "mm": lambda T, x: T.mm(x, lazy_weight(T)),
    "linear": lambda T, x: T.nn.functional.linear(x, lazy_weight(T)),
    "detach": lambda T, x: lazy_weight(T).detach(),
    "clone": lambda T, x: lazy_weight(T).clone(),
    "numel": lambda T, x: lazy_weight(T).numel(),
    "dim": lambda T, x: lazy_weight(T).dim(),
    "tolist": lambda T, x: lazy_weight(T).tolist(),
    "item": lambda T, x: lazy_weight(T).item(),
    "len": lambda T, x: len(lazy_weight(T)),
    "requires_grad_": lambda T, x: lazy_weight(T).requires_grad_(False),
    "module_requires_grad_": lambda T, x: T.nn.LazyLinear(3).requires_grad_(False),
    "buffer_mul": lambda T, x: T.nn.LazyBatchNorm2d().running_mean * 2,
    "buffer_add_": lambda T, x: T.nn.LazyBatchNorm2d().running_mean.add_(1),
}


@pytest.mark.parametrize("fn", OP_REFUSALS.values(), ids=OP_REFUSALS.keys())
def test_ops_on_uninitialized_are_refused(fn):
    check_error(fn, ROWS, match="start")


def wrong_input(make, shape):
    return lambda T: make(T.nn)(T.ones(*shape))


INPUT_REFUSALS = {
    "conv2d_2d_input": wrong_input(lambda nn: nn.LazyConv2d(4, 3), (5, 5)),
    "conv1d_4d_input": wrong_input(lambda nn: nn.LazyConv1d(4, 3), (1, 2, 5, 5)),
    "conv2d_5d_input": wrong_input(lambda nn: nn.LazyConv2d(4, 3), (1, 2, 3, 5, 5)),
    "conv2d_groups": wrong_input(lambda nn: nn.LazyConv2d(4, 3, groups=2), (1, 3, 5, 5)),
    "batchnorm2d_2d_input": wrong_input(lambda nn: nn.LazyBatchNorm2d(), (4, 3)),
    "batchnorm1d_4d_input": wrong_input(lambda nn: nn.LazyBatchNorm1d(), (2, 3, 4, 4)),
}


@pytest.mark.parametrize("fn", INPUT_REFUSALS.values(), ids=INPUT_REFUSALS.keys())
def test_wrong_first_inputs_are_refused(fn):
    check_error(fn, match=True)


def test_not_fully_initialized_module():
    def run(T):
        class Half(T.nn.modules.lazy.LazyModuleMixin, T.nn.Module):
            def __init__(self):
                super().__init__()
                self.a = T.nn.UninitializedParameter()
                self.b = T.nn.UninitializedParameter()

            def initialize_parameters(self, x):
                self.a.materialize(x.shape)

            def forward(self, x):
                return x * self.a

        return Half()(T.ones(2))

    check_error(run, match=True)


def test_initialize_parameters_is_required():
    def run(T):
        class Bare(T.nn.modules.lazy.LazyModuleMixin, T.nn.Module):
            pass

        return Bare()(T.ones(1))

    check_error(run, match=True)


# --- state dicts ---------------------------------------------------------------------------------


def entries(state):
    return [(key, repr(value)) for key, value in state.items()]


@pytest.mark.parametrize("name", ["mlp", "lenet", "batchnorm1d_3d"])
def test_state_dict_of_a_lazy_model(name):
    make, _ = MODELS[name]
    seen = [entries(make(lib.nn, lib).state_dict()) for lib in (torch, cybenko)]
    assert seen[1] == seen[0]


def test_state_dict_keep_vars_keeps_the_placeholders():
    for lib in (torch, cybenko):
        layer = lib.nn.LazyLinear(2)
        assert layer.state_dict(keep_vars=True)["weight"] is layer.weight


@pytest.mark.parametrize("name", ["mlp", "lenet", "batchnorm1d_3d"])
def test_trained_model_saved_and_loaded_into_a_fresh_lazy_model(name, tmp_path):
    """Train, save, load into a lazy model: it materializes from the loaded shapes, and keeps
    torch's quirks (the repr still says in_features=0 until the first forward)."""
    make, x = MODELS[name]
    seen = []
    for lib in (torch, cybenko):
        lib.manual_seed(2)
        model = make(lib.nn, lib)
        optimizer = lib.optim.SGD(model.parameters(), lr=0.1)
        data = lib.tensor(x)
        for _ in range(2):
            optimizer.zero_grad()
            model(data).pow(2).mean().backward()
            optimizer.step()
        lib.save(model.state_dict(), tmp_path / f"{lib.__name__}.pt")
        fresh = make(lib.nn, lib)
        result = fresh.load_state_dict(lib.load(tmp_path / f"{lib.__name__}.pt"))
        loaded = str(fresh)
        types = [type(p).__name__ for p in fresh.parameters()]
        model.eval(), fresh.eval()
        out, again = model(data), fresh(data)
        assert np.array_equal(out.detach().numpy(), again.detach().numpy())
        seen.append((repr(result), loaded, types, str(fresh), again))
    for t, c in zip(*seen, strict=True):
        if isinstance(t, torch.Tensor):
            assert_same_tensor(t, c)
        else:
            assert c == t


def test_torchs_weights_load_into_a_lazy_model():
    torch.manual_seed(4)
    theirs = lenet(torch.nn)
    out = theirs(torch.tensor(IMAGES))
    state = {k: cybenko.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours = lenet(cybenko.nn)
    ours.load_state_dict(state)
    theirs.eval(), ours.eval()
    assert_same_tensor(theirs(torch.tensor(IMAGES)), ours(cybenko.tensor(IMAGES)))
    assert out.shape == (2, 3)


def test_lazy_state_loads_into_a_lazy_model():
    seen = []
    for lib in (torch, cybenko):
        model = lib.nn.Sequential(lib.nn.LazyLinear(3), lib.nn.LazyBatchNorm1d())
        lazy_state = lib.nn.Sequential(lib.nn.LazyLinear(3), lib.nn.LazyBatchNorm1d()).state_dict()
        result = model.load_state_dict(lazy_state)
        still_lazy = model[0].has_uninitialized_params()
        seen.append((repr(result), entries(model.state_dict()), still_lazy, str(model)))
    assert seen[1] == seen[0]


def test_loaded_lazy_linear_checks_its_first_input():
    def run(T):
        layer = T.nn.LazyLinear(2)
        layer.load_state_dict(T.nn.Linear(3, 2).state_dict())
        return layer(T.ones(1, 4))

    check_error(run, match=True)


def test_missing_keys_in_a_lazy_model():
    check_error(lambda T: T.nn.LazyLinear(2).load_state_dict({}), match=True)


def test_mixin_after_initialization_is_gone():
    for lib in (torch, cybenko):
        layer = lib.nn.LazyConv2d(2, 1)
        layer(lib.ones(1, 3, 2, 2))
        assert isinstance(layer, lib.nn.Conv2d)
        assert not isinstance(layer, lib.nn.modules.lazy.LazyModuleMixin)


# --- DataParallel ---------------------------------------------------------------------------------

WRAPPINGS = {
    "default": lambda nn, m: nn.DataParallel(m),
    "device_ids": lambda nn, m: nn.DataParallel(m, device_ids=[0, 1], output_device=1),
    "dim": lambda nn, m: nn.parallel.DataParallel(m, dim=1),
}


@pytest.mark.parametrize("wrap", WRAPPINGS.values(), ids=WRAPPINGS.keys())
def test_data_parallel_without_cuda_runs_the_module(wrap):
    seen = []
    for lib in (torch, cybenko):
        lib.manual_seed(1)
        inner = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.ReLU(), lib.nn.LazyLinear(2))
        model = wrap(lib.nn, inner)
        x = lib.tensor(ROWS, requires_grad=True)
        out = model(x)
        out.sum().backward()
        facts = [str(model), model.device_ids, model.module is inner, list(model.state_dict())]
        facts += [name for name, _ in model.named_parameters()]
        facts += [hasattr(model, "output_device"), hasattr(model, "dim")]
        seen.append((facts, out, x.grad, [p.grad for p in model.parameters()]))
    (t_facts, *t_tensors), (c_facts, *c_tensors) = seen
    assert c_facts == t_facts
    t_flat = list(itertools.chain([t_tensors[0], t_tensors[1]], t_tensors[2]))
    c_flat = list(itertools.chain([c_tensors[0], c_tensors[1]], c_tensors[2]))
    for t, c in zip(t_flat, c_flat, strict=True):
        assert_same_tensor(t, c)


def test_data_parallel_state_dict_round_trip():
    for lib in (torch, cybenko):
        lib.manual_seed(0)
        wrapped = lib.nn.DataParallel(lib.nn.Linear(2, 2))
        plain = lib.nn.Linear(2, 2)
        state = wrapped.state_dict()
        plain.load_state_dict({k.removeprefix("module."): v for k, v in state.items()})
        assert lib.equal(plain.weight, wrapped.module.weight)
        other = lib.nn.DataParallel(lib.nn.Linear(2, 2))
        result = other.load_state_dict(wrapped.state_dict())
        assert repr(result) == "<All keys matched successfully>"


def test_functional_data_parallel_needs_a_device():
    check_error(lambda T: T.nn.parallel.data_parallel(T.nn.Linear(2, 2), T.ones(1, 2)), match=True)


class TestDataParallelOnCuda:
    """With cuda (here cybenko's NumPy-backed test device; torch has no GPU on this machine),
    torch's data_parallel.py moves a one-device module to device_ids[0], moves the inputs
    there, and refuses a module left elsewhere with the message below (torch 2.13's text)."""

    @pytest.fixture(autouse=True)
    def test_device(self, monkeypatch):
        monkeypatch.setenv("CYBENKO_TEST_CUDA", "1")

    def test_module_moves_to_the_first_device(self):
        model = cybenko.nn.DataParallel(cybenko.nn.Linear(2, 3))
        assert model.device_ids == [0] and model.output_device == 0 and model.dim == 0
        assert str(model.module.weight.device) == "cuda:0"
        out = model(cybenko.ones(4, 2))
        assert str(out.device) == "cuda:0" and out.grad_fn.name() == "AddmmBackward0"
        out.sum().backward()
        assert str(model.module.weight.grad.device) == "cuda:0"

    def test_module_elsewhere_is_refused(self):
        model = cybenko.nn.DataParallel(cybenko.nn.Linear(2, 3), device_ids=["cuda:0"])
        model.module.cpu()
        with pytest.raises(RuntimeError) as info:
            model(cybenko.ones(1, 2))
        assert str(info.value) == (
            "module must have its parameters and buffers on device cuda:0 (device_ids[0]) but "
            "found one of them on device: cpu"
        )

    def test_functional_form_runs_on_the_device(self):
        module = cybenko.nn.Linear(2, 3).cuda()
        out = cybenko.nn.parallel.data_parallel(module, cybenko.ones(1, 2))
        assert str(out.device) == "cuda:0"


class TestLazyModulesOnCuda:
    """torch's lazy docstring moves a lazy model with .cuda() before its dry run: the
    placeholders carry the device, and the first forward materializes there (cybenko's
    NumPy-backed test device stands in for the GPU)."""

    @pytest.fixture(autouse=True)
    def test_device(self, monkeypatch):
        monkeypatch.setenv("CYBENKO_TEST_CUDA", "1")

    def test_moved_before_the_first_forward(self):
        nn = cybenko.nn
        model = nn.Sequential(nn.LazyLinear(3), nn.LazyBatchNorm1d()).cuda()
        assert repr(model[0].weight) == "<UninitializedParameter>"
        assert str(model[0].weight.device) == str(model[1].running_mean.device) == "cuda:0"
        out = model(cybenko.ones(4, 2, device="cuda"))
        assert str(out.device) == "cuda:0"
        for t in [*model.parameters(), *model.buffers()]:
            assert str(t.device) == "cuda:0"

    def test_device_argument(self):
        conv = cybenko.nn.LazyConv2d(2, 3, device="cuda")
        assert str(conv(cybenko.ones(1, 2, 4, 4, device="cuda")).device) == "cuda:0"
        assert str(conv.weight.device) == "cuda:0" and tuple(conv.weight.shape) == (2, 2, 3, 3)
