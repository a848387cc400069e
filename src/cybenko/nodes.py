"""The course's computational-graph nodes (`import cybenko.nodes as nodes`).

Each node does one step of a computation by hand: `forward(...)` computes and remembers its
inputs, `backward(dout)` returns the gradient of each input given the gradient `dout` of the
output, so a student chains the chain rule themselves:

    node1, node2, node3 = nodes.mul_node(), nodes.minus_node(), nodes.square_node()
    z1 = node1.forward(th, x)        # z1 = th * x
    z2 = node2.forward(y, z1)        # z2 = y - z1
    l = node3.forward(z2)            # l = z2 ** 2
    dz2 = node3.backward(1)          # dl/dz2 = 2 z2
    dy, dz1 = node2.backward(dz2)    # dz2/dy = 1, dz2/dz1 = -1
    dth, dx = node1.backward(dz1)    # dz1/dth = x, dz1/dx = th

Nodes work on Python numbers and NumPy arrays. They run the very forward and backward of the
engine's ops (`cybenko.ops`), so the derivatives a student reads here are the ones that train
networks: there is one place where each derivative is written.
"""

from __future__ import annotations

import numpy as np

from .autograd.engine import unbroadcast
from .ops import arithmetic, elementwise, linalg, reduce


class Node:
    """One op of the graph, driven by hand. Subclasses name the op and its fixed arguments."""

    op = None  # the engine's Function whose forward and backward this node runs
    params: dict = {}

    def forward(self, *inputs):
        self._numbers = all(np.isscalar(x) for x in inputs)
        arrays = [np.asarray(x, dtype=np.float64) for x in inputs]
        self._shapes = [a.shape for a in arrays]
        self._ctx = self.op.__new__(self.op)
        self._ctx.needs_input_grad = [True] * len(arrays)
        out = self.op.forward(self._ctx, *arrays, **self.params)
        return self._plain(np.asarray(out))

    def backward(self, dout=1):
        if not hasattr(self, "_ctx"):
            raise RuntimeError(f"call {type(self).__name__}.forward(...) before backward")
        grads = self.op.backward(self._ctx, np.asarray(dout, dtype=np.float64))
        grads = grads if isinstance(grads, tuple) else (grads,)
        grads = [self._plain(unbroadcast(np.asarray(g), s)) for g, s in zip(grads, self._shapes)]  # noqa: B905
        return grads[0] if len(grads) == 1 else tuple(grads)

    def _plain(self, value: np.ndarray):
        """Python numbers in, Python numbers out."""
        return float(value) if self._numbers and value.ndim == 0 else value


class plus_node(Node):  # noqa: N801 - the course's names
    """z = x + y;  dz/dx = 1, dz/dy = 1"""

    op = arithmetic.Add


class minus_node(Node):  # noqa: N801
    """z = x - y;  dz/dx = 1, dz/dy = -1"""

    op = arithmetic.Sub


class mul_node(Node):  # noqa: N801
    """z = x * y;  dz/dx = y, dz/dy = x"""

    op = arithmetic.Mul


class div_node(Node):  # noqa: N801
    """z = x / y;  dz/dx = 1/y, dz/dy = -x/y^2"""

    op = arithmetic.Div


class square_node(Node):  # noqa: N801
    """z = x^2;  dz/dx = 2x"""

    op = arithmetic.Pow
    params = {"exponent": 2}


class exp_node(Node):  # noqa: N801
    """z = e^x;  dz/dx = e^x"""

    op = elementwise.Exp


class log_node(Node):  # noqa: N801
    """z = ln x;  dz/dx = 1/x"""

    op = elementwise.Log


class sigmoid_node(Node):  # noqa: N801
    """z = 1 / (1 + e^-x);  dz/dx = z (1 - z)"""

    op = elementwise.Sigmoid


class tanh_node(Node):  # noqa: N801
    """z = tanh x;  dz/dx = 1 - z^2"""

    op = elementwise.Tanh


class relu_node(Node):  # noqa: N801
    """z = max(x, 0);  dz/dx = 1 where x > 0, else 0"""

    op = elementwise.Relu


class matmul_node(Node):  # noqa: N801
    """Z = X @ W;  dZ/dX = dout @ W^T, dZ/dW = X^T @ dout"""

    op = linalg.MatMul


class sum_node(Node):  # noqa: N801
    """z = sum of x;  dz/dx_i = 1"""

    op = reduce.Sum

    def forward(self, x):
        self.params = {"dims": tuple(range(np.ndim(x))), "keepdim": False}
        return super().forward(x)


class mean_node(Node):  # noqa: N801
    """z = mean of x (n values);  dz/dx_i = 1/n"""

    op = reduce.Mean

    def forward(self, x):
        self.params = {"dims": tuple(range(np.ndim(x))), "keepdim": False}
        return super().forward(x)
