"""Bad input on the training side, run on torch 2.13 and on cybenko side by side.

Each case is a function of the library `T` that must fail: helpers.check_error runs it on both
and asserts the same builtin exception type and a message that starts as torch's does (or,
where the case says so, the very same message). The areas: autograd misuse, losses given
targets of the wrong range, dtype or shape, optimizer and lr_scheduler arguments,
`load_state_dict` mismatches, and misuse of Module and the containers. Where torch goes on
(with or without a warning) a test below shows that cybenko goes on the same way.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import cybenko
from helpers import LIBS, check_error

pytestmark = pytest.mark.oracle

# --- set-up shared by the cases -----------------------------------------------------------------


def F(T):
    return T.nn.functional


def leaf(T, *shape):
    """A float leaf that requires grad, with distinct values."""
    return (T.arange(float(T.Size(shape).numel())).reshape(shape) / 10).requires_grad_()


def logits(T, n=3, c=5):
    return T.arange(float(n * c)).reshape(n, c) / 7


def probabilities(T, *shape):
    return T.full(shape, 0.5)


def params(T):
    return [T.zeros(2, requires_grad=True), T.ones(3, requires_grad=True)]


def sgd(T, **options):
    return T.optim.SGD(params(T), **{"lr": 0.1, **options})


def backward_twice(T):
    y = (leaf(T, 3) * leaf(T, 3)).sum()
    y.backward()
    y.backward()


def backward_after_saved_tensor_changed(T):
    a = leaf(T, 3) * 2
    b = a * a
    a.add_(1)
    b.sum().backward()


def backward_after_saved_output_changed(T):
    y = leaf(T, 3).exp()
    y.mul_(2)
    y.sum().backward()


def grad_of_unused_input(T):
    x, unused = leaf(T, 3), leaf(T, 2)
    T.autograd.grad((x * 2).sum(), [x, unused])


def detach_view_in_place(T):
    base = leaf(T, 2, 3) * 1
    base[0].detach_()


def load(T, module, state, strict=True):
    return module.load_state_dict(state, strict=strict)


def linear_state(T, **changes):
    T.manual_seed(0)
    state = dict(T.nn.Linear(2, 3).state_dict())
    state.update(changes)
    return {k: v for k, v in state.items() if v is not None}


def optimizer_pair(T, first_groups, second_groups):
    """An SGD state_dict over `first_groups` (parameter counts per group) loaded into an SGD
    over `second_groups`."""

    def build(counts):
        return T.optim.SGD([{"params": params(T)[:n]} for n in counts], lr=0.1)

    build(second_groups).load_state_dict(build(first_groups).state_dict())


def rprop_loaded_from_shape(T, shape):
    """An Rprop state of a parameter of `shape` loaded onto one of shape (3,), then a step."""
    other = T.ones(shape, requires_grad=True)
    before = T.optim.Rprop([other])
    other.grad = T.ones(shape)
    before.step()
    p = T.ones(3, requires_grad=True)
    optimizer = T.optim.Rprop([p])
    optimizer.load_state_dict(before.state_dict())
    p.grad = T.ones(3)
    optimizer.step()


def rprop_with_prev_of_shape(T, shape):
    """An Rprop step after its `prev` (alone) was replaced by a tensor of `shape`."""
    p = T.ones(3, requires_grad=True)
    optimizer = T.optim.Rprop([p])
    p.grad = T.ones(3)
    optimizer.step()
    optimizer.state[p]["prev"] = T.zeros(shape)
    optimizer.step()


def sgd_over_an_exhausted_generator(T):
    net = T.nn.Linear(2, 3)
    parameters = net.parameters()
    list(parameters)  # e.g. counted once before
    T.optim.SGD(parameters, lr=0.1)


def sgd_with_a_param_in_two_groups(T):
    shared = T.zeros(2, requires_grad=True)
    T.optim.SGD([{"params": [shared]}, {"params": [shared, T.ones(1, requires_grad=True)]}])


def add_a_group_already_there(T):
    optimizer = sgd(T)
    optimizer.add_param_group({"params": optimizer.param_groups[0]["params"][:1], "lr": 1.0})


def scheduler(T, name, **options):
    return getattr(T.optim.lr_scheduler, name)(sgd(T), **options)


def case(name, fn, match="start"):
    return pytest.param(fn, match, id=name)


# --- the cases ----------------------------------------------------------------------------------

AUTOGRAD = [
    case("backward_of_non_scalar_needs_a_gradient", lambda T: (leaf(T, 3) * 2).backward()),
    case("backward_twice_without_retain_graph", backward_twice),
    case("backward_of_tensor_without_grad", lambda T: T.ones(3).sum().backward()),
    case(
        "backward_of_a_result_without_grad",
        lambda T: (T.ones(3) * 2).sum().backward(),
    ),
    case(
        "backward_gradient_of_wrong_shape",
        lambda T: (leaf(T, 3) * 2).backward(T.ones(2)),
    ),
    case(
        "autograd_backward_fewer_gradients_than_tensors",
        lambda T: T.autograd.backward([(leaf(T, 3) * 2).sum(), leaf(T, 2).sum()], [T.tensor(1.0)]),
    ),
    case(
        "backward_gradient_a_list_of_numbers",
        lambda T: (leaf(T, 3) * 2).backward([1.0, 2.0, 3.0]),
    ),
    case(
        "backward_inputs_empty",
        lambda T: (leaf(T, 3) * 2).sum().backward(inputs=[]),
    ),
    case(
        "backward_inputs_without_grad",
        lambda T: (leaf(T, 3) * 2).sum().backward(inputs=[T.ones(3)]),
    ),
    case("grad_with_unused_input", grad_of_unused_input),
    case("grad_inputs_empty", lambda T: T.autograd.grad((leaf(T, 3) * 2).sum(), [])),
    case(
        "grad_materialize_grads_with_allow_unused_false",
        lambda T: T.autograd.grad(
            (leaf(T, 3) * 2).sum(), leaf(T, 3), materialize_grads=True, allow_unused=False
        ),
    ),
    case(
        "grad_outputs_of_wrong_shape",
        lambda T: T.autograd.grad(leaf(T, 3) * 2, leaf(T, 3), grad_outputs=T.ones(4)),
    ),
    case(
        "grad_of_input_without_grad",
        lambda T: T.autograd.grad((leaf(T, 3) * 2).sum(), T.ones(3)),
    ),
    case(
        "grad_of_output_without_grad",
        lambda T: T.autograd.grad(T.ones(3).sum(), leaf(T, 3)),
    ),
    case("saved_input_changed_in_place", backward_after_saved_tensor_changed),
    case("saved_output_changed_in_place", backward_after_saved_output_changed),
    case("in_place_on_leaf_that_requires_grad", lambda T: leaf(T, 3).add_(1)),
    case("in_place_mul_on_leaf_that_requires_grad", lambda T: leaf(T, 3).mul_(2)),
    case("setitem_on_leaf_that_requires_grad", lambda T: leaf(T, 3).__setitem__(0, 5.0)),
    case(
        "requires_grad_false_on_non_leaf",
        lambda T: (leaf(T, 3) * 2).requires_grad_(False),
    ),
    case("requires_grad_on_integer_tensor", lambda T: T.tensor([1, 2]).requires_grad_()),
    case(
        "integer_tensor_created_requiring_grad",
        lambda T: T.tensor([1, 2], requires_grad=True),
    ),
    case("numpy_of_tensor_requiring_grad", lambda T: leaf(T, 3).numpy()),
    case("numpy_of_non_leaf_requiring_grad", lambda T: (leaf(T, 3) * 2).numpy()),
    case("detach_in_place_of_a_view", detach_view_in_place),
    case(
        "grad_assigned_of_wrong_shape",
        lambda T: setattr(leaf(T, 3), "grad", T.ones(2)),
    ),
    case(
        "grad_assigned_of_wrong_dtype",
        lambda T: setattr(leaf(T, 3), "grad", T.ones(3, dtype=T.float64)),
    ),
]

LOSSES = [
    case(
        "cross_entropy_class_index_too_large",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, 5, 1])),
    ),
    case(
        "cross_entropy_negative_class_index",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, -2, 1])),
    ),
    case(
        "nll_loss_class_index_too_large",
        lambda T: F(T).nll_loss(logits(T), T.tensor([7, 0, 1])),
    ),
    case(
        "nll_loss_negative_class_index",
        lambda T: F(T).nll_loss(logits(T), T.tensor([0, 1, -1])),
    ),
    case(
        "cross_entropy_float_class_indices",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0.0, 1.0, 2.0])),
    ),
    case(
        "cross_entropy_integer_probabilities",
        lambda T: F(T).cross_entropy(logits(T), T.zeros(3, 5, dtype=T.long)),
    ),
    case(
        "nll_loss_float_target",
        lambda T: F(T).nll_loss(logits(T), T.tensor([0.0, 1.0, 2.0])),
    ),
    case(
        "nll_loss_int32_target",
        lambda T: F(T).nll_loss(logits(T), T.tensor([0, 1, 2], dtype=T.int32)),
    ),
    case(
        "cross_entropy_target_batch_mismatch",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, 1, 2, 3])),
    ),
    case(
        "cross_entropy_multi_target",
        lambda T: F(T).cross_entropy(logits(T), T.zeros(3, 2, dtype=T.long)),
    ),
    case(
        "cross_entropy_probabilities_of_wrong_shape",
        lambda T: F(T).cross_entropy(logits(T), T.full((3, 4), 0.25)),
    ),
    case(
        "CrossEntropyLoss_probabilities_of_wrong_shape",
        lambda T: T.nn.CrossEntropyLoss()(logits(T), T.full((3, 4), 0.25)),
    ),
    case(
        "nll_loss_1d_input_2d_target",
        lambda T: F(T).nll_loss(T.zeros(5), T.zeros(1, 1, dtype=T.long)),
    ),
    case(
        "nll_loss_0d_input",
        lambda T: F(T).nll_loss(T.tensor(0.5), T.tensor(0)),
    ),
    case(
        "nll_loss_1d_input_two_targets",
        lambda T: F(T).nll_loss(T.zeros(5), T.tensor([0, 1])),
    ),
    case(
        "nll_loss_integer_input",
        lambda T: F(T).nll_loss(T.zeros(3, 5, dtype=T.long), T.tensor([0, 1, 2])),
    ),
    case(
        "nll_loss_float_target_named_before_weight_size",
        lambda T: F(T).nll_loss(logits(T), T.tensor([0.0, 1.0, 2.0]), weight=T.ones(2)),
    ),
    case(
        "nll_loss_spatial_target_of_wrong_size",
        lambda T: F(T).nll_loss(T.zeros(2, 3, 4, 4), T.zeros(2, 4, 5, dtype=T.long)),
    ),
    case(
        "nll_loss_spatial_target_of_wrong_dims",
        lambda T: F(T).nll_loss(T.zeros(2, 3, 4, 4), T.zeros(2, 4, dtype=T.long)),
    ),
    case(
        "nll_loss_spatial_weight_of_wrong_size",
        lambda T: F(T).nll_loss(T.zeros(2, 3, 4), T.zeros(2, 4, dtype=T.long), weight=T.ones(5)),
    ),
    case(
        "nll_loss_spatial_byte_target",
        lambda T: F(T).nll_loss(T.zeros(2, 3, 4, 4), T.zeros(2, 4, 4, dtype=T.uint8)),
    ),
    case(
        "nll_loss_spatial_class_index_too_large",
        lambda T: F(T).nll_loss(T.zeros(2, 3, 4), T.full((2, 4), 3, dtype=T.long)),
    ),
    case(
        "nll_loss_weight_of_other_dtype",
        lambda T: F(T).nll_loss(logits(T), T.tensor([0, 1, 2]), weight=T.ones(5, dtype=T.float64)),
    ),
    case(
        "cross_entropy_target_a_list",
        lambda T: F(T).cross_entropy(logits(T), [0, 1, 2]),
    ),
    case(
        "cross_entropy_weight_a_list",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, 1, 2]), weight=[1.0] * 5),
    ),
    case(
        "cross_entropy_ignore_index_a_float",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, 1, 2]), ignore_index=1.0),
    ),
    case(
        "cross_entropy_ignore_index_a_bool",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, 1, 2]), ignore_index=True),
    ),
    case(
        "cross_entropy_label_smoothing_none",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, 1, 2]), label_smoothing=None),
    ),
    case(
        "nll_loss_ignore_index_a_string",
        lambda T: F(T).nll_loss(logits(T), T.tensor([0, 1, 2]), ignore_index="none"),
    ),
    case(
        "cross_entropy_weight_of_wrong_size",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, 1, 2]), weight=T.ones(3)),
    ),
    case(
        "nll_loss_weight_of_wrong_size",
        lambda T: F(T).nll_loss(logits(T), T.tensor([0, 1, 2]), weight=T.ones(6)),
    ),
    case(
        "cross_entropy_probabilities_weight_of_wrong_size",
        lambda T: F(T).cross_entropy(logits(T), T.full((3, 5), 0.2), weight=T.ones(4)),
    ),
    case(
        "cross_entropy_label_smoothing_above_one",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, 1, 2]), label_smoothing=1.5),
    ),
    case(
        "cross_entropy_probabilities_label_smoothing_above_one",
        lambda T: F(T).cross_entropy(logits(T), T.full((3, 5), 0.2), label_smoothing=2.0),
    ),
    case(
        "CrossEntropyLoss_label_smoothing_above_one",
        lambda T: T.nn.CrossEntropyLoss(label_smoothing=1.5)(logits(T), T.tensor([0, 1, 2])),
    ),
    case(
        "bce_input_above_one",
        lambda T: F(T).binary_cross_entropy(T.tensor([0.5, 1.5]), T.tensor([0.0, 1.0])),
    ),
    case(
        "bce_input_negative",
        lambda T: T.nn.BCELoss()(T.tensor([-0.5, 0.5]), T.tensor([0.0, 1.0])),
    ),
    case(
        "bce_target_above_one",
        lambda T: F(T).binary_cross_entropy(T.tensor([0.5, 0.5]), T.tensor([0.0, 2.0])),
    ),
    case(
        "bce_target_negative",
        lambda T: F(T).binary_cross_entropy(T.tensor([0.5, 0.5]), T.tensor([-1.0, 1.0])),
    ),
    case(
        "bce_shapes_differ",
        lambda T: F(T).binary_cross_entropy(probabilities(T, 3, 1), probabilities(T, 3)),
    ),
    case(
        "BCELoss_shapes_differ",
        lambda T: T.nn.BCELoss()(probabilities(T, 4), probabilities(T, 4, 1)),
    ),
    case(
        "bce_with_logits_shapes_differ",
        lambda T: F(T).binary_cross_entropy_with_logits(T.zeros(3, 1), T.zeros(3)),
    ),
    case(
        "bce_integer_target",
        lambda T: F(T).binary_cross_entropy(probabilities(T, 2), T.tensor([0, 1])),
    ),
    case(
        "bce_integer_input_and_target",
        lambda T: F(T).binary_cross_entropy(T.tensor([0, 1]), T.tensor([0, 1])),
    ),
    case(
        "bce_weight_a_list",
        lambda T: F(T).binary_cross_entropy(probabilities(T, 2), T.ones(2), weight=[1.0, 2.0]),
    ),
    case(
        "bce_weight_not_broadcastable",
        lambda T: F(T).binary_cross_entropy(probabilities(T, 2, 3), T.ones(2, 3), weight=T.ones(2)),
    ),
    case(
        "bce_with_logits_integer_target",
        lambda T: F(T).binary_cross_entropy_with_logits(T.zeros(2), T.tensor([0, 1])),
    ),
    case(
        "bce_with_logits_bool_target",
        lambda T: F(T).binary_cross_entropy_with_logits(T.zeros(2), T.tensor([False, True])),
    ),
    case(
        "bce_with_logits_integer_input",
        lambda T: F(T).binary_cross_entropy_with_logits(T.tensor([0, 1]), T.zeros(2)),
    ),
    case(
        "bce_with_logits_weight_a_list",
        lambda T: F(T).binary_cross_entropy_with_logits(T.zeros(2), T.ones(2), weight=[1.0, 2.0]),
    ),
    case(
        "bce_with_logits_pos_weight_a_list",
        lambda T: T.nn.BCEWithLogitsLoss(pos_weight=[2.0])(T.zeros(2), T.ones(2)),
    ),
    case(
        "bce_with_logits_pos_weight_not_broadcastable",
        lambda T: F(T).binary_cross_entropy_with_logits(
            T.zeros(2, 3), T.ones(2, 3), pos_weight=T.ones(4)
        ),
    ),
    case(
        "mse_target_a_number",
        lambda T: F(T).mse_loss(T.zeros(3), 1.0),
    ),
    case(
        "l1_target_a_list",
        lambda T: T.nn.L1Loss()(T.zeros(3), [1.0, 2.0, 3.0]),
    ),
    case(
        "mse_shapes_not_broadcastable",
        lambda T: F(T).mse_loss(T.zeros(3), T.zeros(4)),
    ),
    case(
        "l1_shapes_not_broadcastable",
        lambda T: F(T).l1_loss(T.zeros(2, 3), T.zeros(4)),
    ),
    case(
        "mse_integer_input_and_target",
        lambda T: F(T).mse_loss(T.tensor([1, 2]), T.tensor([1, 3])),
    ),
    case(
        "mse_wrong_reduction",
        lambda T: F(T).mse_loss(T.zeros(3), T.zeros(3), reduction="avg"),
    ),
    case(
        "cross_entropy_wrong_reduction",
        lambda T: F(T).cross_entropy(logits(T), T.tensor([0, 1, 2]), reduction="elementwise"),
    ),
    case(
        "MSELoss_wrong_reduction",
        lambda T: T.nn.MSELoss(reduction="average")(T.zeros(3), T.zeros(3)),
    ),
    case(
        "BCELoss_wrong_reduction",
        lambda T: T.nn.BCELoss(reduction="avg")(probabilities(T, 3), probabilities(T, 3)),
    ),
    case(
        "NLLLoss_wrong_reduction",
        lambda T: T.nn.NLLLoss(reduction="avg")(logits(T), T.tensor([0, 1, 2])),
    ),
    case(
        "huber_delta_zero",
        lambda T: F(T).huber_loss(T.zeros(3), T.ones(3), delta=0.0),
    ),
    case(
        "HuberLoss_delta_negative",
        lambda T: T.nn.HuberLoss(delta=-1.0)(T.zeros(3), T.ones(3)),
    ),
    case(
        "huber_delta_nan",
        lambda T: F(T).huber_loss(T.zeros(3), T.ones(3), delta=float("nan")),
    ),
    case(
        "smooth_l1_beta_nan",
        lambda T: F(T).smooth_l1_loss(T.zeros(3), T.ones(3), beta=float("nan")),
    ),
    case(
        "smooth_l1_beta_negative",
        lambda T: F(T).smooth_l1_loss(T.zeros(3), T.ones(3), beta=-0.5),
    ),
    case(
        "SmoothL1Loss_beta_negative",
        lambda T: T.nn.SmoothL1Loss(beta=-1.0)(T.zeros(3), T.ones(3)),
    ),
]

OPTIMIZERS = [
    case("sgd_negative_lr", lambda T: sgd(T, lr=-0.1)),
    case("sgd_negative_momentum", lambda T: sgd(T, momentum=-0.9)),
    case("sgd_negative_weight_decay", lambda T: sgd(T, weight_decay=-1e-4)),
    case("sgd_nesterov_without_momentum", lambda T: sgd(T, nesterov=True)),
    case(
        "sgd_nesterov_with_dampening", lambda T: sgd(T, momentum=0.9, dampening=0.1, nesterov=True)
    ),
    case("adam_negative_lr", lambda T: T.optim.Adam(params(T), lr=-1e-3)),
    case("adam_beta1_equal_to_one", lambda T: T.optim.Adam(params(T), betas=(1.0, 0.999))),
    case("adam_beta2_negative", lambda T: T.optim.Adam(params(T), betas=(0.9, -0.1))),
    case("adam_negative_eps", lambda T: T.optim.Adam(params(T), eps=-1e-8)),
    case("adam_negative_weight_decay", lambda T: T.optim.Adam(params(T), weight_decay=-1.0)),
    case("adamw_beta1_above_one", lambda T: T.optim.AdamW(params(T), betas=(1.5, 0.999))),
    case("rmsprop_negative_alpha", lambda T: T.optim.RMSprop(params(T), alpha=-0.9)),
    case("rmsprop_negative_momentum", lambda T: T.optim.RMSprop(params(T), momentum=-0.1)),
    case("adagrad_negative_lr_decay", lambda T: T.optim.Adagrad(params(T), lr_decay=-1.0)),
    case(
        "adagrad_negative_initial_accumulator",
        lambda T: T.optim.Adagrad(params(T), initial_accumulator_value=-1.0),
    ),
    case("adadelta_rho_above_one", lambda T: T.optim.Adadelta(params(T), rho=1.5)),
    case("adamax_negative_eps", lambda T: T.optim.Adamax(params(T), eps=-1.0)),
    case("rprop_etas_out_of_order", lambda T: T.optim.Rprop(params(T), etas=(1.5, 0.5))),
    case("asgd_negative_weight_decay", lambda T: T.optim.ASGD(params(T), weight_decay=-1.0)),
    case("params_a_single_tensor", lambda T: T.optim.SGD(T.zeros(2, requires_grad=True), lr=0.1)),
    case("params_an_empty_list", lambda T: T.optim.SGD([], lr=0.1)),
    case("params_an_exhausted_generator", sgd_over_an_exhausted_generator),
    case("param_group_of_a_set", lambda T: T.optim.SGD([{"params": set(params(T))}], lr=0.1)),
    case("params_holding_a_number", lambda T: T.optim.SGD([T.zeros(2), 3.0], lr=0.1)),
    case(
        "params_holding_a_non_leaf",
        lambda T: T.optim.SGD([leaf(T, 3) * 2], lr=0.1),
    ),
    case("params_repeated_across_groups", sgd_with_a_param_in_two_groups),
    case("param_group_without_params", lambda T: T.optim.SGD([{"lr": 0.1}], lr=0.1)),
    case("sgd_unknown_option", lambda T: sgd(T, betas=(0.9, 0.99))),
    case("adam_unknown_option", lambda T: T.optim.Adam(params(T), momentum=0.9)),
    case("lbfgs_step_without_closure", lambda T: T.optim.LBFGS(params(T)).step()),
    case("add_param_group_overlapping", add_a_group_already_there),
    case("add_param_group_not_a_dict", lambda T: sgd(T).add_param_group([T.zeros(2)])),
    case("lbfgs_with_two_groups", lambda T: T.optim.LBFGS([{"params": [p]} for p in params(T)])),
    case("adam_betas_a_single_number", lambda T: T.optim.Adam(params(T), betas=0.9)),
    case("step_closure_not_callable", lambda T: sgd(T).step(3)),
    case("load_state_dict_without_param_groups", lambda T: sgd(T).load_state_dict({"state": {}})),
    case("load_state_dict_more_groups", lambda T: optimizer_pair(T, [1, 1], [2])),
    case("load_state_dict_other_group_size", lambda T: optimizer_pair(T, [1], [2])),
    # Rprop's grad * prev, then step_size *= sign, then grad[sign == etaminus], as torch's
    case("rprop_state_of_other_size", lambda T: rprop_loaded_from_shape(T, (2,)), match=True),
    case("rprop_prev_broadcasting", lambda T: rprop_with_prev_of_shape(T, (3, 1)), match=True),
    case("rprop_state_of_more_dims", lambda T: rprop_loaded_from_shape(T, (1, 3)), match=True),
    case("step_lr_step_size_zero", lambda T: scheduler(T, "StepLR", step_size=0).step()),
    case("cosine_t_max_zero", lambda T: scheduler(T, "CosineAnnealingLR", T_max=0).step()),
    case("plateau_step_without_metric", lambda T: scheduler(T, "ReduceLROnPlateau").step()),
    case("scheduler_of_a_non_optimizer", lambda T: T.optim.lr_scheduler.StepLR(object(), 1)),
    case(
        "scheduler_resumed_without_initial_lr",
        lambda T: scheduler(T, "StepLR", step_size=1, last_epoch=3),
    ),
    case(
        "lambda_lr_with_too_many_lambdas",
        lambda T: scheduler(T, "LambdaLR", lr_lambda=[lambda e: 1.0, lambda e: 0.5]),
    ),
    case("plateau_factor_not_below_one", lambda T: scheduler(T, "ReduceLROnPlateau", factor=1.0)),
    case("plateau_unknown_mode", lambda T: scheduler(T, "ReduceLROnPlateau", mode="maximum")),
    case(
        "plateau_unknown_threshold_mode",
        lambda T: scheduler(T, "ReduceLROnPlateau", threshold_mode="relative"),
    ),
    case(
        "plateau_min_lrs_of_wrong_length",
        lambda T: scheduler(T, "ReduceLROnPlateau", min_lr=[0.1, 0.2]),
    ),
]

STATE_DICTS = [
    case(
        "missing_key",
        lambda T: load(T, T.nn.Linear(2, 3), linear_state(T, bias=None)),
        match=True,
    ),
    case(
        "unexpected_key",
        lambda T: load(T, T.nn.Linear(2, 3), linear_state(T, scale=T.ones(1))),
        match=True,
    ),
    case(
        "missing_and_unexpected_keys",
        lambda T: load(T, T.nn.Linear(2, 3), linear_state(T, bias=None, b=T.ones(3))),
        match=True,
    ),
    case(
        "shape_mismatch",
        lambda T: load(T, T.nn.Linear(2, 3), linear_state(T, weight=T.ones(3, 4))),
        match=True,
    ),
    case(
        "shape_mismatch_in_a_submodule",
        lambda T: load(
            T,
            T.nn.Sequential(T.nn.Linear(2, 3)),
            {"0.weight": T.ones(2, 2), "0.bias": T.ones(3)},
        ),
        match=True,
    ),
    case(
        "shape_mismatch_even_when_not_strict",
        lambda T: load(T, T.nn.Linear(2, 3), linear_state(T, bias=T.ones(4)), strict=False),
        match=True,
    ),
    case(
        "not_a_dict",
        lambda T: T.nn.Linear(2, 3).load_state_dict([("weight", T.ones(3, 2))]),
        match=True,
    ),
    case(
        "a_value_that_is_not_a_tensor",
        lambda T: load(T, T.nn.Linear(2, 3), linear_state(T, bias=[1.0, 2.0, 3.0])),
    ),
    case(
        "a_value_that_is_none",
        lambda T: load(T, T.nn.Linear(2, 3), {**linear_state(T), "bias": None}),
        match=True,
    ),
    case(
        "shape_mismatch_with_assign",
        lambda T: T.nn.Linear(2, 3).load_state_dict(
            linear_state(T, weight=T.ones(2, 2)), assign=True
        ),
        match=True,
    ),
    case(
        "every_kind_of_mismatch_at_once",
        lambda T: load(
            T,
            T.nn.Sequential(T.nn.Linear(2, 3), T.nn.BatchNorm1d(3)),
            {"0.weight": T.ones(3, 3), "1.running_mean": T.ones(4), "2.x": T.ones(1)},
        ),
        match=True,
    ),
    case(
        "batchnorm_stats_into_one_without_stats",
        lambda T: load(
            T, T.nn.BatchNorm1d(3, track_running_stats=False), T.nn.BatchNorm1d(3).state_dict()
        ),
        match=True,
    ),
    case(
        "batchnorm_running_mean_missing",
        lambda T: load(
            T,
            T.nn.BatchNorm1d(3),
            {k: v for k, v in T.nn.BatchNorm1d(3).state_dict().items() if k != "running_mean"},
        ),
        match=True,
    ),
    case(
        "batchnorm_running_var_of_wrong_size",
        lambda T: load(
            T,
            T.nn.BatchNorm1d(3),
            {**T.nn.BatchNorm1d(3).state_dict(), "running_var": T.ones(4)},
        ),
        match=True,
    ),
]


def activation(x):
    """A plain function, not a Module."""
    return x


def submodule_before_init(T):
    class Net(T.nn.Module):
        def __init__(self):
            self.fc = T.nn.Linear(2, 3)  # super().__init__() forgotten

    Net()


def seq(T):
    return T.nn.Sequential(T.nn.Linear(2, 2), T.nn.ReLU())


MODULES = [
    case("call_without_input", lambda T: T.nn.Linear(2, 3)()),
    case("call_with_an_extra_argument", lambda T: T.nn.ReLU()(T.ones(2), T.ones(2))),
    case("assign_a_number_to_a_submodule", lambda T: setattr(seq(T), "0", 3)),
    case(
        "assign_a_tensor_to_a_parameter",
        lambda T: setattr(T.nn.Linear(2, 3), "weight", T.ones(3, 2)),
    ),
    case(
        "register_parameter_with_a_tensor",
        lambda T: T.nn.Module().register_parameter("w", T.ones(2)),
    ),
    case(
        "register_parameter_name_with_a_dot",
        lambda T: T.nn.Module().register_parameter("a.b", T.nn.Parameter(T.ones(2))),
    ),
    case(
        "register_parameter_empty_name",
        lambda T: T.nn.Module().register_parameter("", T.nn.Parameter(T.ones(2))),
    ),
    case(
        "register_parameter_name_not_a_string",
        lambda T: T.nn.Module().register_parameter(1, T.nn.Parameter(T.ones(2))),
    ),
    case(
        "register_parameter_over_an_attribute",
        lambda T: T.nn.Linear(2, 3).register_parameter("forward", T.nn.Parameter(T.ones(2))),
    ),
    case(
        "register_buffer_with_a_number",
        lambda T: T.nn.Module().register_buffer("b", 3.0),
    ),
    case(
        "register_buffer_name_with_a_dot",
        lambda T: T.nn.Module().register_buffer("a.b", T.ones(2)),
    ),
    case(
        "register_buffer_empty_name",
        lambda T: T.nn.Module().register_buffer("", T.ones(2)),
    ),
    case(
        "register_buffer_over_a_parameter",
        lambda T: T.nn.Linear(2, 3).register_buffer("weight", T.ones(2)),
    ),
    case(
        "add_module_with_a_number",
        lambda T: T.nn.Module().add_module("layer", 3),
    ),
    case(
        "add_module_name_with_a_dot",
        lambda T: T.nn.Module().add_module("a.b", T.nn.ReLU()),
    ),
    case(
        "add_module_empty_name",
        lambda T: T.nn.Module().add_module("", T.nn.ReLU()),
    ),
    case(
        "add_module_name_not_a_string",
        lambda T: T.nn.Module().add_module(1, T.nn.ReLU()),
    ),
    case(
        "add_module_over_an_attribute",
        lambda T: T.nn.Linear(2, 3).add_module("forward", T.nn.ReLU()),
    ),
    case("missing_attribute", lambda T: T.nn.Linear(2, 3).foo, match=True),
    case("missing_attribute_of_a_container", lambda T: seq(T).fc, match=True),
    case("get_submodule_missing", lambda T: seq(T).get_submodule("0.fc")),
    case("get_parameter_missing", lambda T: seq(T).get_parameter("0.scale")),
    case("get_parameter_of_a_submodule", lambda T: seq(T).get_parameter("0")),
    case("get_buffer_of_a_parameter", lambda T: T.nn.BatchNorm1d(2).get_buffer("weight")),
    case("get_buffer_missing", lambda T: T.nn.BatchNorm1d(2).get_buffer("running_max")),
    case("delete_a_missing_attribute", lambda T: delattr(T.nn.Linear(2, 3), "foo")),
    case("call_a_module_without_forward", lambda T: T.nn.Module()(T.ones(1))),
    case("submodule_assigned_before_init", submodule_before_init),
    case("train_with_a_non_boolean", lambda T: T.nn.Linear(2, 3).train("yes")),
    case("parameter_of_an_integer_tensor", lambda T: T.nn.Parameter(T.tensor([1, 2]))),
    case("sequential_index_past_the_end", lambda T: seq(T)[2], match=True),
    case("sequential_negative_index_past_the_start", lambda T: seq(T)[-3], match=True),
    case("sequential_delete_past_the_end", lambda T: seq(T).__delitem__(5)),
    case("sequential_index_a_string", lambda T: seq(T)["0"]),
    case("sequential_of_a_number", lambda T: T.nn.Sequential(T.nn.ReLU(), 3)),
    case(
        "module_list_of_a_number",
        lambda T: T.nn.ModuleList([T.nn.ReLU(), 3]),
    ),
    case(
        "module_list_append_a_function",
        lambda T: T.nn.ModuleList().append(activation),
    ),
    case(
        "module_list_index_past_the_end",
        lambda T: T.nn.ModuleList([T.nn.ReLU()])[1],
        match=True,
    ),
    case(
        "module_list_set_past_the_end",
        lambda T: T.nn.ModuleList([T.nn.ReLU()]).__setitem__(3, T.nn.ReLU()),
        match=True,
    ),
    case("module_list_extend_with_a_module", lambda T: T.nn.ModuleList().extend(T.nn.ReLU())),
    case("module_dict_key_not_a_string", lambda T: T.nn.ModuleDict({1: T.nn.ReLU()})),
    case(
        "module_dict_update_with_single_items",
        lambda T: T.nn.ModuleDict().update([("a",)]),
    ),
    case("module_dict_missing_key", lambda T: T.nn.ModuleDict({"a": T.nn.ReLU()})["b"]),
    case(
        "module_dict_of_a_number",
        lambda T: T.nn.ModuleDict({"a": 3}),
    ),
    case(
        "module_dict_key_with_a_dot",
        lambda T: T.nn.ModuleDict({"a.b": T.nn.ReLU()}),
    ),
    case(
        "module_dict_update_with_a_non_mapping",
        lambda T: T.nn.ModuleDict().update(T.nn.ReLU()),
    ),
]

# A layer or functional given a NumPy array, a list or a number where it takes a tensor: torch's
# argument parser names the function and the argument (or, for the functionals torch writes as
# a tensor method call, Python's AttributeError names the method).
ARRAY = np.ones((2, 3), np.float32)
NOT_TENSORS = [
    case("Linear_of_an_array", lambda T: T.nn.Linear(3, 2)(ARRAY), match=True),
    case("linear_weight_a_list", lambda T: F(T).linear(T.ones(2, 3), [[1.0] * 3]), match=True),
    case("linear_bias_a_number", lambda T: F(T).linear(T.ones(2, 3), T.ones(2, 3), 1.0), True),
    case("ReLU_of_a_list", lambda T: T.nn.ReLU()([1.0, -1.0]), match=True),
    case("LayerNorm_of_an_array", lambda T: T.nn.LayerNorm(3)(ARRAY), match=True),
    case("relu_inplace_of_an_array", lambda T: F(T).relu(ARRAY, inplace=True), match=True),
    case("leaky_relu_inplace_of_a_number", lambda T: F(T).leaky_relu_(0.5), match=True),
    case("gelu_of_an_array_before_approximate", lambda T: F(T).gelu(ARRAY, approximate="x"), True),
    case("Sigmoid_of_an_array", lambda T: T.nn.Sigmoid()(ARRAY), match=True),
    case("sigmoid_of_an_array", lambda T: F(T).sigmoid(ARRAY), match=True),
    case("Tanh_of_a_list", lambda T: T.nn.Tanh()([1.0]), match=True),
    case("ReLU6_of_an_array", lambda T: T.nn.ReLU6()(ARRAY), match=True),
    case("LogSigmoid_of_an_array", lambda T: T.nn.LogSigmoid()(ARRAY), match=True),
    case("softmax_of_a_list", lambda T: F(T).softmax([1.0, 2.0], 0), match=True),
    case("LogSoftmax_of_an_array", lambda T: T.nn.LogSoftmax(1)(ARRAY), match=True),
    case("Softmin_of_an_array", lambda T: T.nn.Softmin(1)(ARRAY), match=True),
    case("Dropout_p0_of_an_array", lambda T: T.nn.Dropout(0.0)(ARRAY), match=True),
    case("dropout_in_eval_of_an_array", lambda T: F(T).dropout(ARRAY, training=False), True),
    case("dropout_inplace_of_a_list", lambda T: F(T).dropout([1.0], inplace=True), match=True),
    case("Embedding_of_a_list", lambda T: T.nn.Embedding(3, 2)([0, 1]), match=True),
    case("embedding_weight_an_array", lambda T: F(T).embedding(T.tensor([0]), ARRAY), True),
    case("conv2d_of_an_array", lambda T: F(T).conv2d(ARRAY, T.ones(1, 1, 1, 1)), match=True),
    case("Conv1d_of_a_list", lambda T: T.nn.Conv1d(1, 1, 1)([[[1.0]]])),
    case("MaxPool2d_of_an_array", lambda T: T.nn.MaxPool2d(2)(ARRAY), match=True),
    case(
        "max_pool1d_indices_of_an_array",
        lambda T: F(T).max_pool1d(ARRAY, 2, return_indices=True),
        match=True,
    ),
    case("AvgPool1d_of_an_array", lambda T: T.nn.AvgPool1d(2)(ARRAY), match=True),
    case("avg_pool2d_of_a_list", lambda T: F(T).avg_pool2d([[[1.0]]], 1), match=True),
    case("cross_entropy_of_an_array", lambda T: F(T).cross_entropy(ARRAY, T.ones(2, 3)), True),
    case("KLDivLoss_target_an_array", lambda T: T.nn.KLDivLoss("sum")(T.ones(2, 3), ARRAY), True),
    case("soft_margin_target_an_array", lambda T: F(T).soft_margin_loss(T.ones(3), ARRAY), True),
]


@pytest.mark.parametrize(
    "fn, match", AUTOGRAD + LOSSES + OPTIMIZERS + STATE_DICTS + MODULES + NOT_TENSORS
)
def test_refused_as_torch_refuses(fn, match):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_error(fn, match=match)


# --- where torch goes on, cybenko goes on the same way --------------------------------------------


def both(fn):
    """fn(torch) and fn(cybenko), each with the warnings it raised (category, message start)."""
    results = []
    for T in LIBS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = fn(T)
        said = [(w.category, str(w.message)[:60]) for w in caught]
        results.append((value, said))
    return results


def plain(value):
    """Tensors as nested lists, the rest unchanged, so torch's and cybenko's results compare."""
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def assert_close(actual, expected) -> None:
    """Equal, numbers within float32 rounding, recursing into lists."""
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (actual, expected)
        for a, e in zip(actual, expected, strict=True):
            assert_close(a, e)
    elif isinstance(expected, float):
        assert math.isclose(actual, expected, rel_tol=1e-6, abs_tol=1e-7) or (
            math.isnan(actual) and math.isnan(expected)
        ), (actual, expected)
    else:
        assert actual == expected


def assert_same_outcome(fn):
    """fn(T) gives the same values and the same warnings on both libraries."""
    (expected, t_warnings), (actual, c_warnings) = both(fn)
    assert c_warnings == t_warnings
    assert_close(plain(actual), plain(expected))


def non_leaf_grad(T):
    return (leaf(T, 3) * 2).grad


def grads_with_unused_inputs(T, **options):
    x, unused = leaf(T, 3), leaf(T, 2)
    return T.autograd.grad((x * x).sum(), [x, unused], **options)


def backward_with_extra_gradients(T):
    x = leaf(T, 3)
    T.autograd.backward([(x * 2).sum()], [T.tensor(1.0), T.tensor(5.0)])
    return x.grad


def backward_into_a_non_leaf(T):
    x = leaf(T, 3)
    h = x * 3
    (h * h).sum().backward(inputs=[h])
    return h.grad, x.grad


def labels_smoothed(T, amount):
    return F(T).cross_entropy(logits(T), T.tensor([0, 4, 2]), label_smoothing=amount)


def mse_broadcast(T):
    x = leaf(T, 3, 1)
    loss = F(T).mse_loss(x, T.tensor([0.0, 1.0, 2.0]))
    loss.backward()
    return loss, x.grad


def one_class_index_in_a_list(T):
    # forward only: torch 2.13's backward of this call fails on its own size check
    x = leaf(T, 5)
    losses = [F(T).nll_loss(x, T.tensor([3]), reduction=r) for r in ("none", "mean", "sum")]
    return [(loss, loss.shape) for loss in losses]


def spatial_weight_of_any_shape(T):
    x = leaf(T, 2, 3, 4)
    target = T.tensor([[0, 1, 2, 1], [2, 2, 0, 1]])
    loss = F(T).nll_loss(x, target, weight=T.tensor([[1.0, 2.0, 3.0]]))
    loss.backward()
    return loss, x.grad


def not_strict(T):
    result = T.nn.Linear(2, 3).load_state_dict(
        {"weight": T.ones(3, 2), "x": T.ones(1)}, strict=False
    )
    return type(result).__name__, result._fields, repr(result), result.missing_keys


def loaded_with_other_dtypes(T):
    net = T.nn.Linear(2, 3)
    weight = net.weight
    net.load_state_dict({"weight": T.ones(3, 2, dtype=T.float64), "bias": T.tensor([1, 2, 3])})
    return str(net.weight.dtype), str(net.bias.dtype), net.bias, net.weight is weight


def batchnorm_without_batch_count(T):
    bn = T.nn.BatchNorm1d(3)
    bn.num_batches_tracked += 4
    state = {k: v for k, v in bn.state_dict().items() if k != "num_batches_tracked"}
    result = bn.load_state_dict(state)
    return repr(result), bn.num_batches_tracked


def lrs(T, name, **options):
    s = scheduler(T, name, **options)
    out = []
    for _ in range(6):
        s.optimizer.step()
        s.step()
        out.append(s.optimizer.param_groups[0]["lr"])
    return out


GOES_ON = [
    pytest.param(non_leaf_grad, id="non_leaf_grad_is_None_with_a_warning"),
    pytest.param(
        lambda T: grads_with_unused_inputs(T, allow_unused=True), id="allow_unused_gives_None"
    ),
    pytest.param(
        lambda T: grads_with_unused_inputs(T, materialize_grads=True),
        id="materialize_grads_gives_zeros",
    ),
    pytest.param(backward_with_extra_gradients, id="gradients_beyond_the_outputs_are_ignored"),
    pytest.param(backward_into_a_non_leaf, id="backward_inputs_may_be_a_non_leaf"),
    pytest.param(lambda T: labels_smoothed(T, -0.5), id="negative_label_smoothing_is_none"),
    pytest.param(lambda T: labels_smoothed(T, float("nan")), id="nan_label_smoothing_is_none"),
    pytest.param(mse_broadcast, id="mse_broadcasts_with_a_warning"),
    pytest.param(one_class_index_in_a_list, id="nll_loss_1d_input_one_target_in_a_list"),
    pytest.param(spatial_weight_of_any_shape, id="nll_loss_spatial_weight_of_any_shape"),
    pytest.param(
        lambda T: F(T).l1_loss(T.zeros(2, 1), T.ones(3)), id="l1_broadcasts_with_a_warning"
    ),
    pytest.param(not_strict, id="not_strict_returns_the_incompatible_keys"),
    pytest.param(loaded_with_other_dtypes, id="load_state_dict_casts_into_the_parameters"),
    pytest.param(batchnorm_without_batch_count, id="batchnorm_state_without_batch_count"),
    pytest.param(
        lambda T: len(T.optim.SGD([T.zeros(1, requires_grad=True)] * 2).param_groups[0]["params"]),
        id="duplicate_params_in_a_group_warn",
    ),
    pytest.param(
        lambda T: lrs(T, "MultiStepLR", milestones=[4, 1, 4]), id="milestones_unsorted_repeated"
    ),
    pytest.param(lambda T: lrs(T, "StepLR", step_size=-1), id="step_lr_negative_step_size"),
    pytest.param(lambda T: lrs(T, "ExponentialLR", gamma=-0.5), id="exponential_negative_gamma"),
    pytest.param(lambda T: lrs(T, "CosineAnnealingLR", T_max=-2), id="cosine_negative_t_max"),
]


@pytest.mark.parametrize("fn", GOES_ON)
def test_goes_on_as_torch_goes_on(fn):
    assert_same_outcome(fn)


def test_create_graph_is_refused_with_the_documented_error():
    # torch builds a graph of the gradient; cybenko's backward runs on plain arrays (README)
    x = leaf(cybenko, 3)
    for call in (
        lambda: (x * x).sum().backward(create_graph=True),
        lambda: cybenko.autograd.grad((x * x).sum(), x, create_graph=True),
    ):
        with pytest.raises(RuntimeError, match="create_graph=True .* is not supported"):
            call()
