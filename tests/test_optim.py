"""cybenko.optim, specified against torch 2.13: every optimizer and option trains a small MLP to
torch's numbers, param groups, zero_grad, state_dict round trips, the learning-rate schedules
(exactly torch's sequences) and the errors a student meets."""

import copy
import warnings

import numpy as np
import pytest

import cybenko
import cybenko.optim  # noqa: F401  (binds cybenko.optim)
from helpers import scaled_atol
from oracle import torch

pytestmark = pytest.mark.oracle

RTOL = 1e-5
ATOL = 1e-6
STATE_RTOL = 1e-4

# --- a 3-5-1 MLP from raw parameters, the same values in both libraries --------------------------
SHAPES = ((5, 3), (5,), (1, 5), (1,))
_rng = np.random.default_rng(0)
INIT = [(_rng.standard_normal(s) * 0.5).astype(np.float32) for s in SHAPES]
X = _rng.standard_normal((16, 3)).astype(np.float32)
Y = _rng.random((16, 1)).astype(np.float32)


def make_params(lib, init=INIT):
    return [lib.tensor(a.copy(), requires_grad=True) for a in init]


def mse(lib, params):
    w1, b1, w2, b2 = params
    hidden = lib.tanh(lib.tensor(X) @ w1.T + b1)
    out = lib.sigmoid(hidden @ w2.T + b2)
    return ((out - lib.tensor(Y)) ** 2).mean()


def train_step(lib, params, opt):
    opt.zero_grad()
    mse(lib, params).backward()
    opt.step()


def arrays(params) -> list:
    return [p.detach().numpy().copy() for p in params]


def assert_params_close(ours, theirs, rtol=RTOL, atol=ATOL, what="parameter"):
    """Within `rtol` of each value or `atol`, and never more closely than `rtol` of the largest
    value (a parameter near zero keeps the rounding of the larger updates that brought it)."""
    for i, (a, b) in enumerate(zip(arrays(ours), arrays(theirs), strict=True)):
        tol = max(atol, scaled_atol(b, rtol))
        np.testing.assert_allclose(a, b, rtol=rtol, atol=tol, err_msg=f"{what} {i}")


def assert_state_close(ours: dict, theirs: dict) -> None:
    """Two state_dicts: the same layout (keys, groups) and state values to rounding, relative
    to the largest magnitude the entry reaches over all parameters (a tiny gradient, computed
    with cancellation, differs in more than its last bits, and g / sqrt(v) magnifies that)."""
    assert ours["param_groups"] == theirs["param_groups"]
    assert ours["state"].keys() == theirs["state"].keys()
    scale: dict = {}
    for entry in theirs["state"].values():
        for key, value in entry.items():
            if isinstance(value, torch.Tensor) and value.numel():
                scale[key] = max(scale.get(key, 0.0), float(value.abs().max()))
    for index, entry in theirs["state"].items():
        assert ours["state"][index].keys() == entry.keys(), index
        for key, value in entry.items():
            mine = ours["state"][index][key]
            if isinstance(value, torch.Tensor):
                assert isinstance(mine, cybenko.Tensor), key
                assert str(mine.dtype) == str(value.dtype), key
                np.testing.assert_allclose(
                    mine.numpy(),
                    value.numpy(),
                    rtol=STATE_RTOL,
                    atol=STATE_RTOL * scale.get(key, 0.0),
                    err_msg=f"state[{index}][{key!r}]",
                )
            else:
                assert mine == value, key


def raises_like(fn, match=None):
    """Both libraries raise the same exception type with the same message."""
    with pytest.raises(Exception) as theirs:
        fn(torch, make_params(torch))
    with pytest.raises(type(theirs.value)) as ours:
        fn(cybenko, make_params(cybenko))
    assert str(ours.value) == str(theirs.value)
    if match is not None:
        assert match in str(ours.value)


# --- every optimizer, every option: the same parameters after 1, 10 and 100 steps -----------------
# The forward and backward passes of the two libraries agree to the last bit or two, not exactly,
# and optimizers that take sign-like steps (Rprop, Adamax, RMSprop near a minimum) amplify such
# differences: torch itself, fed gradients one ulp off, drifts by more than 1e-5 in 100 steps at
# large learning rates. The rates below keep 100-step runs out of that regime.
CASES = {
    "SGD": {"lr": 0.1},
    "SGD-momentum": {"lr": 0.1, "momentum": 0.9},
    "SGD-dampening": {"lr": 0.1, "momentum": 0.9, "dampening": 0.3},
    "SGD-nesterov": {"lr": 0.1, "momentum": 0.9, "nesterov": True},
    "SGD-weight_decay": {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.1},
    "SGD-maximize": {"lr": 0.1, "momentum": 0.9, "maximize": True},
    "Adam": {"lr": 0.01},
    "Adam-betas": {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-6},
    "Adam-amsgrad": {"lr": 0.01, "amsgrad": True},
    "Adam-weight_decay": {"lr": 0.01, "weight_decay": 0.1},
    "Adam-maximize": {"lr": 0.01, "maximize": True, "amsgrad": True},
    "AdamW": {"lr": 0.01},
    "AdamW-amsgrad": {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True},
    "AdamW-maximize": {"lr": 0.01, "maximize": True},
    "Adagrad": {"lr": 0.1},
    "Adagrad-lr_decay": {"lr": 0.1, "lr_decay": 0.05},
    "Adagrad-weight_decay": {"lr": 0.1, "weight_decay": 0.1},
    "Adagrad-initial_accumulator": {"lr": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-3},
    "Adagrad-maximize": {"lr": 0.1, "maximize": True},
    "Adadelta": {},
    "Adadelta-rho": {"lr": 0.5, "rho": 0.5, "eps": 1e-4},
    "Adadelta-weight_decay": {"weight_decay": 0.1},
    "Adadelta-maximize": {"maximize": True},
    "Adamax": {"lr": 0.01},
    "Adamax-betas": {"lr": 0.02, "betas": (0.8, 0.99), "eps": 1e-4},
    "Adamax-weight_decay": {"lr": 0.01, "weight_decay": 0.1},
    "Adamax-maximize": {"lr": 0.01, "maximize": True},
    "ASGD": {"lr": 0.1},
    "ASGD-averaging": {"lr": 0.1, "lambd": 1e-2, "alpha": 0.5, "t0": 5},
    "ASGD-weight_decay": {"lr": 0.1, "weight_decay": 0.1, "t0": 3},
    "ASGD-maximize": {"lr": 0.1, "maximize": True, "t0": 3},
    "RMSprop": {"lr": 0.01},
    "RMSprop-alpha": {"lr": 0.003, "alpha": 0.9, "eps": 1e-6},
    "RMSprop-centered": {"lr": 0.01, "centered": True},
    "RMSprop-momentum": {"lr": 0.003, "momentum": 0.9},
    "RMSprop-centered-momentum": {"lr": 0.003, "centered": True, "momentum": 0.5},
    "RMSprop-weight_decay": {"lr": 0.01, "weight_decay": 0.1},
    "RMSprop-maximize": {"lr": 0.01, "maximize": True},
    "Rprop": {"lr": 0.01},
    "Rprop-etas": {"lr": 0.01, "etas": (0.3, 1.5)},
    "Rprop-step_sizes": {"lr": 0.05, "step_sizes": (1e-3, 0.1)},
    "Rprop-maximize": {"lr": 0.01, "maximize": True},
}


def optimizer(lib, case: str, params):
    return getattr(lib.optim, case.split("-")[0])(params, **CASES[case])


def run(lib, case: str, steps: int):
    params = make_params(lib)
    opt = optimizer(lib, case, params)
    for _ in range(steps):
        train_step(lib, params, opt)
    return params, opt


@pytest.mark.parametrize("steps", [1, 10, 100])
@pytest.mark.parametrize("case", CASES)
def test_training_matches_torch(case, steps):
    ours, our_opt = run(cybenko, case, steps)
    theirs, their_opt = run(torch, case, steps)
    assert_params_close(ours, theirs)
    assert_state_close(our_opt.state_dict(), their_opt.state_dict())


@pytest.mark.parametrize("case", ["SGD-nesterov", "Adam-amsgrad", "RMSprop-centered", "ASGD"])
def test_float64_parameters_train_in_float64(case):
    def run64(lib):
        params = make_params(lib, [a.astype(np.float64) for a in INIT])
        opt = optimizer(lib, case, params)
        for _ in range(10):
            opt.zero_grad()
            w1, b1, w2, b2 = params
            x, y = lib.tensor(X.astype(np.float64)), lib.tensor(Y.astype(np.float64))
            out = lib.sigmoid(lib.tanh(x @ w1.T + b1) @ w2.T + b2)
            ((out - y) ** 2).mean().backward()
            opt.step()
        return params, opt

    (ours, our_opt), (theirs, their_opt) = run64(cybenko), run64(torch)
    assert all(str(p.dtype) == "torch.float64" for p in ours)
    assert_params_close(ours, theirs, rtol=1e-12, atol=1e-14)
    assert_state_close(our_opt.state_dict(), their_opt.state_dict())


def test_repr_lists_each_group_as_torch_does():
    def describe(lib):
        params = make_params(lib)
        return repr(lib.optim.Adam([{"params": params[:2]}, {"params": params[2:], "lr": 0.1}]))

    assert describe(cybenko) == describe(torch)


def test_the_update_records_no_graph_and_bumps_the_version():
    params = make_params(cybenko)
    opt = cybenko.optim.Adam(params)
    loss = (params[0] * params[0]).sum()
    mse(cybenko, params).backward()
    opt.step()
    assert all(p.is_leaf and p.grad_fn is None and p.requires_grad for p in params)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


# --- LBFGS: a few step(closure) calls ------------------------------------------------------------
# L-BFGS matches torch iteration for iteration while it descends, then, near a minimum, amplifies
# the last bits in which the two forward passes differ (curvature pairs of tiny steps, loss
# changes at the tolerance): torch's own L-BFGS, given gradients one ulp off, drifts as much. So
# the cases either stop after a few iterations (the trajectories must agree, evaluation counts
# included) or run to the minimum of an L2-regularized loss, which is unique (the end points must
# agree).
LBFGS_CASES = {  # name: (kwargs, step calls, L2 weight, same counts)
    "default": ({"max_iter": 4}, 2, 0.0, True),
    "strong_wolfe": ({"max_iter": 4, "line_search_fn": "strong_wolfe"}, 2, 0.0, True),
    "short-history": ({"history_size": 2, "max_iter": 3}, 3, 0.0, True),
    "lr": ({"lr": 0.5, "max_iter": 3}, 3, 0.0, True),
    "tolerances": (
        {"tolerance_grad": 1e-3, "tolerance_change": 1e-4, "max_iter": 30},
        3,
        0.03,
        True,
    ),
    "to-the-minimum": ({}, 5, 0.03, False),
    "to-the-minimum-strong_wolfe": ({"line_search_fn": "strong_wolfe"}, 5, 0.03, False),
}
# Measured: torch's own L-BFGS, its gradients moved 1 ulp at random, ends up to 1e-5 of the
# largest parameter away (the "default" case); 1e-4 leaves a 10x margin for another machine.
LBFGS_PARAMS_RTOL = 1e-4


def run_lbfgs(lib, kwargs, steps, l2=0.0):
    params = make_params(lib)
    opt = lib.optim.LBFGS(params, **kwargs)

    def closure():
        opt.zero_grad()
        loss = mse(lib, params)
        if l2:
            loss = loss + l2 * sum((p**2).sum() for p in params)
        loss.backward()
        return loss

    losses = [opt.step(closure).item() for _ in range(steps)]
    return params, opt, losses


@pytest.mark.parametrize("case", LBFGS_CASES)
def test_lbfgs_matches_torch(case):
    kwargs, steps, l2, same_counts = LBFGS_CASES[case]
    ours, our_opt, our_losses = run_lbfgs(cybenko, kwargs, steps, l2)
    theirs, their_opt, their_losses = run_lbfgs(torch, kwargs, steps, l2)
    np.testing.assert_allclose(our_losses, their_losses, rtol=RTOL)
    assert_params_close(ours, theirs, rtol=LBFGS_PARAMS_RTOL)
    our_state, their_state = our_opt.state[ours[0]], their_opt.state[theirs[0]]
    assert our_state.keys() == their_state.keys()
    if same_counts:
        assert our_state["n_iter"] == their_state["n_iter"]
        assert our_state["func_evals"] == their_state["func_evals"]
        assert len(our_state["old_dirs"]) == len(their_state["old_dirs"])


def test_lbfgs_needs_one_group_and_a_known_line_search():
    raises_like(
        lambda T, p: T.optim.LBFGS([{"params": p[:2]}, {"params": p[2:]}]),
        "LBFGS doesn't support per-parameter options",
    )

    def bad_line_search(T, p):
        opt = T.optim.LBFGS(p, line_search_fn="wolfe")

        def closure():
            opt.zero_grad()
            loss = mse(T, p)
            loss.backward()
            return loss

        opt.step(closure)

    raises_like(bad_line_search, "only 'strong_wolfe' is supported")


# --- param groups ------------------------------------------------------------------------------
def test_param_groups_with_their_own_hyperparameters():
    def run(lib):
        params = make_params(lib)
        opt = lib.optim.SGD(
            [{"params": params[:2]}, {"params": params[2:], "lr": 0.01, "momentum": 0.5}],
            lr=0.1,
            momentum=0.9,
        )
        for _ in range(10):
            train_step(lib, params, opt)
        return params, opt

    (ours, our_opt), (theirs, their_opt) = run(cybenko), run(torch)
    assert_params_close(ours, theirs)
    assert [g["lr"] for g in our_opt.param_groups] == [0.1, 0.01]
    assert [g["momentum"] for g in our_opt.param_groups] == [0.9, 0.5]
    assert_state_close(our_opt.state_dict(), their_opt.state_dict())


@pytest.mark.parametrize("name", ["Adam", "Adagrad", "SGD"])
def test_add_param_group_starts_training_frozen_parameters(name):
    def run(lib):
        params = make_params(lib)
        opt = getattr(lib.optim, name)(params[:2], lr=0.05)
        for step in range(10):
            if step == 3:
                opt.add_param_group({"params": params[2:], "lr": 0.01})
            train_step(lib, params, opt)
        return params, opt

    (ours, our_opt), (theirs, their_opt) = run(cybenko), run(torch)
    assert_params_close(ours, theirs)
    assert len(our_opt.param_groups) == 2
    assert our_opt.param_groups[1]["lr"] == 0.01
    assert_state_close(our_opt.state_dict(), their_opt.state_dict())


def test_add_param_group_accepts_a_single_tensor():
    params = make_params(cybenko)
    opt = cybenko.optim.SGD(params[:1], lr=0.1)
    opt.add_param_group({"params": params[1]})
    assert opt.param_groups[1]["params"] == [params[1]]
    assert opt.param_groups[1]["lr"] == 0.1


# --- zero_grad ---------------------------------------------------------------------------------
def test_zero_grad_sets_grads_to_none_by_default():
    params = make_params(cybenko)
    opt = cybenko.optim.SGD(params, lr=0.1)
    mse(cybenko, params).backward()
    opt.zero_grad()
    assert all(p.grad is None for p in params)


def test_zero_grad_set_to_none_false_zeroes_the_same_tensors():
    params = make_params(cybenko)
    opt = cybenko.optim.SGD(params, lr=0.1)
    mse(cybenko, params).backward()
    held = [p.grad for p in params]
    opt.zero_grad(set_to_none=False)
    assert all(p.grad is g for p, g in zip(params, held, strict=True))
    assert all(not g.numpy().any() for g in held)
    mse(cybenko, params).backward()  # accumulates into the zeroed tensors
    assert all(p.grad is g for p, g in zip(params, held, strict=True))


@pytest.mark.parametrize("set_to_none", [True, False])
def test_zeroed_and_dropped_grads_differ_in_the_next_step_as_in_torch(set_to_none):
    """A zero grad still moves a parameter through weight decay; a None grad skips it."""

    def run(lib):
        params = make_params(lib)
        opt = lib.optim.SGD(params, lr=0.1, weight_decay=0.5)
        mse(lib, params).backward()
        opt.zero_grad(set_to_none=set_to_none)
        opt.step()
        return params

    ours, theirs = run(cybenko), run(torch)
    assert_params_close(ours, theirs)
    moved = not np.array_equal(arrays(ours)[0], INIT[0])
    assert moved is (not set_to_none)


def test_parameters_without_grad_are_left_alone():
    params = make_params(cybenko)
    opt = cybenko.optim.Adam(params, lr=0.1)
    (params[0] ** 2).sum().backward()
    opt.step()
    assert set(opt.state) == {params[0]}
    assert all(np.array_equal(a, b) for a, b in zip(arrays(params)[1:], INIT[1:], strict=True))


def test_step_returns_the_closures_loss_and_records_its_graph():
    params = make_params(cybenko)
    opt = cybenko.optim.SGD(params, lr=0.1)

    def closure():
        opt.zero_grad()
        loss = mse(cybenko, params)
        loss.backward()
        return loss

    with cybenko.no_grad():
        loss = opt.step(closure)
    assert loss.item() == pytest.approx(mse(torch, make_params(torch)).item(), rel=1e-6)
    assert opt.step() is None


# --- state_dict --------------------------------------------------------------------------------
ROUND_TRIP = [
    "SGD-momentum",
    "SGD-nesterov",
    "Adam-amsgrad",
    "AdamW",
    "Adagrad-lr_decay",
    "Adadelta",
    "Adamax",
    "ASGD-averaging",
    "RMSprop-centered-momentum",
    "Rprop",
]


@pytest.mark.parametrize("case", ROUND_TRIP)
def test_state_dict_round_trip_continues_like_an_uninterrupted_run(case):
    straight, _ = run(cybenko, case, 20)

    params, opt = run(cybenko, case, 10)
    saved = opt.state_dict()
    copies = [cybenko.tensor(a, requires_grad=True) for a in arrays(params)]
    resumed = optimizer(cybenko, case, copies)
    resumed.load_state_dict(saved)
    for _ in range(10):
        train_step(cybenko, copies, resumed)

    for a, b in zip(arrays(copies), arrays(straight), strict=True):
        np.testing.assert_array_equal(a, b)


def test_lbfgs_state_dict_round_trip():
    kwargs = {"line_search_fn": "strong_wolfe", "history_size": 5, "max_iter": 5}
    straight, _, _ = run_lbfgs(cybenko, kwargs, 4)
    params, opt, _ = run_lbfgs(cybenko, kwargs, 2)
    assert len(opt.state_dict()["state"][0]["old_dirs"]) == 5
    copies = [cybenko.tensor(a, requires_grad=True) for a in arrays(params)]
    resumed = cybenko.optim.LBFGS(copies, **kwargs)
    resumed.load_state_dict(opt.state_dict())

    def closure():
        resumed.zero_grad()
        loss = mse(cybenko, copies)
        loss.backward()
        return loss

    for _ in range(2):
        resumed.step(closure)
    for a, b in zip(arrays(copies), arrays(straight), strict=True):
        np.testing.assert_array_equal(a, b)


def test_state_dict_has_torchs_layout():
    ours, our_opt = run(cybenko, "Adam-amsgrad", 3)
    theirs, their_opt = run(torch, "Adam-amsgrad", 3)
    sd, tsd = our_opt.state_dict(), their_opt.state_dict()
    assert list(sd) == ["state", "param_groups"]
    assert sd["param_groups"] == tsd["param_groups"]
    assert sd["param_groups"][0]["params"] == [0, 1, 2, 3]
    assert list(sd["state"][0]) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"]
    assert sd["state"][0]["step"].item() == 3.0
    assert str(sd["state"][0]["step"].dtype) == "torch.float32"


def test_state_dict_is_a_snapshot_and_loading_copies():
    params, opt = run(cybenko, "SGD-momentum", 3)
    saved = opt.state_dict()
    before = saved["state"][0]["momentum_buffer"].numpy().copy()
    train_step(cybenko, params, opt)
    np.testing.assert_array_equal(saved["state"][0]["momentum_buffer"].numpy(), before)

    copies = [cybenko.tensor(a, requires_grad=True) for a in arrays(params)]
    other = optimizer(cybenko, "SGD-momentum", copies)
    other.load_state_dict(saved)
    train_step(cybenko, copies, other)
    np.testing.assert_array_equal(saved["state"][0]["momentum_buffer"].numpy(), before)
    assert not np.shares_memory(
        other.state[copies[0]]["momentum_buffer"].numpy(),
        opt.state[params[0]]["momentum_buffer"].numpy(),
    )


def test_load_state_dict_restores_the_hyperparameters():
    _, opt = run(cybenko, "SGD-momentum", 2)
    opt.param_groups[0]["lr"] = 0.01
    saved = opt.state_dict()
    fresh = cybenko.optim.SGD(make_params(cybenko), lr=0.5, momentum=0.9)
    fresh.load_state_dict(saved)
    assert fresh.param_groups[0]["lr"] == 0.01


def test_load_state_dict_checks_the_groups():
    def different_groups(T, p):
        opt = T.optim.SGD(p, lr=0.1)
        T.optim.SGD([{"params": p[:2]}, {"params": p[2:]}], lr=0.1).load_state_dict(
            opt.state_dict()
        )

    def different_sizes(T, p):
        opt = T.optim.SGD(p, lr=0.1)
        T.optim.SGD(p[:3], lr=0.1).load_state_dict(opt.state_dict())

    raises_like(different_groups, "different number of parameter groups")
    raises_like(different_sizes, "doesn't match the size of optimizer's group")


# --- learning-rate schedules: exactly torch's values ---------------------------------------------
SCHEDULERS = {
    "StepLR": ("StepLR", {"step_size": 7, "gamma": 0.5}),
    "StepLR-default-gamma": ("StepLR", {"step_size": 3}),
    "MultiStepLR": ("MultiStepLR", {"milestones": [5, 12, 12, 30], "gamma": 0.3}),
    "ExponentialLR": ("ExponentialLR", {"gamma": 0.93}),
    "CosineAnnealingLR": ("CosineAnnealingLR", {"T_max": 50}),
    "CosineAnnealingLR-eta_min-restarts": ("CosineAnnealingLR", {"T_max": 9, "eta_min": 1e-3}),
    "LambdaLR": ("LambdaLR", {"lr_lambda": lambda epoch: 0.95**epoch}),
    "LambdaLR-per-group": (
        "LambdaLR",
        {"lr_lambda": [lambda e: 1 / (1 + e), lambda e: 0.5 if e > 10 else 1.0]},
    ),
    "LinearLR": ("LinearLR", {"start_factor": 0.25, "total_iters": 12}),
    "LinearLR-decay": ("LinearLR", {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 20}),
    "ConstantLR": ("ConstantLR", {"factor": 0.5, "total_iters": 6}),
    "MultiplicativeLR": ("MultiplicativeLR", {"lr_lambda": lambda e: 0.97 if e % 3 else 0.9}),
    "CosineAnnealingWarmRestarts": (
        "CosineAnnealingWarmRestarts",
        {"T_0": 7, "T_mult": 2, "eta_min": 1e-4},
    ),
    "CosineAnnealingWarmRestarts-T_mult-1": ("CosineAnnealingWarmRestarts", {"T_0": 9}),
    "OneCycleLR": ("OneCycleLR", {"max_lr": [0.5, 0.2], "total_steps": 60}),
    "OneCycleLR-three-phase-linear": (
        "OneCycleLR",
        {
            "max_lr": 0.4,
            "epochs": 10,
            "steps_per_epoch": 6,
            "three_phase": True,
            "anneal_strategy": "linear",
        },
    ),
    "CyclicLR": ("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 8}),
    "CyclicLR-triangular2": (
        "CyclicLR",
        {
            "base_lr": [0.01, 0.002],
            "max_lr": 0.1,
            "step_size_up": 5,
            "step_size_down": 9,
            "mode": "triangular2",
        },
    ),
    "CyclicLR-exp_range": (
        "CyclicLR",
        {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 6, "mode": "exp_range", "gamma": 0.97},
    ),
    "PolynomialLR": ("PolynomialLR", {"total_iters": 30, "power": 2.0}),
}


def scheduled_optimizer(lib, lrs=(0.1, 0.03)):
    params = make_params(lib)
    groups = [{"params": params[:2], "lr": lrs[0]}, {"params": params[2:], "lr": lrs[1]}]
    return lib.optim.SGD(groups, lr=1.0, momentum=0.9)


def lr_sequence(lib, name, kwargs, steps=50):
    opt = scheduled_optimizer(lib)
    sched = getattr(lib.optim.lr_scheduler, name)(opt, **kwargs)
    seq = [sched.get_last_lr()]
    for _ in range(steps):
        opt.step()
        sched.step()
        seq.append(sched.get_last_lr())
        assert sched.get_last_lr() == [g["lr"] for g in opt.param_groups]
    return seq, sched


@pytest.mark.parametrize("case", SCHEDULERS)
def test_scheduler_matches_torch_exactly(case):
    name, kwargs = SCHEDULERS[case]
    ours, our_sched = lr_sequence(cybenko, name, kwargs)
    theirs, their_sched = lr_sequence(torch, name, kwargs)
    assert ours == theirs
    assert our_sched.last_epoch == their_sched.last_epoch == 50
    assert our_sched.base_lrs == their_sched.base_lrs
    ours_sd, theirs_sd = our_sched.state_dict(), their_sched.state_dict()
    assert list(ours_sd) == list(theirs_sd)
    assert {k: v for k, v in ours_sd.items() if k not in ("lr_lambdas", "milestones")} == {
        k: v for k, v in theirs_sd.items() if k not in ("lr_lambdas", "milestones")
    }


@pytest.mark.parametrize(
    "case",
    [
        "StepLR",
        "CosineAnnealingLR-eta_min-restarts",
        "LambdaLR",
        "LinearLR",
        "ConstantLR",
        "MultiplicativeLR",
        "CosineAnnealingWarmRestarts",
        "OneCycleLR",
        "CyclicLR-triangular2",
        "PolynomialLR",
    ],
)
def test_scheduler_state_dict_resumes_the_sequence(case):
    name, kwargs = SCHEDULERS[case]
    straight, _ = lr_sequence(cybenko, name, kwargs, steps=30)
    opt = scheduled_optimizer(cybenko)
    sched = getattr(cybenko.optim.lr_scheduler, name)(opt, **kwargs)
    for _ in range(15):
        opt.step()
        sched.step()
    saved_opt, saved_sched = opt.state_dict(), copy.deepcopy(sched.state_dict())

    opt2 = scheduled_optimizer(cybenko)
    sched2 = getattr(cybenko.optim.lr_scheduler, name)(opt2, **kwargs)
    opt2.load_state_dict(saved_opt)
    sched2.load_state_dict(saved_sched)
    resumed = []
    for _ in range(15):
        opt2.step()
        sched2.step()
        resumed.append(sched2.get_last_lr())
    assert resumed == straight[16:]


@pytest.mark.parametrize("case", ["OneCycleLR", "CyclicLR-triangular2", "CyclicLR-exp_range"])
def test_cyclic_schedules_move_the_momentum_against_the_rate(case):
    name, kwargs = SCHEDULERS[case]

    def momentums(lib):
        opt = scheduled_optimizer(lib)
        sched = getattr(lib.optim.lr_scheduler, name)(opt, **kwargs)
        seen = []
        for _ in range(30):
            opt.step()
            sched.step()
            seen.append([group["momentum"] for group in opt.param_groups])
        return seen

    assert momentums(cybenko) == momentums(torch)


@pytest.mark.parametrize(
    "epochs", [[3, 7.5, 20, 0.25, 53], [12, 2]], ids=["forward_and_back", "within_the_first"]
)
def test_warm_restarts_step_to_an_epoch_as_torch(epochs):
    # step(epoch), fractional for a step per batch, finds the cycle in closed form
    def run(lib):
        opt = scheduled_optimizer(lib)
        sched = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=5, T_mult=2)
        seen = []
        for epoch in epochs:
            sched.step(epoch)
            seen.append((sched.get_last_lr(), sched.T_cur, sched.T_i, sched.last_epoch))
        return seen

    assert run(cybenko) == run(torch)


@pytest.mark.parametrize("case", ["LinearLR", "ConstantLR", "PolynomialLR", "LinearLR-decay"])
def test_warm_ups_and_decays_step_to_an_epoch_in_closed_form(case):
    name, kwargs = SCHEDULERS[case]

    def run(lib):
        opt = scheduled_optimizer(lib)
        sched = getattr(lib.optim.lr_scheduler, name)(opt, **kwargs)
        opt.step()
        seen = []
        for epoch in (3, 40, 5):
            with pytest.warns(UserWarning, match="epoch parameter"):
                sched.step(epoch)
            seen.append(sched.get_last_lr())
        return seen

    assert run(cybenko) == run(torch)


def test_scheduler_step_with_an_epoch_uses_the_closed_form():
    def run(lib):
        opt = scheduled_optimizer(lib)
        sched = lib.optim.lr_scheduler.MultiStepLR(opt, milestones=[3, 6], gamma=0.5)
        opt.step()
        with pytest.warns(UserWarning, match="epoch parameter"):
            sched.step(7)
        return sched.get_last_lr(), sched.last_epoch

    assert run(cybenko) == run(torch)


def test_scheduler_warns_when_stepped_before_the_optimizer():
    opt = scheduled_optimizer(cybenko)
    sched = cybenko.optim.lr_scheduler.StepLR(opt, step_size=2)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sched.step()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt.step()
        sched.step()


METRICS = [1.0, 0.9, 0.9, 0.95, 0.91, 0.9, 0.89995, 0.7, 0.71, 0.72, 0.7, 0.7, 0.69, 0.8]
METRICS = METRICS + [0.65 + 0.01 * np.sin(i) for i in range(36)]

PLATEAU = {
    "defaults": {},
    "patience-factor": {"patience": 2, "factor": 0.5},
    "abs-threshold": {"patience": 1, "threshold": 0.01, "threshold_mode": "abs"},
    "max-mode": {"mode": "max", "patience": 2, "factor": 0.3},
    "max-abs": {"mode": "max", "threshold_mode": "abs", "threshold": 0.05, "patience": 0},
    "cooldown": {"patience": 1, "cooldown": 3, "factor": 0.5},
    "min_lr": {"patience": 0, "factor": 0.5, "min_lr": 0.01},
    "min_lr-per-group": {"patience": 0, "factor": 0.5, "min_lr": [0.02, 0.001]},
    "eps": {"patience": 0, "factor": 0.9, "eps": 5e-3},
}


def plateau_sequence(lib, kwargs):
    opt = scheduled_optimizer(lib)
    sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
    seq = [sched.get_last_lr()]
    for metric in METRICS:
        opt.step()
        sched.step(lib.tensor(metric) if metric < 0.7 else metric)
        seq.append(sched.get_last_lr())
    return seq, sched


@pytest.mark.parametrize("case", PLATEAU)
def test_reduce_lr_on_plateau_matches_torch_exactly(case):
    ours, our_sched = plateau_sequence(cybenko, PLATEAU[case])
    theirs, their_sched = plateau_sequence(torch, PLATEAU[case])
    assert ours == theirs
    assert len(set(map(tuple, ours))) > 1 or case == "defaults"
    assert our_sched.state_dict() == their_sched.state_dict()


# --- the errors a student meets ------------------------------------------------------------------
ERRORS = {
    "negative lr": (lambda T, p: T.optim.SGD(p, lr=-1.0), "Invalid learning rate: -1.0"),
    "negative momentum": (lambda T, p: T.optim.SGD(p, lr=0.1, momentum=-0.5), "momentum"),
    "negative weight_decay": (lambda T, p: T.optim.SGD(p, weight_decay=-1), "weight_decay"),
    "nesterov without momentum": (lambda T, p: T.optim.SGD(p, nesterov=True), "Nesterov"),
    "nesterov with dampening": (
        lambda T, p: T.optim.SGD(p, momentum=0.9, dampening=0.1, nesterov=True),
        "zero dampening",
    ),
    "adam lr": (lambda T, p: T.optim.Adam(p, lr=-0.1), "Invalid learning rate"),
    "adam beta0": (lambda T, p: T.optim.Adam(p, betas=(1.0, 0.999)), "index 0: 1.0"),
    "adam beta1": (lambda T, p: T.optim.Adam(p, betas=(0.9, -0.1)), "index 1"),
    "adam eps": (lambda T, p: T.optim.Adam(p, eps=-1e-8), "Invalid epsilon value"),
    "adamw weight_decay": (lambda T, p: T.optim.AdamW(p, weight_decay=-1), "weight_decay"),
    "adagrad lr_decay": (lambda T, p: T.optim.Adagrad(p, lr_decay=-1), "lr_decay"),
    "adagrad accumulator": (
        lambda T, p: T.optim.Adagrad(p, initial_accumulator_value=-1),
        "initial_accumulator_value",
    ),
    "adadelta rho": (lambda T, p: T.optim.Adadelta(p, rho=1.5), "Invalid rho value: 1.5"),
    "adamax beta": (lambda T, p: T.optim.Adamax(p, betas=(0.9, 1.0)), "index 1"),
    "asgd lr": (lambda T, p: T.optim.ASGD(p, lr=-1), "Invalid learning rate: -1"),
    "rmsprop alpha": (lambda T, p: T.optim.RMSprop(p, alpha=-0.1), "Invalid alpha value"),
    "rmsprop momentum": (lambda T, p: T.optim.RMSprop(p, momentum=-0.1), "momentum"),
    "rprop etas": (lambda T, p: T.optim.Rprop(p, etas=(1.5, 2.0)), "Invalid eta values"),
    "lbfgs lr": (lambda T, p: T.optim.LBFGS(p, lr=-1), "Invalid learning rate"),
    "empty parameter list": (lambda T, p: T.optim.SGD([], lr=0.1), "empty parameter list"),
    "a single tensor": (lambda T, p: T.optim.SGD(p[0], lr=0.1), "but got torch.FloatTensor"),
    "not a tensor": (lambda T, p: T.optim.SGD([1.0], lr=0.1), "one of the params is float"),
    "a non-leaf tensor": (lambda T, p: T.optim.SGD([p[0] * 2], lr=0.1), "non-leaf"),
    "a parameter in two groups": (
        lambda T, p: T.optim.SGD([{"params": p[:2]}, {"params": p[1:]}], lr=0.1),
        "more than one parameter group",
    ),
    "a set of parameters": (
        lambda T, p: T.optim.SGD([{"params": set(p)}], lr=0.1),
        "ordered collections",
    ),
    "a group that is not a dict": (
        lambda T, p: T.optim.SGD(p[:1], lr=0.1).add_param_group(p[1:]),
        "param_group must be a dict",
    ),
    "plateau factor": (
        lambda T, p: T.optim.lr_scheduler.ReduceLROnPlateau(T.optim.SGD(p), factor=1.0),
        "Factor should be < 1.0.",
    ),
    "plateau mode": (
        lambda T, p: T.optim.lr_scheduler.ReduceLROnPlateau(T.optim.SGD(p), mode="less"),
        "mode less is unknown!",
    ),
    "plateau threshold_mode": (
        lambda T, p: T.optim.lr_scheduler.ReduceLROnPlateau(T.optim.SGD(p), threshold_mode="x"),
        "threshold mode x is unknown!",
    ),
    "plateau min_lrs": (
        lambda T, p: T.optim.lr_scheduler.ReduceLROnPlateau(T.optim.SGD(p), min_lr=[0, 0]),
        "expected 1 min_lrs, got 2",
    ),
    "scheduler without optimizer": (
        lambda T, p: T.optim.lr_scheduler.StepLR(3, step_size=2),
        "int is not an Optimizer",
    ),
    "lambdas per group": (
        lambda T, p: T.optim.lr_scheduler.LambdaLR(T.optim.SGD(p), [abs, abs]),
        "Expected 1 lr_lambdas, but got 2",
    ),
    "resuming without initial_lr": (
        lambda T, p: T.optim.lr_scheduler.StepLR(T.optim.SGD(p), 2, last_epoch=4),
        "initial_lr",
    ),
}


@pytest.mark.parametrize("case", ERRORS)
def test_errors_match_torch(case):
    fn, match = ERRORS[case]
    raises_like(fn, match)


def test_duplicate_parameters_warn_as_in_torch():
    p = make_params(cybenko)
    with pytest.warns(UserWarning, match="duplicate parameters"):
        cybenko.optim.SGD([p[0], p[0]], lr=0.1)


def _load_swapped(lib, name, **options):
    """A state saved for parameters of shapes (2,) and (3,), loaded in the other order."""
    a, b = lib.ones(2, requires_grad=True), lib.ones(3, requires_grad=True)
    opt = getattr(lib.optim, name)([a, b], **options)
    (a.sum() + b.sum()).backward()
    opt.step()
    other = getattr(lib.optim, name)([b, a], **options)
    other.load_state_dict(opt.state_dict())
    other.step()


@pytest.mark.parametrize(
    "name, options",
    [
        ("SGD", {"lr": 0.1, "momentum": 0.9}),
        ("RMSprop", {}),
        ("Adagrad", {}),
        ("Adam", {"weight_decay": 0.1}),
        ("AdamW", {}),
    ],
)
def test_a_state_loaded_onto_parameters_of_other_shapes_raises_torchs_error(name, options):
    raises_like(lambda T, p: _load_swapped(T, name, **options), "must match the size")
