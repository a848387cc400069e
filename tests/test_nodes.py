"""cybenko.nodes, the course's hand-driven graph nodes, checked against torch autograd."""

import numpy as np
import pytest

import cybenko.nodes as nodes
from helpers import scaled_atol
from oracle import torch

pytestmark = pytest.mark.oracle

RNG = np.random.default_rng(7)
A = RNG.uniform(0.5, 2.0, (3, 4))
B = RNG.uniform(0.5, 2.0, (4,))

CASES = [
    (nodes.plus_node, lambda a, b: a + b, (A, B)),
    (nodes.minus_node, lambda a, b: a - b, (A, B)),
    (nodes.mul_node, lambda a, b: a * b, (A, B)),
    (nodes.div_node, lambda a, b: a / b, (A, B)),
    (nodes.square_node, lambda a: a**2, (A,)),
    (nodes.exp_node, lambda a: torch.exp(a), (A,)),
    (nodes.log_node, lambda a: torch.log(a), (A,)),
    (nodes.sigmoid_node, lambda a: torch.sigmoid(a), (A - 1,)),
    (nodes.tanh_node, lambda a: torch.tanh(a), (A - 1,)),
    (nodes.relu_node, lambda a: torch.relu(a), (A - 1,)),
    (nodes.matmul_node, lambda a, b: torch.matmul(a, b), (A, B.reshape(4, 1))),
    (nodes.sum_node, lambda a: torch.sum(a), (A,)),
    (nodes.mean_node, lambda a: torch.mean(a), (A,)),
]


@pytest.mark.parametrize(
    "node_cls, torch_fn, inputs", CASES, ids=lambda c: getattr(c, "__name__", "")
)
def test_node_forward_and_backward_match_torch_autograd(node_cls, torch_fn, inputs):
    node = node_cls()
    out = node.forward(*inputs)
    dout = RNG.standard_normal(np.shape(out))
    grads = node.backward(dout)
    grads = grads if isinstance(grads, tuple) else (grads,)

    leaves = [torch.tensor(x, requires_grad=True) for x in inputs]
    expected = torch_fn(*leaves)
    expected.backward(torch.tensor(dout))
    want = expected.detach().numpy()
    np.testing.assert_allclose(out, want, rtol=1e-12, atol=scaled_atol(want, 1e-12))
    for g, leaf in zip(grads, leaves, strict=True):
        assert np.shape(g) == tuple(leaf.shape)  # broadcasting undone
        # undoing broadcasting sums rows of dout: near zero where they cancel
        want = leaf.grad.numpy()
        np.testing.assert_allclose(g, want, rtol=1e-12, atol=scaled_atol(want, 1e-12))


def test_numbers_in_numbers_out():
    node = nodes.mul_node()
    assert node.forward(-1, 2.0) == -2.0
    dth, dx = node.backward(1)
    assert (dth, dx) == (2.0, -1.0) and type(dth) is float


def test_backward_before_forward_is_explained():
    with pytest.raises(RuntimeError, match="forward"):
        nodes.square_node().backward(1)


def test_the_notes_sgd_loop_learns_theta_as_torch_does():
    """Seed 002: y = 5x learned with mul/minus/square nodes, per-sample SGD from th = -1."""
    x_data = np.random.default_rng(0).standard_normal(100)  # the course generator: x ~ N(0, 1)
    y_data = 5 * x_data
    node1, node2, node3 = nodes.mul_node(), nodes.minus_node(), nodes.square_node()
    th, lr, ths = -1.0, 0.01, []
    t_th, t_ths = torch.tensor(-1.0, dtype=torch.float64, requires_grad=True), []
    for _ in range(5):
        for x, y in zip(x_data, y_data, strict=True):
            z1 = node1.forward(th, x)
            z2 = node2.forward(y, z1)
            node3.forward(z2)
            dz2 = node3.backward(1)
            dy, dz1 = node2.backward(dz2)
            dth, dx = node1.backward(dz1)
            th = th - lr * dth
            ths.append(th)

            loss = (y - t_th * x) ** 2
            loss.backward()
            with torch.no_grad():
                t_th -= lr * t_th.grad
                t_th.grad.zero_()
            t_ths.append(t_th.item())
    np.testing.assert_allclose(ths, t_ths, rtol=1e-12)
    assert abs(th - 5) < 0.05
