"""The course's workloads, each one training step written three ways: on cybenko, on torch
(the same code, `lib` is either module) and by hand on NumPy.

`WORKLOADS` maps a row name to (kind, make), where make(lib) returns a step function, and
lib is cybenko, torch or the string "numpy". kind is "small" for the nets whose time is the
Python work around each op (issue 16 asks these to take at most 0.4x torch's time).
The data are random: only the arithmetic is timed.
"""

from __future__ import annotations

import math

import numpy as np

# ---------------------------------------------------------------------------------------------
# Dense nets


def mlp_2_8_1(lib):
    """XOR's 2-8-1 sigmoid net, MSE, one SGD step on the four points."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32)
    y = np.array([[0], [1], [1], [0]], np.float32)
    if lib == "numpy":
        return _numpy_dense(x, y, (2, 8, 1), "sigmoid", "mse", "sgd", lr=0.1)
    net = lib.nn.Sequential(lib.nn.Linear(2, 8), lib.nn.Sigmoid(), lib.nn.Linear(8, 1))
    return _lib_step(lib, net, lib.nn.MSELoss(), lib.optim.SGD(net.parameters(), lr=0.1), x, y)


def wide_relu(width: int):
    """The notes' CPU-vs-GPU net: 1 -> width -> 1 ReLU, MSE, Adam, 100 points."""

    def make(lib):
        x = np.linspace(0, 1, 100, dtype=np.float32).reshape(-1, 1)
        y = (np.random.default_rng(5).standard_normal((100, 1)) * 0.01).astype(np.float32)
        if lib == "numpy":
            return _numpy_dense(x, y, (1, width, 1), "relu", "mse", "adam", lr=0.001)
        net = lib.nn.Sequential(lib.nn.Linear(1, width), lib.nn.ReLU(), lib.nn.Linear(width, 1))
        return _lib_step(lib, net, lib.nn.MSELoss(), lib.optim.Adam(net.parameters()), x, y)

    return make


def mnist_dense(lib):
    """The notes' MNIST 0-vs-1 net, full batch: 12665 x 784 -> 32 -> 1, sigmoid, BCE, Adam."""
    rng = np.random.default_rng(1)
    x = rng.random((12665, 784), dtype=np.float32)
    y = (rng.random((12665, 1)) < 0.5).astype(np.float32)
    if lib == "numpy":
        return _numpy_dense(x, y, (784, 32, 1), "sigmoid", "bce", "adam", lr=0.001)
    nn = lib.nn
    net = nn.Sequential(nn.Linear(784, 32), nn.Sigmoid(), nn.Linear(32, 1), nn.Sigmoid())
    return _lib_step(lib, net, nn.BCELoss(), lib.optim.Adam(net.parameters()), x, y)


def _lib_step(lib, net, loss_fn, optimizer, x, y):
    x, y = lib.tensor(x), lib.tensor(y)

    def step():
        loss = loss_fn(net(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step


def _numpy_dense(x, y, sizes, activation, loss, optimizer, lr):
    """A two-layer net's step by hand: the formulas a learner would write."""
    rng = np.random.default_rng(0)
    n_in, n_hidden, n_out = sizes
    params = [
        rng.uniform(-1, 1, (n_hidden, n_in)).astype(np.float32) / np.sqrt(n_in),
        np.zeros(n_hidden, np.float32),
        rng.uniform(-1, 1, (n_out, n_hidden)).astype(np.float32) / np.sqrt(n_hidden),
        np.zeros(n_out, np.float32),
    ]
    update = _numpy_adam(params, lr) if optimizer == "adam" else _numpy_sgd(params, lr)

    def step():
        w1, b1, w2, b2 = params
        z = x @ w1.T + b1
        if activation == "relu":
            h = np.maximum(z, 0)
        else:
            h = 1 / (1 + np.exp(-z))
        out = h @ w2.T + b2
        if loss == "bce":  # sigmoid output, binary cross-entropy: d/dlogit = p - y
            p = 1 / (1 + np.exp(-out))
            d_out = (p - y) / y.size
        else:
            d_out = 2 * (out - y) / y.size
        d_h = d_out @ w2
        d_z = d_h * (z > 0) if activation == "relu" else d_h * h * (1 - h)
        update([d_z.T @ x, d_z.sum(0), d_out.T @ h, d_out.sum(0)])

    return step


def _numpy_sgd(params, lr):
    def update(grads):
        for p, g in zip(params, grads, strict=True):
            p -= lr * g

    return update


def _numpy_adam(params, lr, b1=0.9, b2=0.999, eps=1e-8):
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = [0]

    def update(grads):
        t[0] += 1
        for p, g, mi, vi in zip(params, grads, m, v, strict=True):
            mi *= b1
            mi += (1 - b1) * g
            vi *= b2
            vi += (1 - b2) * g * g
            denom = np.sqrt(vi) / math.sqrt(1 - b2 ** t[0]) + eps  # a float: stays float32
            p -= (lr / (1 - b1 ** t[0])) * mi / denom

    return update


# ---------------------------------------------------------------------------------------------
# Convolutional nets


def notes_cnn(lib):
    """The notes' CNN, forward and backward on a batch of 64 (no optimizer step):
    conv(1->6, 5) relu pool conv(6->16, 5) relu pool fc 256-120-84-10, log_softmax, NLL."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (64, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, 64)
    if lib == "numpy":
        return _numpy_cnn(x, y, [(6, 1, 5, 0), (16, 6, 5, 0)], [256, 120, 84, 10], None)
    nn, F = lib.nn, lib.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1, self.conv2 = nn.Conv2d(1, 6, 5), nn.Conv2d(6, 16, 5)
            self.fc1, self.fc2 = nn.Linear(256, 120), nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, x):
            x = F.max_pool2d(F.relu(self.conv1(x)), 2)
            x = F.max_pool2d(F.relu(self.conv2(x)), 2)
            x = F.relu(self.fc1(x.view(-1, 256)))
            return F.log_softmax(self.fc3(F.relu(self.fc2(x))), dim=1)

    net = Net()
    x, y = lib.tensor(x), lib.tensor(y)

    def step():
        net.zero_grad()
        F.nll_loss(net(x), y).backward()

    return step


def mnist_cnn(lib):
    """A common MNIST CNN, one Adam step on a batch of 100: conv(1->32, 3, pad 1) relu pool
    conv(32->64, 3, pad 1) relu pool fc 3136-10, cross-entropy."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (100, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, 100)
    if lib == "numpy":
        return _numpy_cnn(x, y, [(32, 1, 3, 1), (64, 32, 3, 1)], [3136, 10], 0.001)
    nn = lib.nn
    net = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 10),
    )  # fmt: skip
    optimizer = lib.optim.Adam(net.parameters(), lr=0.001)
    return _lib_step(lib, net, nn.CrossEntropyLoss(), optimizer, x, y)


def wide_conv(lib):
    """One wide convolution forward and backward: 64 -> 64 channels, 3x3, pad 1, on a
    batch of 32 images of 32 x 32."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((32, 64, 32, 32)).astype(np.float32)
    w = (rng.standard_normal((64, 64, 3, 3)) * 0.05).astype(np.float32)
    if lib == "numpy":

        def numpy_step():
            out, cols = _conv_forward(x, w, 1)
            _conv_backward(np.ones_like(out), cols, x.shape, w, 1)

        return numpy_step
    tx, tw = lib.tensor(x, requires_grad=True), lib.tensor(w, requires_grad=True)

    def step():
        out = lib.nn.functional.conv2d(tx, tw, padding=1)
        out.backward(lib.ones_like(out))

    return step


def _im2col(x, k, pad):
    """(N, C, H, W) -> (N, Ho, Wo, C*k*k): every k x k patch as a row."""
    if pad:
        x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    n, c, h, w = x.shape
    s = x.strides
    patches = np.lib.stride_tricks.as_strided(
        x, (n, h - k + 1, w - k + 1, c, k, k), (s[0], s[2], s[3], s[1], s[2], s[3])
    )
    return patches.reshape(n, h - k + 1, w - k + 1, c * k * k)


def _conv_forward(x, w, pad):
    cols = _im2col(x, w.shape[-1], pad)
    out = cols @ w.reshape(w.shape[0], -1).T
    return out.transpose(0, 3, 1, 2), cols


def _conv_backward(grad, cols, x_shape, w, pad):
    """Gradients of the weight and of the input (col2im by adding each patch back)."""
    n, c, h, wd = x_shape
    k = w.shape[-1]
    g = grad.transpose(0, 2, 3, 1)  # (N, Ho, Wo, O)
    d_w = (g.reshape(-1, g.shape[-1]).T @ cols.reshape(-1, cols.shape[-1])).reshape(w.shape)
    d_cols = (g @ w.reshape(w.shape[0], -1)).reshape(*g.shape[:3], c, k, k)
    d_x = np.zeros((n, c, h + 2 * pad, wd + 2 * pad), np.float32)
    ho, wo = g.shape[1], g.shape[2]
    for i in range(k):
        for j in range(k):
            d_x[:, :, i : i + ho, j : j + wo] += d_cols[:, :, :, :, i, j].transpose(0, 3, 1, 2)
    return d_w, d_x[:, :, pad : pad + h, pad : pad + wd]


def _pool_forward(x):
    n, c, h, w = x.shape
    blocks = x.reshape(n, c, h // 2, 2, w // 2, 2)
    out = blocks.max(axis=(3, 5))
    return out, blocks == out[:, :, :, None, :, None]


def _pool_backward(grad, mask):
    d = mask * grad[:, :, :, None, :, None]
    return d.reshape(d.shape[0], d.shape[1], d.shape[2] * 2, d.shape[4] * 2)


def _numpy_cnn(x, y, convs, fcs, adam_lr):
    """Two conv-relu-pool blocks then dense layers, forward and backward by hand."""
    rng = np.random.default_rng(0)
    conv_w = [(rng.standard_normal((o, c, k, k)) * 0.1).astype(np.float32) for o, c, k, _ in convs]
    conv_b = [np.zeros(o, np.float32) for o, *_ in convs]
    fc_w = [
        (rng.standard_normal((o, i)) * 0.05).astype(np.float32)
        for i, o in zip(fcs[:-1], fcs[1:], strict=True)
    ]
    fc_b = [np.zeros(o, np.float32) for o in fcs[1:]]
    params = conv_w + conv_b + fc_w + fc_b
    update = _numpy_adam(params, adam_lr) if adam_lr else None
    onehot = np.eye(fcs[-1], dtype=np.float32)[y]

    def step():
        h, saved = x, []
        for (_, _, _, pad), w, b in zip(convs, conv_w, conv_b, strict=True):
            z, cols = _conv_forward(h, w, pad)
            z = z + b[:, None, None]
            r = np.maximum(z, 0)
            pooled, mask = _pool_forward(r)
            saved.append((h.shape, cols, z, mask))
            h = pooled
        flat_shape = h.shape
        a = [h.reshape(len(h), -1)]
        for i, (w, b) in enumerate(zip(fc_w, fc_b, strict=True)):
            z = a[-1] @ w.T + b
            a.append(np.maximum(z, 0) if i < len(fc_w) - 1 else z)
        logits = a[-1]
        e = np.exp(logits - logits.max(1, keepdims=True))
        d = (e / e.sum(1, keepdims=True) - onehot) / len(y)
        d_fc_w, d_fc_b = [], []
        for i in range(len(fc_w) - 1, -1, -1):
            d_fc_w.insert(0, d.T @ a[i])
            d_fc_b.insert(0, d.sum(0))
            d = d @ fc_w[i]
            if i:
                d = d * (a[i] > 0)
        d = d.reshape(flat_shape)
        d_conv_w, d_conv_b = [], []
        for i in range(len(convs) - 1, -1, -1):
            shape, cols, z, mask = saved[i]
            d = _pool_backward(d, mask) * (z > 0)
            d_conv_b.insert(0, d.sum((0, 2, 3)))
            d_w, d = _conv_backward(d, cols, shape, conv_w[i], convs[i][3])
            d_conv_w.insert(0, d_w)
        if update:
            update(d_conv_w + d_conv_b + d_fc_w + d_fc_b)

    return step


WORKLOADS = {
    "2-8-1 MLP (XOR), SGD step": ("small", mlp_2_8_1),
    "1-512-1 ReLU, Adam step": ("small", wide_relu(512)),
    "1-20480-1 ReLU, Adam step": ("wide", wide_relu(20480)),
    "1-204800-1 ReLU, Adam step": ("wide", wide_relu(204800)),
    "784-32-1 BCE 12665 batch, Adam": ("wide", mnist_dense),
    "notes' CNN fwd+bwd, batch 64": ("conv", notes_cnn),
    "MNIST CNN 32-64, Adam, batch 100": ("conv", mnist_cnn),
    "wide conv 64-64 3x3 32x32, b 32": ("conv", wide_conv),
}
