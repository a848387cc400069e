"""nn.Module's behaviour against torch.nn.Module: registration by attribute assignment,
naming, the nested repr, train/eval, dtype casts, zero_grad, state_dict round trips and their
errors, containers, hooks. Each test runs the same code on both libraries where it can.
"""

from __future__ import annotations

import copy
from collections import OrderedDict

import numpy as np
import pytest

import cybenko
from helpers import check_error, scaled_atol
from oracle import torch
from test_nn_layers import run_twins, twin

pytestmark = pytest.mark.oracle

LIBS = (torch, cybenko)


def both(fn):
    """fn(torch), fn(cybenko)."""
    return fn(torch), fn(cybenko)


def same(fn):
    """fn gives equal plain-Python results on both libraries; return torch's."""
    theirs, ours = both(fn)
    assert ours == theirs
    return theirs


def notes_model(T):
    """The course notes' network."""
    return T.nn.Sequential(T.nn.Linear(2, 2), T.nn.Sigmoid(), T.nn.Linear(2, 1), T.nn.Sigmoid())


def make_classes(T):
    """A user-defined activation and a model with nested, named children and a buffer."""

    class MyActivation(T.nn.Module):
        def forward(self, x):
            return T.sigmoid(x) * 5

    class Net(T.nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = T.nn.Linear(3, 4)
            self.act = MyActivation()
            self.block = T.nn.Sequential(T.nn.Linear(4, 4), T.nn.ReLU(), T.nn.Dropout(0.2))
            self.norm = T.nn.BatchNorm1d(4)
            self.out = T.nn.Linear(4, 2, bias=False)
            self.register_buffer("scale", T.ones(2))

        def forward(self, x):
            return self.out(self.norm(self.block(self.act(self.hidden(x))))) * self.scale

    return MyActivation, Net


def net(T):
    return make_classes(T)[1]()


# --- Parameter ---------------------------------------------------------------------------------


def test_parameter_is_a_leaf_tensor_that_requires_grad_and_shares_memory():
    data = cybenko.zeros(2, 3)
    p = cybenko.nn.Parameter(data)
    assert isinstance(p, cybenko.Tensor) and p.requires_grad and p.is_leaf
    data[0, 0] = 5.0
    assert p[0, 0].item() == 5.0
    assert not cybenko.nn.Parameter(data, requires_grad=False).requires_grad
    assert same(lambda T: repr(T.nn.Parameter(T.tensor([[1.0, -2.5]]))))
    assert same(lambda T: str(T.nn.Parameter(T.tensor([1.0]), requires_grad=False)))
    assert same(lambda T: repr(T.nn.Parameter()))
    assert type(p * 2) is cybenko.Tensor


def test_parameter_is_created_requiring_grad_even_under_no_grad():
    for lib in LIBS:
        with lib.no_grad():
            assert lib.nn.Parameter(lib.ones(2)).requires_grad


def test_parameter_of_integers_cannot_require_grad():
    check_error(lambda T: T.nn.Parameter(T.tensor([1, 2])), match=True)


def test_deepcopy_of_a_parameter_is_a_parameter_with_its_own_memory():
    p = cybenko.nn.Parameter(cybenko.ones(2))
    q = copy.deepcopy(p)
    assert type(q) is cybenko.nn.Parameter and q.requires_grad
    q.data[0] = 3.0
    assert p.tolist() == [1.0, 1.0]


# --- registration and naming -------------------------------------------------------------------


def test_attribute_assignment_registers_parameters_children_and_buffers():
    names = same(
        lambda T: (
            [n for n, _ in net(T).named_parameters()],
            [n for n, _ in net(T).named_buffers()],
            [n for n, _ in net(T).named_children()],
            [n for n, _ in net(T).named_modules()],
            list(net(T).state_dict()),
        )
    )
    assert names[0][:3] == ["hidden.weight", "hidden.bias", "block.0.weight"]


def test_named_parameters_prefix_recurse_and_shared_modules():
    def names(T):
        shared = T.nn.Linear(2, 2)
        model = T.nn.Sequential(shared, T.nn.Tanh(), shared, T.nn.Linear(2, 1))
        return (
            [n for n, _ in model.named_parameters()],
            [n for n, _ in model.named_parameters(prefix="model")],
            [n for n, _ in model.named_parameters(remove_duplicate=False)],
            [n for n, _ in model[0].named_parameters(recurse=False)],
            [n for n, _ in model.named_parameters(recurse=False)],
            len(list(model.parameters())),
            [n for n, _ in model.named_modules()],
            [n for n, _ in model.named_modules(prefix="m", remove_duplicate=False)],
            len(list(model.children())),
            len(list(model.modules())),
            list(model.state_dict()),
        )

    same(names)


def test_registration_methods_and_their_errors_match_torch():
    def build(T):
        m = T.nn.Module()
        m.register_parameter("w", T.nn.Parameter(T.ones(2)))
        m.register_parameter("nothing", None)
        m.register_buffer("b", T.zeros(1))
        m.register_buffer("temp", T.zeros(1), persistent=False)
        m.add_module("child", T.nn.Linear(1, 1))
        m.register_module("other", None)
        return (
            [n for n, _ in m.named_parameters()],
            [n for n, _ in m.named_buffers()],
            list(m.state_dict()),
            m.nothing is None,
            [n for n, _ in m.named_children()],
            repr(m),
        )

    same(build)


def _module(T):
    m = T.nn.Module()
    m.w = T.nn.Parameter(T.ones(1))
    m.register_buffer("b", T.zeros(1))
    m.child = T.nn.Identity()
    m.plain = 3
    return m


REGISTRATION_ERRORS = [
    lambda T: _module(T).register_parameter("a.b", None),
    lambda T: _module(T).register_parameter("", None),
    lambda T: _module(T).register_parameter("plain", None),
    lambda T: _module(T).register_parameter("x", T.ones(1)),
    lambda T: _module(T).register_parameter(3, None),
    lambda T: _module(T).register_parameter("x", T.nn.Parameter(T.ones(1)) * 2),
    lambda T: _module(T).register_buffer("a.b", T.ones(1)),
    lambda T: _module(T).register_buffer("", T.ones(1)),
    lambda T: _module(T).register_buffer("w", T.ones(1)),
    lambda T: _module(T).register_buffer("x", [1.0]),
    lambda T: _module(T).add_module("a.b", T.nn.Identity()),
    lambda T: _module(T).add_module("", T.nn.Identity()),
    lambda T: _module(T).add_module("plain", T.nn.Identity()),
    lambda T: _module(T).add_module("x", 3),
    lambda T: setattr(_module(T), "w", T.ones(1)),
    lambda T: setattr(_module(T), "child", 3),
    lambda T: setattr(_module(T), "b", "text"),
    lambda T: _module(T).missing,
    lambda T: T.nn.Linear(2, 2).wieght,
    lambda T: T.nn.Module()(T.ones(1)),
    lambda T: T.nn.Module(3),
    lambda T: T.nn.Module(foo=1),
    lambda T: T.nn.Module().train("yes"),
]


@pytest.mark.parametrize("fn", REGISTRATION_ERRORS)
def test_registration_errors_match_torch(fn):
    check_error(fn, match=True)


@pytest.mark.parametrize("what", ["parameter", "module", "buffer"])
def test_assigning_before_init_is_explained_like_torch(what):
    def build(T):
        class Broken(T.nn.Module):
            def __init__(self):
                if what == "parameter":
                    self.w = T.nn.Parameter(T.ones(1))
                elif what == "module":
                    self.fc = T.nn.Linear(1, 1)
                else:
                    self.register_buffer("b", T.ones(1))

        return Broken()

    check_error(build, match=True)


def test_reassignment_moves_a_name_between_registries():
    def run(T):
        m = _module(T)
        m.b = T.nn.Parameter(T.ones(1))  # buffer -> parameter
        m.w = None  # parameter set to None stays registered
        m.child = None
        m.extra = T.nn.Linear(1, 1)
        m.plain = T.nn.Tanh()  # plain attribute -> child
        return (
            [n for n, _ in m.named_parameters()],
            [n for n, _ in m.named_buffers()],
            list(m._modules),
            list(m.state_dict()),
            "plain" in m.__dict__,
        )

    same(run)


def test_delattr_removes_registered_names():
    def run(T):
        m = _module(T)
        del m.w, m.b, m.child, m.plain
        return list(m.state_dict()), list(m._modules), hasattr(m, "plain"), hasattr(m, "w")

    same(run)


def test_dir_lists_registered_names():
    ours = dir(net(cybenko))
    for name in ("hidden", "block", "scale", "forward", "training"):
        assert name in ours
    assert dir(cybenko.nn.Linear(1, 1)).count("weight") == 1
    assert not [k for k in dir(notes_model(cybenko)) if k[0].isdigit()]


# --- repr ------------------------------------------------------------------------------------


REPRS = [
    notes_model,
    lambda T: make_classes(T)[0](),
    net,
    lambda T: T.nn.Sequential(
        OrderedDict(
            [
                ("encoder", T.nn.Sequential(T.nn.Flatten(), T.nn.Linear(6, 3, bias=False))),
                ("act", T.nn.ReLU(inplace=True)),
                ("decoder", T.nn.Sequential(T.nn.Unflatten(1, (1, 3)), T.nn.Identity())),
            ]
        )
    ),
    lambda T: T.nn.Sequential(),
    lambda T: T.nn.ModuleList([T.nn.Linear(2, 2) for _ in range(3)] + [T.nn.Tanh()]),
    lambda T: T.nn.ModuleList(),
    lambda T: T.nn.ModuleList([T.nn.ReLU(), T.nn.Sequential(T.nn.ReLU(), T.nn.ReLU())] * 2),
    lambda T: T.nn.ModuleDict({"a": T.nn.LeakyReLU(0.2), "b": T.nn.ELU(alpha=0.5)}),
    lambda T: T.nn.Sequential(
        T.nn.LeakyReLU(),
        T.nn.LeakyReLU(0.1, inplace=True),
        T.nn.ELU(inplace=True),
        T.nn.SELU(),
        T.nn.GELU(),
        T.nn.GELU("tanh"),
        T.nn.Softplus(),
        T.nn.Softplus(2, 10),
        T.nn.Softmax(dim=1),
        T.nn.Softmax(),
        T.nn.LogSoftmax(-1),
        T.nn.Tanh(),
        T.nn.Dropout(),
        T.nn.Dropout(0.1, inplace=True),
    ),
    lambda T: T.nn.Sequential(
        T.nn.BatchNorm1d(3),
        T.nn.BatchNorm1d(4, eps=1e-3, momentum=None, affine=False),
        T.nn.BatchNorm1d(2, track_running_stats=False, bias=False),
        T.nn.BatchNorm2d(5),
    ),
    lambda T: T.nn.Sequential(
        T.nn.Embedding(10, 3),
        T.nn.Embedding(10, 3, padding_idx=0, max_norm=1.0),
        T.nn.Embedding(5, 2, norm_type=1.0, scale_grad_by_freq=True),
    ),
    lambda T: T.nn.Sequential(
        T.nn.MSELoss(),
        T.nn.L1Loss(),
        T.nn.BCELoss(),
        T.nn.BCEWithLogitsLoss(),
        T.nn.CrossEntropyLoss(),
        T.nn.NLLLoss(),
        T.nn.HuberLoss(),
        T.nn.SmoothL1Loss(),
    ),
    lambda T: T.nn.Linear(1, 2),
]


@pytest.mark.parametrize("make", REPRS)
def test_repr_is_identical_to_torch(make):
    theirs, ours = both(lambda T: repr(make(T)))
    assert ours == theirs


def test_notes_model_prints_exactly_as_in_the_notes():
    assert repr(notes_model(cybenko)) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=2, bias=True)\n"
        "  (1): Sigmoid()\n"
        "  (2): Linear(in_features=2, out_features=1, bias=True)\n"
        "  (3): Sigmoid()\n"
        ")"
    )


def test_extra_repr_with_several_lines_is_indented_like_torch():
    def make(T):
        class Custom(T.nn.Module):
            def extra_repr(self):
                return "first line\nsecond line"

        outer = T.nn.Sequential(Custom(), T.nn.Sequential(Custom()))
        return repr(outer), str(Custom())

    same(make)


def test_a_user_defined_module_runs_and_differentiates():
    torch.manual_seed(0)  # the same weights whatever ran before
    models = twin(net)
    x = np.random.default_rng(0).uniform(-1, 1, (5, 3)).astype(np.float32)
    for lib in LIBS:
        lib.manual_seed(3)  # the same dropout mask in both
    # Batch norm on 5 rows: a gradient that is zero but for rounding (the bias before it, for
    # a channel all rows pass) is what is left of terms up to |weight| / std, and a drawn std
    # can be small. Over 300 draws of weights: up to 3e-5 apart from torch.
    run_twins(models, x, atol=1e-4, rtol=1e-4)


# --- modes and gradients ---------------------------------------------------------------------


def test_train_and_eval_set_the_flag_on_every_descendant():
    def run(T):
        model = net(T)
        flags = [[m.training for m in model.modules()]]
        assert model.eval() is model
        flags.append([m.training for m in model.modules()])
        model.block.train()
        flags.append([m.training for m in model.modules()])
        model.train(False)
        flags.append([m.training for m in model.modules()])
        return flags

    flags = same(run)
    assert flags[1] == [False] * len(flags[1])


def test_zero_grad_sets_to_none_or_zeros_in_place():
    model = notes_model(cybenko)
    model(cybenko.ones(3, 2)).sum().backward()
    grads = [p.grad for p in model.parameters()]
    model.zero_grad(set_to_none=False)
    assert [p.grad for p in model.parameters()] == grads  # the same tensors, now zero
    assert all(not g.numpy().any() for g in grads)
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_requires_grad_freezes_and_unfreezes_parameters():
    model = notes_model(cybenko)
    assert model.requires_grad_(False) is model
    assert not any(p.requires_grad for p in model.parameters())
    model[0].requires_grad_()
    assert [p.requires_grad for p in model.parameters()] == [True, True, False, False]
    out = model(cybenko.ones(1, 2))
    out.sum().backward()
    assert model[2].weight.grad is None and model[0].weight.grad is not None


def test_apply_visits_children_before_parents_like_torch():
    def run(T):
        seen = []
        net(T).apply(lambda m: seen.append(type(m).__name__))
        return seen

    same(run)


def test_apply_can_initialise_weights():
    model = notes_model(cybenko)

    @cybenko.no_grad()
    def init(m):
        if type(m) is cybenko.nn.Linear:
            m.weight.fill_(1.0)

    assert model.apply(init) is model
    assert model[0].weight.tolist() == [[1.0, 1.0], [1.0, 1.0]]
    assert model[0].weight.requires_grad


# --- dtypes and devices --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cast",
    [
        lambda T, m: m.double(),
        lambda T, m: m.to(T.float64),
        lambda T, m: m.to(dtype=T.float64),
        lambda T, m: m.to("cpu", T.float64),
        lambda T, m: m.to(T.zeros(1, dtype=T.float64)),
        lambda T, m: m.double().float(),
        lambda T, m: m.to("cpu"),
        lambda T, m: m.cpu(),
        lambda T, m: m.type(T.float64),
    ],
)
def test_dtype_casts_change_parameters_in_place_and_keep_integer_buffers(cast):
    def run(T):
        model = T.nn.Sequential(T.nn.Linear(2, 3), T.nn.BatchNorm1d(3))
        params = list(model.parameters())
        model(T.ones(4, 2)).sum().backward()
        assert cast(T, model) is model
        assert all(a is b for a, b in zip(params, model.parameters(), strict=True))
        return (
            [str(p.dtype) for p in model.parameters()],
            [str(p.grad.dtype) for p in model.parameters()],
            [str(b.dtype) for b in model.buffers()],
            str(model(T.ones(2, 2, dtype=model[0].weight.dtype)).dtype),
        )

    same(run)


def test_module_to_refuses_integer_dtypes_and_other_devices():
    check_error(lambda T: T.nn.Linear(1, 1).to(T.int64), match=True)
    with pytest.raises(RuntimeError, match="CUDA"):
        cybenko.nn.Linear(1, 1).to("cuda")


# --- state_dict -------------------------------------------------------------------------------


def test_state_dict_holds_detached_tensors_sharing_memory_with_the_model():
    model = net(cybenko)
    state = model.state_dict()
    assert isinstance(state, OrderedDict)
    assert list(state) == list(net(torch).state_dict())
    w = state["hidden.weight"]
    assert type(w) is cybenko.Tensor and not w.requires_grad and w.grad_fn is None
    with cybenko.no_grad():
        model.hidden.weight.fill_(2.0)
    assert w.numpy().max() == 2.0
    assert state["norm.num_batches_tracked"].dtype is cybenko.int64
    assert "block.2.p" not in state


def test_state_dict_prefix_and_keep_vars():
    def run(T):
        model = notes_model(T)
        state = model.state_dict(prefix="net.")
        kept = model.state_dict(keep_vars=True)
        return list(state), [type(v).__name__ for v in kept.values()]

    same(run)


def test_state_dict_round_trip_restores_the_outputs():
    source, target = net(cybenko), net(cybenko)
    x = cybenko.ones(4, 3)
    source(x)  # move the batch-norm running statistics
    source.eval(), target.eval()
    result = target.load_state_dict(source.state_dict())
    assert repr(result) == "<All keys matched successfully>"
    assert result.missing_keys == [] and result.unexpected_keys == []
    np.testing.assert_array_equal(target(x).detach().numpy(), source(x).detach().numpy())
    # a copy, not a link: changing the source later leaves the target alone
    with cybenko.no_grad():
        source.hidden.weight.add_(1.0)
    assert not np.array_equal(
        target.hidden.weight.detach().numpy(), source.hidden.weight.detach().numpy()
    )


def test_state_dict_loads_across_libraries_by_value():
    theirs, ours = twin(net)
    for name, value in ours.state_dict().items():
        np.testing.assert_array_equal(value.numpy(), theirs.state_dict()[name].numpy())


def _load(T, edit, strict=True):
    model = notes_model(T)
    state = notes_model(T).state_dict()
    edit(T, state)
    return model.load_state_dict(state, strict=strict)


LOAD_ERRORS = [
    lambda T, s: s.pop("2.bias"),
    lambda T, s: s.update({"3.weight": T.ones(1), "extra": T.ones(1)}),
    lambda T, s: (s.pop("0.weight"), s.update({"0.wieght": T.ones(2, 2)})),
    lambda T, s: s.update({"0.weight": T.ones(3, 3)}),
    lambda T, s: s.update({"0.bias": T.ones(2, 1), "2.weight": T.ones(2)}),
    lambda T, s: s.update({"0.bias": [1.0, 2.0]}),
    lambda T, s: (s.pop("0.bias"), s.update({"0.weight": T.ones(3, 3), "x.y": T.ones(1)})),
]


@pytest.mark.parametrize("edit", LOAD_ERRORS)
def test_load_state_dict_errors_match_torch_word_for_word(edit):
    check_error(lambda T: _load(T, edit), match=True)


@pytest.mark.parametrize("edit", LOAD_ERRORS[:3])
def test_non_strict_loading_reports_the_incompatible_keys_like_torch(edit):
    theirs, ours = both(lambda T: _load(T, edit, strict=False))
    assert (ours.missing_keys, ours.unexpected_keys) == (
        theirs.missing_keys,
        theirs.unexpected_keys,
    )
    assert repr(ours) == repr(theirs)


def test_size_mismatch_message_names_both_shapes():
    with pytest.raises(RuntimeError) as info:
        _load(cybenko, lambda T, s: s.update({"0.weight": T.ones(2, 3)}))
    assert str(info.value) == (
        "Error(s) in loading state_dict for Sequential:\n\tsize mismatch for 0.weight: copying "
        "a param with shape torch.Size([2, 3]) from checkpoint, the shape in current model is "
        "torch.Size([2, 2])."
    )


def test_load_state_dict_casts_values_into_the_models_tensors():
    def run(T):
        model = T.nn.Linear(2, 1)
        weight = model.weight
        model.load_state_dict({"weight": T.tensor([[1, 2]]), "bias": T.tensor([0.5]).double()})
        return model.weight is weight, str(model.weight.dtype), model.weight.tolist()

    same(run)


def test_load_state_dict_assign_replaces_the_tensors():
    def run(T):
        model = T.nn.Linear(2, 1)
        value = T.tensor([[1.0, 2.0]])
        model.load_state_dict({"weight": value, "bias": T.zeros(1)}, assign=True)
        return type(model.weight).__name__, model.weight.requires_grad, model.weight.tolist()

    same(run)


def test_batchnorm_loads_old_state_dicts_without_num_batches_tracked():
    def run(T):
        bn = T.nn.BatchNorm1d(2)
        state = dict(bn.state_dict())  # a plain dict: no version metadata, as in old files
        del state["num_batches_tracked"]
        return repr(bn.load_state_dict(state))

    same(run)


def test_load_state_dict_refuses_a_non_mapping():
    check_error(lambda T: T.nn.Linear(1, 1).load_state_dict([1, 2]), match=True)


def test_deepcopy_of_a_model_is_independent():
    model = net(cybenko)
    clone = copy.deepcopy(model)
    assert type(clone.hidden.weight) is cybenko.nn.Parameter
    with cybenko.no_grad():
        clone.hidden.weight.fill_(0.0)
    assert model.hidden.weight.detach().numpy().any()
    assert list(clone.state_dict()) == list(model.state_dict())


# --- containers ------------------------------------------------------------------------------


def test_sequential_indexing_slicing_and_length_match_torch():
    def run(T):
        model = notes_model(T)
        return (
            len(model),
            repr(model[0]),
            repr(model[-1]),
            repr(model[1:3]),
            type(model[1:3]).__name__,
            [type(m).__name__ for m in model],
            repr(model[::2]),
            [n for n, _ in model[2:].named_children()],
        )

    same(run)


def test_sequential_slices_share_the_layers():
    model = notes_model(cybenko)
    assert model[0:2][0] is model[0]


@pytest.mark.parametrize(
    "edit",
    [
        lambda T, s: s.append(T.nn.Tanh()),
        lambda T, s: s.insert(1, T.nn.Tanh()),
        lambda T, s: s.insert(-1, T.nn.Tanh()),
        lambda T, s: s.insert(4, T.nn.Tanh()),
        lambda T, s: s.extend([T.nn.Tanh(), T.nn.ReLU()]),
        lambda T, s: s.__delitem__(1),
        lambda T, s: s.__delitem__(slice(0, 2)),
        lambda T, s: s.__setitem__(-1, T.nn.ReLU()),
        lambda T, s: s.pop(0),
        lambda T, s: s.__iadd__(T.nn.Sequential(T.nn.ReLU())),
    ],
)
def test_sequential_editing_matches_torch(edit):
    def run(T):
        s = notes_model(T)
        edit(T, s)
        return repr(s), list(s.state_dict())

    same(run)


def test_sequential_from_an_ordered_dict_uses_its_names_and_runs_in_order():
    def run(T):
        model = T.nn.Sequential(
            OrderedDict(
                [("fc1", T.nn.Linear(2, 3)), ("act", T.nn.ReLU()), ("fc2", T.nn.Linear(3, 1))]
            )
        )
        return repr(model), list(model.state_dict()), repr(model.fc1), repr(model[2])

    same(run)
    theirs, ours = twin(
        lambda T: T.nn.Sequential(OrderedDict([("fc1", T.nn.Linear(2, 3)), ("act", T.nn.Tanh())]))
    )
    x = np.ones((2, 2), np.float32)
    want = theirs(torch.tensor(x)).detach().numpy()
    # tanh(w1 + w2 + b) is near zero where the three cancel, with their rounding
    atol = scaled_atol(want, 1e-6)
    np.testing.assert_allclose(
        ours(cybenko.tensor(x)).detach().numpy(), want, rtol=1e-6, atol=atol
    )


def test_sequential_arithmetic_matches_torch():
    def run(T):
        a = T.nn.Sequential(T.nn.ReLU(), T.nn.Tanh())
        b = T.nn.Sequential(T.nn.Sigmoid())
        return repr(a + b), repr(a * 2), repr(2 * b)

    same(run)


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: notes_model(T)[4],
        lambda T: notes_model(T)[-5],
        lambda T: notes_model(T)["0"],
        lambda T: notes_model(T).insert(7, T.nn.ReLU()),
        lambda T: notes_model(T) + [T.nn.ReLU()],
        lambda T: T.nn.ModuleList([T.nn.ReLU()])[1],
        lambda T: T.nn.ModuleList(3),
        lambda T: T.nn.ModuleDict({"a": T.nn.ReLU()})["b"],
        lambda T: T.nn.ModuleDict([("a", T.nn.ReLU(), 1)]),
        lambda T: T.nn.ModuleDict({"a.b": T.nn.ReLU()}),
        lambda T: T.nn.Sequential(T.nn.ReLU(), 3),
    ],
)
def test_container_errors_match_torch(fn):
    check_error(fn, match=True)


def test_module_list_registers_its_modules_and_indexes_like_a_list():
    def run(T):
        layers = T.nn.ModuleList([T.nn.Linear(2, 2) for _ in range(3)])
        layers.append(T.nn.Linear(2, 1))
        layers.insert(0, T.nn.Tanh())
        layers.extend([T.nn.ReLU()])
        layers += [T.nn.Sigmoid()]
        names = [n for n, _ in layers.named_parameters()]
        picked = [type(layers[i]).__name__ for i in (0, -1, 2)]
        sliced = repr(layers[1:3])
        del layers[0]
        layers[0] = T.nn.Identity()
        return names, picked, sliced, repr(layers), len(layers), repr(layers + layers[:1])

    same(run)


def test_module_dict_registers_its_modules_and_acts_as_a_dict():
    def run(T):
        d = T.nn.ModuleDict({"enc": T.nn.Linear(2, 3), "act": T.nn.ReLU()})
        d["dec"] = T.nn.Linear(3, 2)
        d.update([("extra", T.nn.Tanh())])
        d.update(T.nn.ModuleDict({"more": T.nn.Sigmoid()}))
        popped = type(d.pop("act")).__name__
        summary = (
            list(d.keys()),
            [type(v).__name__ for v in d.values()],
            [k for k, _ in d.items()],
            list(d),
            "enc" in d,
            len(d),
            popped,
            [n for n, _ in d.named_parameters()],
            repr(d),
        )
        d.clear()
        return summary, len(d)

    same(run)


# --- calling and hooks ------------------------------------------------------------------------


def test_call_runs_forward_with_positional_and_keyword_arguments():
    class Scale(cybenko.nn.Module):
        def forward(self, x, factor=2.0):
            return x * factor

    m = Scale()
    assert m(cybenko.ones(1), factor=3.0).tolist() == [3.0]
    assert m(cybenko.ones(1)).tolist() == [2.0]


def test_forward_hooks_see_and_replace_inputs_and_outputs_like_torch():
    def run(T):
        model = notes_model(T)
        seen = []
        pre = model[0].register_forward_pre_hook(lambda m, args: (args[0] * 0,))
        post = model[2].register_forward_hook(
            lambda m, args, out: seen.append(tuple(out.shape)) or out + 1
        )
        first = model(T.ones(3, 2))
        pre.remove()
        post.remove()
        second = model(T.ones(3, 2))
        return seen, tuple(first.shape), bool((first > second).all() | (first < second).any())

    same(run)
