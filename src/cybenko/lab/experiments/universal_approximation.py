"""The universal approximation theorem (Cybenko 1989; 기계학습 특강 2022, 6th week "깊은신경망(2)",
시벤코정리): one hidden layer "linear -> sigmoid -> linear" approximates any continuous function,
given enough nodes. The notes' pictorial proof, in three parts:

- two sigmoids make a step: l1 = Linear(1, 2) with the hand-set weights [[-5], [5]] and biases
  [10, 10], a1 = Sigmoid, l2 = Linear(2, 1) with [[1, 1]] and -1, on x = linspace(-10, 10, 200),
  so (l2 o a1 o l1)(x) = sigmoid(-5x + 10) + sigmoid(5x + 10) - 1 is a bump on [-2, 2];
  sharpened, h(x) = sigmoid(200(x + 0.5)) + sigmoid(-200(x - 0.5)) - 1 is the box on
  [-0.5, 0.5], the notes' custom activation `MyActivation`,
- random nets Sequential(Linear(1, m), MyActivation(), Linear(m, 1)) at their default (random)
  initialisation, 16 of them in a 4x4 grid drawn one after another after a single
  torch.manual_seed(43052), for m = 1, 2, 3, 1024, 2048 h-nodes: a few boxes give steps, a
  thousand give curves of any shape,
- fitting: example 1, sin(2x) + sin(0.5x) + exp(-0.2x) + 0.1 noise (`lab.data.sin_exp`) with
  2048 h-nodes, MSE, Adam (default lr 0.001), 200 epochs; example 2, dnnex0 (the lecture's
  CSV, else `lab.data.dnnex0`) with 2048 h-nodes and a sigmoid, BCE, Adam, 100 epochs.

Each net starts from torch.manual_seed(seed), so cybenko and PyTorch draw the same weights and
take the same full-batch steps.

What it shows: a network of one hidden layer is a sum of boxes; with enough of them it
represents the wiggly sin+exp curve and the rise-and-fall of dnnex0 after a few hundred steps.
"""

from __future__ import annotations

import numpy as np

from .. import data, plot
from . import COUNT, COUNTS, RATE, SCALE, SEED, Table, train_adam
from .dnn_examples import load_sets

TITLE = "Universal approximation: sigmoid steps, random 1-hidden-layer nets, sin+exp and dnnex0"
DEFAULTS = {
    "seed": 43052,
    "lr": 0.001,
    "sizes": [1, 2, 3, 1024, 2048],
    "grid": 4,
    "hidden_sin_exp": 2048,
    "hidden_dnnex0": 2048,
    "epochs_sin_exp": 200,
    "epochs_dnnex0": 100,
    "noise": 0.1,
    "log_every": 50,
}
# The quick run keeps the sin+exp fit at 2048 h-nodes and its 200 epochs (200 points, cheap):
# with 128 h-nodes its MSE stays near 0.08 even after 2000 epochs, 8 times the noise variance.
QUICK = {"sizes": [1, 2, 3, 128], "grid": 2, "hidden_dnnex0": 128, "epochs_dnnex0": 50}
RULES = {
    "seed": SEED,
    "lr": RATE,
    "sizes": COUNTS,
    "grid": COUNT,
    "hidden_sin_exp": COUNT,
    "hidden_dnnex0": COUNT,
    "epochs_sin_exp": COUNT,
    "epochs_dnnex0": COUNT,
    "noise": SCALE,
    "log_every": COUNT,
}


def h(torch, x):
    """The notes' box: two sharp sigmoids, about 1 on [-0.5, 0.5] and 0 elsewhere."""
    return torch.sigmoid(200 * (x + 0.5)) + torch.sigmoid(-200 * (x - 0.5)) - 1.0


def h_net(torch, m: int, sigmoid: bool = False):
    """Linear(1, m) -> h -> Linear(m, 1) (-> Sigmoid), the notes' MyActivation as a module."""

    class MyActivation(torch.nn.Module):
        def forward(self, input):
            return h(torch, input)

    layers = [torch.nn.Linear(1, m), MyActivation(), torch.nn.Linear(m, 1)]
    return torch.nn.Sequential(*layers, *([torch.nn.Sigmoid()] if sigmoid else []))


def run(torch, cfg: dict, out) -> dict:
    seed, engine = cfg["seed"], torch.__name__
    x = torch.linspace(-10, 10, 200).reshape(-1, 1)
    metrics, curves = {}, {}

    # (1) two sigmoids with the notes' hand-set weights make a step-like bump
    l1, a1, l2 = torch.nn.Linear(1, 2), torch.nn.Sigmoid(), torch.nn.Linear(2, 1)
    with torch.no_grad():
        l1.weight.copy_(torch.tensor([[-5.0], [5.0]]))
        l1.bias.copy_(torch.tensor([10.0, 10.0]))
        l2.weight.copy_(torch.tensor([[1.0, 1.0]]))
        l2.bias.copy_(torch.tensor([-1.0]))
        stages = [l1(x).numpy(), a1(l1(x)).numpy(), l2(a1(l1(x))).numpy(), h(torch, x).numpy()]
    metrics["max of l2(a1(l1(x)))"] = float(stages[2].max())
    _step_figure(x.numpy(), stages, out / "sigmoid_step.png", engine)

    # (2) random one-hidden-layer h-nets, one grid per number of h-nodes
    device = cfg["device"]
    xd = x.to(device)
    for m in cfg["sizes"]:
        torch.manual_seed(seed)
        grid = []
        with torch.no_grad():
            for _ in range(cfg["grid"] ** 2):
                grid.append(h_net(torch, m).to(device)(xd).cpu().numpy())
        metrics[f"range of the random nets, {m} h-nodes"] = float(np.ptp(np.concatenate(grid)))
        _grid_figure(x.numpy(), grid, cfg["grid"], m, out / f"random_nets_{m:04d}.png", engine)

    # (3) fitting with cfg["hidden_sin_exp"] and cfg["hidden_dnnex0"] h-nodes
    m, every = cfg["hidden_sin_exp"], cfg["log_every"]
    table = Table("part", "epoch", "loss", width=16)
    toy = data.sin_exp(200, seed=seed, noise=cfg["noise"])
    d1 = {k: getattr(toy, k).numpy().astype(np.float32) for k in ("x", "underlying", "y")}
    X, Y = (torch.tensor(d1[k], device=device) for k in ("x", "y"))
    torch.manual_seed(seed)
    net1 = h_net(torch, m).to(device)
    mse = torch.nn.MSELoss()
    key = f"loss sin+exp {m} h-nodes (MSE)"
    epochs, lr = cfg["epochs_sin_exp"], cfg["lr"]
    curves[key] = train_adam(torch, net1, X, Y, mse, epochs, lr, table, "sin+exp", every)
    with torch.no_grad():
        fit1 = net1(X)
        metrics["final MSE sin+exp"] = mse(fit1, Y).item()
    metrics["noise variance sin+exp"] = cfg["noise"] ** 2
    metrics["MSE sin+exp underlying"] = float(np.mean((d1["underlying"] - d1["y"]) ** 2))

    d2, source = load_sets((0,), seed)[0]
    metrics["data dnnex0"] = source
    X, Y = (torch.tensor(d2[k], device=device) for k in ("x", "y"))
    torch.manual_seed(seed)
    m2 = cfg["hidden_dnnex0"]
    net2 = h_net(torch, m2, sigmoid=True).to(device)
    bce = torch.nn.BCELoss()
    key2 = f"loss dnnex0 {m2} h-nodes (BCE)"
    epochs = cfg["epochs_dnnex0"]
    curves[key2] = train_adam(torch, net2, X, Y, bce, epochs, lr, table, "dnnex0", every)
    with torch.no_grad():
        fit2 = net2(X)
        metrics["final BCE dnnex0"] = bce(fit2, Y).item()
    metrics["BCE dnnex0 underlying"] = bce(
        torch.tensor(np.clip(d2["underlying"], 1e-6, 1 - 1e-6), device=device), Y
    ).item()

    _fit_figure(
        d1, fit1.cpu().numpy(), "y", out / "fit_sin_exp.png",
        f"sin(2x) + sin(0.5x) + exp(-0.2x) + noise: {m} h-nodes, "
        f"MSE {metrics['final MSE sin+exp']:.4f} ({engine})",
    )  # fmt: skip
    _fit_figure(
        d2, fit2.cpu().numpy(), "P(y = 1)", out / "fit_dnnex0.png",
        f"dnnex0: {m2} h-nodes + sigmoid, BCE {metrics['final BCE dnnex0']:.4f} ({engine})",
    )  # fmt: skip
    plot.curves(
        out / "loss.png",
        curves,
        title=f"Training loss, Adam lr {cfg['lr']} ({engine})",
        xlabel="epoch",
        ylabel="loss (log scale)",
        logy=True,
    )
    return {**metrics, **curves}


def _step_figure(x, stages, path, engine) -> None:
    fig, axes = plot.figure(
        1,
        4,
        title=f"Two sigmoids make a step: the notes' hand-set weights ({engine})",
        size=(18, 4.2),
    )
    u, v, y, box = stages
    axes[0].plot(x, u[:, 0], label="u1 = -5x + 10")
    axes[0].plot(x, u[:, 1], label="u2 = 5x + 10")
    plot.label(axes[0], xlabel="x", ylabel="$l_1(x)$", title="$l_1(x)$")
    axes[1].plot(x, v[:, 0], label="sigmoid(u1)")
    axes[1].plot(x, v[:, 1], label="sigmoid(u2)")
    plot.label(axes[1], xlabel="x", ylabel="$(a_1 \\circ l_1)(x)$", title="$(a_1 \\circ l_1)(x)$")
    axes[2].plot(x, y, color="C2", label="sigmoid(u1) + sigmoid(u2) - 1")
    plot.label(
        axes[2],
        xlabel="x",
        ylabel="$(l_2 \\circ a_1 \\circ l_1)(x)$",
        title="$(l_2 \\circ a_1 \\circ l_1)(x)$",
        legend="upper right",  # off the bump in the middle
    )
    axes[3].plot(x, box, color="C3", label="h(x), slopes ±200")
    plot.label(axes[3], xlabel="x", ylabel="h(x)", title="sharpened: the activation h")
    plot.save(fig, path)


def _grid_figure(x, grid, n, m, path, engine) -> None:
    fig, axes = plot.figure(
        n,
        n,
        title=f"{n * n} random nets Linear(1, {m}) -> h -> Linear({m}, 1) ({engine})",
        size=(3.2 * n, 2.9 * n),
    )
    for k, ax in enumerate(np.ravel(axes)):
        ax.plot(x, grid[k], "--", label=f"net {k + 1}")
        plot.label(ax, xlabel="x", ylabel="net(x)")
    plot.save(fig, path)


def _fit_figure(d, fit, ylabel, path, title) -> None:
    fig, ax = plot.figure(title=title, size=(8, 4.8))
    ax.scatter(d["x"], d["y"], s=8, alpha=0.25, color="C0", label="data y")
    ax.plot(d["x"], d["underlying"], color="b", lw=2, label="underlying")
    ax.plot(d["x"], fit, "--", color="C1", lw=2, label="fit")
    plot.label(ax, xlabel="x", ylabel=ylabel)
    plot.save(fig, path)
