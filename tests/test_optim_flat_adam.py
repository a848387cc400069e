"""Adam's step on a whole group at once (optim/_flat_adam.py) gives the per-parameter
update's numbers bit for bit, keeps torch's per-parameter state, and steps aside whenever a
group does not qualify."""

import numpy as np
import pytest

import cybenko
from cybenko.optim import _flat_adam
from helpers import check_error
from oracle import torch

SHAPES = [(5, 3), (5,), (0, 4), (1, 5), (1,), (7, 2)]


def make_params(dtype, seed=0):
    rng = np.random.default_rng(seed)
    params = [cybenko.tensor(rng.standard_normal(s).astype(dtype)) for s in SHAPES]
    params[-1] = cybenko.tensor(rng.standard_normal((2, 7)).astype(dtype)).t()
    params = [p.requires_grad_() for p in params]
    return params  # the last one is a transposed (non-contiguous) leaf


def train(params, opt, steps, skip=None, seed=1):
    """`steps` steps of a loss with a different gradient each time; at step `skip` the
    first parameter gets no gradient."""
    rng = np.random.default_rng(seed)
    for i in range(steps):
        opt.zero_grad()
        used = params[1:] if i == skip else params
        weights = [cybenko.tensor(rng.standard_normal(p.shape), dtype=p.dtype) for p in used]
        losses = [(w * p * p).sum() + (w * p).sum() for w, p in zip(weights, used, strict=True)]
        sum(losses).backward()
        opt.step()


def run(dtype, monkeypatch, flat: bool, steps=6, skip=None, **options):
    if not flat:
        monkeypatch.setattr(_flat_adam, "qualifies", lambda group, states: None)
    params = make_params(dtype)
    opt = cybenko.optim.Adam(params, lr=0.05, **options)
    train(params, opt, steps, skip)
    monkeypatch.undo()
    return params, opt


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("options", [{}, {"maximize": True}, {"betas": (0.5, 0.9), "eps": 1e-3}])
def test_the_whole_group_steps_as_each_parameter_would_bit_for_bit(dtype, options, monkeypatch):
    flat_params, flat_opt = run(dtype, monkeypatch, flat=True, **options)
    each_params, each_opt = run(dtype, monkeypatch, flat=False, **options)
    assert flat_opt.__dict__.get("_flat"), "the flat path did not run"
    for a, b in zip(flat_params, each_params, strict=True):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    for a, b in zip(flat_opt.state.values(), each_opt.state.values(), strict=True):
        for key in ("step", "exp_avg", "exp_avg_sq"):
            assert a[key].shape == b[key].shape
            np.testing.assert_array_equal(a[key].numpy(), b[key].numpy())


def test_a_step_where_a_parameter_has_no_gradient_runs_per_parameter(monkeypatch):
    flat_params, flat_opt = run(np.float64, monkeypatch, flat=True, steps=6, skip=3)
    each_params, _ = run(np.float64, monkeypatch, flat=False, steps=6, skip=3)
    for a, b in zip(flat_params, each_params, strict=True):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    steps = [float(s["step"]) for s in flat_opt.state.values()]
    assert steps == [5.0] + [6.0] * (len(SHAPES) - 1)


def test_the_state_dict_is_torchs_layout_and_a_snapshot():
    params = make_params(np.float32)
    opt = cybenko.optim.Adam(params, lr=0.05)
    train(params, opt, 3)
    saved = opt.state_dict()
    before = {k: v["exp_avg"].numpy().copy() for k, v in saved["state"].items()}
    train(params, opt, 2)
    for index, entry in saved["state"].items():
        assert set(entry) == {"step", "exp_avg", "exp_avg_sq"}
        assert float(entry["step"]) == 3.0 and entry["step"].shape == ()
        assert entry["exp_avg"].shape == SHAPES[index] or index == len(SHAPES) - 1
        np.testing.assert_array_equal(entry["exp_avg"].numpy(), before[index])


def small_net_step(lib, params, opt, x, y):
    """One step of a 3-4-1 tanh net, MSE, on (x, y)."""
    w1, b1, w2, b2 = params
    out = lib.tanh(lib.tensor(x) @ w1.T + b1) @ w2.T + b2
    loss = ((out - lib.tensor(y)) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()


def test_loading_a_state_mid_training_continues_as_torch():
    rng = np.random.default_rng(4)
    inits = [rng.standard_normal(s).astype(np.float64) for s in [(4, 3), (4,), (1, 4), (1,)]]
    x, y = rng.standard_normal((10, 3)), rng.standard_normal((10, 1))

    def trained(lib, steps, state=None):
        params = [lib.tensor(a.copy(), requires_grad=True) for a in inits]
        opt = lib.optim.Adam(params, lr=0.01)
        if state is not None:
            opt.load_state_dict(state)
        for _ in range(steps):
            small_net_step(lib, params, opt, x, y)
        return params, opt

    _, ours = trained(cybenko, 4)
    _, theirs = trained(torch, 4)
    ours_after, _ = trained(cybenko, 5, ours.state_dict())
    theirs_after, _ = trained(torch, 5, theirs.state_dict())
    for a, b in zip(ours_after, theirs_after, strict=True):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("options", [{"amsgrad": True}, {"weight_decay": 0.1}])
def test_options_outside_the_plain_formula_run_per_parameter(options):
    params = make_params(np.float32)
    opt = cybenko.optim.Adam(params, lr=0.05, **options)
    train(params, opt, 3)
    assert not opt.__dict__.get("_flat")


def test_a_parameter_listed_twice_is_updated_twice_as_torch_does():
    def run_lib(lib):
        w = lib.tensor([1.0, -2.0, 3.0], dtype=lib.float64, requires_grad=True)
        with pytest.warns(UserWarning, match="duplicate parameters"):
            opt = lib.optim.Adam([w, w], lr=0.1)
        for _ in range(3):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()
        return w.detach().numpy()

    np.testing.assert_allclose(run_lib(cybenko), run_lib(torch), rtol=1e-12)


def _train_changing(lib, change):
    """Six Adam steps of a small net, `change(opt, params)` applied after the third."""
    rng = np.random.default_rng(7)
    inits = [rng.standard_normal(s) for s in [(4, 3), (4,), (1, 4), (1,)]]
    x, y = rng.standard_normal((10, 3)), rng.standard_normal((10, 1))
    params = [lib.tensor(a.copy(), requires_grad=True) for a in inits]
    opt = lib.optim.Adam(params, lr=0.01)
    for i in range(6):
        if i == 3:
            change(lib, opt, params)
        small_net_step(lib, params, opt, x, y)
    return [p.detach().numpy() for p in params] + [
        s[k].numpy() for s in opt.state.values() for k in sorted(s)
    ]


CHANGES = {
    "a state tensor replaced": lambda lib, opt, ps: opt.state[ps[0]].update(
        exp_avg=lib.ones_like(ps[0]), exp_avg_sq=lib.ones_like(ps[0])
    ),
    "a step count replaced": lambda lib, opt, ps: opt.state[ps[1]].update(step=lib.tensor(10.0)),
    "weight decay switched on": lambda lib, opt, ps: opt.param_groups[0].update(weight_decay=0.1),
    "amsgrad switched on": lambda lib, opt, ps: [
        opt.param_groups[0].update(amsgrad=True),
        [opt.state[p].update(max_exp_avg_sq=lib.zeros_like(p)) for p in ps],
    ],
    "a parameter's data replaced": lambda lib, opt, ps: setattr(ps[3], "data", ps[3].data * 2),
    "a parameter frozen": lambda lib, opt, ps: ps[2].requires_grad_(False),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_changes_between_steps_are_seen_as_torch_sees_them(change):
    ours, theirs = _train_changing(cybenko, change), _train_changing(torch, change)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def _load_onto(lib, saved_shapes, loaded_shapes, name="Adam", **options):
    """One step on parameters of `saved_shapes`, its state loaded onto parameters of
    `loaded_shapes` (the same total size) and stepped."""
    saved = [lib.ones(s, requires_grad=True) for s in saved_shapes]
    opt = getattr(lib.optim, name)(saved, **options)
    sum(p.sum() for p in saved).backward()
    opt.step()
    loaded = [lib.ones(s, requires_grad=True) for s in loaded_shapes]
    other = getattr(lib.optim, name)(loaded, **options)
    other.load_state_dict(opt.state_dict())
    sum(p.sum() for p in loaded).backward()
    other.step()


@pytest.mark.parametrize(
    "saved, loaded",
    [
        ([(2,), (3,)], [(3,), (2,)]),  # parameters in another order
        ([(2, 3), (3, 2)], [(3, 2), (2, 3)]),  # transposed shapes
        ([(3, 2), (2,)], [(2,), (3, 2)]),  # moments that broadcast against the parameter
    ],
)
def test_moments_of_another_shape_raise_torchs_error_instead_of_stepping_flat(saved, loaded):
    check_error(lambda T: _load_onto(T, saved, loaded), match=True)
