"""Learning y = 5x by per-sample SGD, one node at a time (딥러닝 수학, basic nodes).

The model is z1 = θ·x (mul_node), the loss l = (y - z1)² (minus_node, square_node). From θ = -1
each of the 100 samples of `lab.data.dataset_generator` (y = 5x) makes one step
θ ← θ - lr·dl/dθ, for 5 epochs (500 iterations), with the backward pass chained by hand:

    dz2 = node3.backward(1); dy, dz1 = node2.backward(dz2); dth, dx = node1.backward(dz1)

The nodes are cybenko's own teaching API (PyTorch has no `torch.nodes`); on `--engine torch`
the same steps are taken with autograd on a scalar θ, and on cybenko autograd runs beside the
nodes so the two can be compared.

What it shows: θ climbs to 5 within about two epochs; the loss jumps from sample to sample,
because each step follows one sample's error; four times the learning rate (0.04) gets there
about four times sooner, in under 50 iterations, and since the data have no noise both runs
end at 5 with the loss falling to rounding level.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize

import cybenko

from .. import data, plot
from . import COUNT, FLAG, NUMBER, RATE, SEED, Table

TITLE = "y = 5x by per-sample SGD with the course's nodes (θ from -1), lr 0.01 vs 0.04"
DEFAULTS = {
    "theta0": -1.0,
    "lr": 0.01,
    "lr_compare": 0.04,
    "epochs": 5,
    "n_sample": 100,
    "slope": 5.0,
    "seed": 43052,
    "n_lines": 200,
    "animate": True,
}
QUICK = {"animate": False}
RULES = {
    "theta0": NUMBER,
    "lr": RATE,
    "lr_compare": RATE,
    "epochs": COUNT,
    "n_sample": COUNT,
    "slope": NUMBER,
    "seed": SEED,
    "n_lines": COUNT,
    "animate": FLAG,
}


def sgd_nodes(x_data, y_data, theta0: float, lr: float, epochs: int):
    """The notes' loop with cybenko.nodes: (θ after each step, loss of each step)."""
    from cybenko import nodes

    node1, node2, node3 = nodes.mul_node(), nodes.minus_node(), nodes.square_node()
    th, th_list, loss_list = theta0, [], []
    for _ in range(epochs):
        for x, y in zip(x_data, y_data):  # noqa: B905
            z1 = node1.forward(th, x)  # z1 = th * x
            z2 = node2.forward(y, z1)  # z2 = y - z1
            loss = node3.forward(z2)  # l = z2 ** 2
            dz2 = node3.backward(1)  # dl/dz2 = 2 z2
            dy, dz1 = node2.backward(dz2)  # dz2/dy = 1, dz2/dz1 = -1
            dth, dx = node1.backward(dz1)  # dz1/dth = x
            th = th - lr * dth
            th_list.append(float(th))
            loss_list.append(float(np.sum(loss)))
    return th_list, loss_list


def sgd_autograd(torch, x_data, y_data, theta0: float, lr: float, epochs: int, device="cpu"):
    """The same steps with autograd on a scalar θ (float64, as the nodes)."""
    xs = torch.tensor(x_data, dtype=torch.float64, device=device)
    ys = torch.tensor(y_data, dtype=torch.float64, device=device)
    th = torch.tensor(theta0, dtype=torch.float64, device=device, requires_grad=True)
    th_list, loss_list = [], []
    for _ in range(epochs):
        for i in range(len(xs)):
            loss = ((ys[i] - th * xs[i]) ** 2).sum()
            loss.backward()
            with torch.no_grad():
                th -= lr * th.grad
            th.grad.zero_()
            th_list.append(th.item())
            loss_list.append(loss.item())
    return th_list, loss_list


def run(torch, cfg: dict, out) -> dict:
    cybenko.manual_seed(cfg["seed"])  # the data are the lab's, the same for every engine
    gen = data.dataset_generator(n_sample=cfg["n_sample"])
    gen.set_coefficient([cfg["slope"], 0])
    x_data, y_data = gen.make_dataset()
    args = (cfg["theta0"], cfg["epochs"])
    on_nodes = torch.__name__ == "cybenko"

    def train(lr):
        if on_nodes:
            return sgd_nodes(x_data, y_data, args[0], lr, args[1])
        return sgd_autograd(torch, x_data, y_data, args[0], lr, args[1], cfg["device"])

    theta, loss = train(cfg["lr"])
    theta_fast, loss_fast = train(cfg["lr_compare"])
    metrics = {}
    if on_nodes:
        auto_theta, _ = sgd_autograd(
            torch, x_data, y_data, args[0], cfg["lr"], args[1], cfg["device"]
        )
        metrics["max abs diff theta nodes vs autograd"] = float(
            np.max(np.abs(np.array(theta) - np.array(auto_theta)))
        )

    table = Table("epoch", "iteration", "theta", "mean loss", f"theta lr={cfg['lr_compare']}")
    n = cfg["n_sample"]
    for epoch in range(cfg["epochs"]):
        end = (epoch + 1) * n
        table.row(
            epoch + 1, end, theta[end - 1], float(np.mean(loss[end - n : end])), theta_fast[end - 1]
        )

    metrics.update(
        {
            "final theta": theta[-1],
            f"final theta lr={cfg['lr_compare']}": theta_fast[-1],
            "final theta error": abs(theta[-1] - cfg["slope"]),
            "first iteration within 0.05 of slope": _first_within(theta, cfg["slope"], 0.05),
            "theta": theta,
            "loss": loss,
            f"theta lr={cfg['lr_compare']}": theta_fast,
            f"loss lr={cfg['lr_compare']}": loss_fast,
        }
    )
    engine = torch.__name__
    way = "cybenko.nodes" if on_nodes else "torch autograd"
    _trajectories(theta, loss, cfg, out / "theta_loss.png", f"{way}, lr={cfg['lr']}")
    _rainbow(x_data, y_data, theta, cfg, out / "rainbow_lines.png", engine)
    _lr_comparison(theta, loss, theta_fast, loss_fast, cfg, out / "lr_comparison.png", engine)
    if cfg["animate"]:
        _animation(x_data, y_data, theta, cfg, out / "fitting.gif")
    return metrics


def _first_within(values, target, tol) -> int:
    """The first iteration (1-based) from which every value stays within tol of target."""
    far = [i for i, v in enumerate(values) if abs(v - target) > tol]
    return far[-1] + 2 if far else 1


def _trajectories(theta, loss, cfg, path, how) -> None:
    fig, (ax0, ax1) = plot.figure(
        2, 1, title=f"Per-sample SGD on y = {cfg['slope']:g}x ({how})", size=(9, 6.5)
    )
    it = np.arange(1, len(theta) + 1)
    ax0.plot(it, theta, color="navy", label=r"$\theta$")
    ax0.axhline(cfg["slope"], color="gray", ls=":", label=f"true slope {cfg['slope']:g}")
    plot.label(ax0, xlabel="iteration", ylabel=r"$\theta$", title=r"$\theta$")
    ax1.plot(it, loss, color="crimson", lw=0.8, label="loss of the sample")
    ax1.set_yscale("log")
    plot.label(ax1, xlabel="iteration", ylabel=r"$(y - \theta x)^2$", title="Loss")
    plot.save(fig, path)


def _rainbow(x_data, y_data, theta, cfg, path, engine) -> None:
    n_line = min(cfg["n_lines"], len(theta))
    cmap = colormaps["rainbow"].resampled(n_line)
    fig, ax = plot.figure(title=f"The first {n_line} fitted lines y = θx ({engine})", size=(7.5, 6))
    x_range = np.array([np.min(x_data), np.max(x_data)])
    for i in range(n_line):
        ax.plot(x_range, x_range * theta[i], color=cmap(i), alpha=0.25, lw=1)
    ax.scatter(x_data, y_data, s=12, c="k", zorder=3, label="data (y = 5x)")
    fig.colorbar(ScalarMappable(Normalize(1, n_line), cmap), ax=ax, label="iteration")
    plot.label(ax, xlabel="x", ylabel="y")
    plot.save(fig, path)


def _lr_comparison(theta, loss, theta_fast, loss_fast, cfg, path, engine) -> None:
    fig, (ax0, ax1) = plot.figure(
        2, 1, title=f"Learning rate {cfg['lr']} vs {cfg['lr_compare']} ({engine})", size=(9, 6.5)
    )
    for th, ls, lr, color in (
        (theta, loss, cfg["lr"], "purple"),
        (theta_fast, loss_fast, cfg["lr_compare"], "red"),
    ):
        ax0.plot(th, color=color, label=f"lr = {lr}")
        ax1.plot(ls, color=color, lw=0.8, label=f"lr = {lr}")
    ax0.axhline(cfg["slope"], color="gray", ls=":", label="true slope")
    ax1.set_yscale("log")
    plot.label(ax0, xlabel="iteration", ylabel=r"$\theta$", title=r"$\theta$")
    plot.label(ax1, xlabel="iteration", ylabel="loss", title="Loss of each sample")
    plot.save(fig, path)


def _animation(x_data, y_data, theta, cfg, path) -> None:
    n_line = min(cfg["n_lines"], len(theta))
    x_range = np.array([np.min(x_data), np.max(x_data)])
    frames = list(range(0, n_line, 5))

    def draw(fig, k):
        ax = fig.subplots()
        i = frames[k]
        ax.scatter(x_data, y_data, s=10, c="k", label="data")
        ax.plot(x_range, x_range * theta[i], color="crimson", lw=2, label=f"θ = {theta[i]:.3f}")
        ax.set_ylim(np.min(y_data) * 1.2, np.max(y_data) * 1.2)
        fig.suptitle(f"Iteration {i + 1}: the fitted line y = θx")
        plot.label(ax, xlabel="x", ylabel="y")

    plot.animate(path, draw, len(frames))
