"""Ten optimizers side by side (모두를 위한 딥러닝 시즌 2, lab 09 "Optimizer in PyTorch"): plain
SGD, SGD with momentum 0.9, Nesterov momentum, Adagrad, RMSprop, Adadelta, Adam, AdamW, Adamax
and Rprop (the notes list torch.optim's classes; momentum, Nesterov and AdamW are the SGD and
Adam variants the lab names; SparseAdam needs sparse gradients, LBFGS a closure and line
search, and ASGD steps as SGD does, so they are left out).

- On a 2-D surface, the narrow valley f(x, y) = x²/20 + 5y² (100 times steeper across than
  along, minimum 0 at the origin), each optimizer walks from the same start (-8, 1.5) for 200
  steps, in float64; paths.gif draws the walks over the contours, surface.png the whole paths
  and f along them, paths.csv the points. Plain SGD's learning rate is capped by the steep
  wall (above 2/10 it diverges across the valley), so at lr 0.18 it zigzags across and crawls
  along; momentum (lr 0.018, its steps add up ten gradients) builds speed along the valley;
  the adaptive methods divide each coordinate's step by that coordinate's gradient size, so
  they walk along the valley as fast as across. The learning rates are in SURFACE_LR.
- On the small MNIST net of the notes (`small_mnist`, 784-128-128-10 on the first 1000
  training digits, full batch, 200 steps, float64) each optimizer trains the same initial
  weights (manual_seed 777) at torch's default learning rate (but SGD 0.1, momentum and
  Nesterov 0.01, RMSprop 0.001): net_loss.png, and the accuracy on 2000 test digits.

The starts on the valley are set by hand and the net's weights drawn from one seed, so cybenko
and PyTorch take the same steps: in the full run (`--engine both`, defaults) the paths agree
to 3e-15 and every net loss curve to 3e-15, but Rprop's. Rprop steps by each gradient's sign
alone, and some of the net's gradients are rounding noise (~1e-20) whose sign differs between
the engines' matrix products: its curves agree to 1e-9 for 23 steps, to 1e-4 for 40, then
part (by up to 0.63).

What it shows (full run): after 200 steps on the valley SGD is at f = 2.2e-3, momentum and
Nesterov at 6.0e-4 and 7.1e-4; Adagrad, Adam, AdamW (5e-9 to 9e-9), Adamax (5.7e-10), Rprop
(2.9e-12) and RMSprop (7.6e-15) are orders of magnitude lower; only Adadelta, whose first steps
are about sqrt(eps) long and grow slowly, is still at 0.17, even at lr 10. On the net SGD ends
at a loss of 0.30 (test accuracy 0.80), momentum and Nesterov at 0.34; the adaptive methods at
0.003 (Adam, AdamW) to 0.028 (Rprop), with test accuracies 0.83 to 0.845, but Rprop's 0.68:
the training loss is not the test.
"""

from __future__ import annotations

import numpy as np

from .. import plot
from . import COUNT, POINT, SEED, Table, progress, small_mnist

TITLE = "Ten optimizers (SGD .. Adam, Rprop): paths on a narrow valley, losses of a small net"
DEFAULTS = {
    "seed": 777,
    "start": (-8.0, 1.5),
    "steps": 200,
    "frames": 41,
    "n_train": 1000,
    "n_test": 2000,
    "hidden": 128,
    "net_steps": 200,
    "dtype": "float64",
}
QUICK = {"steps": 100, "frames": 11, "n_train": 256, "n_test": 500, "hidden": 64, "net_steps": 40}
RULES = {
    "seed": SEED,
    "start": POINT,
    "steps": COUNT,
    "frames": COUNT,
    "n_train": COUNT,
    "n_test": COUNT,
    "hidden": COUNT,
    "net_steps": COUNT,
    "dtype": small_mnist.DTYPE,
}

NAMES = ("SGD", "momentum", "Nesterov", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW",
         "Adamax", "Rprop")  # fmt: skip
ADAPTIVE = ("Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW", "Adamax", "Rprop")
# Learning rates on the valley: SGD just under its limit 2/10, momentum a tenth of it (its
# steps sum ten gradients), the adaptive methods at rates that take them across in ~100 steps
# (Adadelta's default 1.0 barely moves it in 200 steps).
SURFACE_LR = {"SGD": 0.18, "momentum": 0.018, "Nesterov": 0.018, "Adagrad": 1.0,
              "RMSprop": 0.1, "Adadelta": 10.0, "Adam": 0.3, "AdamW": 0.3, "Adamax": 0.3,
              "Rprop": 0.01}  # fmt: skip
# On the net: torch's default learning rates, but RMSprop's 0.01 (its first step moves every
# weight by 10·lr, whatever its gradient) and SGD's 1e-3 (which would barely move it).
NET_LR = {"SGD": 0.1, "momentum": 0.01, "Nesterov": 0.01, "Adagrad": 0.01, "RMSprop": 0.001,
          "Adadelta": 1.0, "Adam": 0.001, "AdamW": 0.001, "Adamax": 0.002,
          "Rprop": 0.01}  # fmt: skip
COLORS = dict(zip(NAMES, (f"C{k}" for k in range(10)), strict=True))
X_RANGE, Y_RANGE = (-9.0, 1.5), (-2.0, 2.0)


def optimizer(torch, name: str, params, lr: float):
    """The optimizer `name` of NAMES at learning rate `lr`."""
    optim = torch.optim
    if name in ("SGD", "momentum", "Nesterov"):
        extra = {} if name == "SGD" else {"momentum": 0.9, "nesterov": name == "Nesterov"}
        return optim.SGD(params, lr=lr, **extra)
    return getattr(optim, name)(params, lr=lr)


def valley(x, y):
    """f(x, y) = x²/20 + 5y², on tensors or NumPy arrays alike."""
    return x**2 / 20 + 5 * y**2


def walk(torch, name: str, start, steps: int, device: str) -> np.ndarray:
    """The points (x, y, f) of `name`'s walk on the valley: the start, then one a step."""
    point = torch.tensor(start, dtype=torch.float64, device=device, requires_grad=True)
    opt = optimizer(torch, name, [point], SURFACE_LR[name])
    path = []
    for _ in range(steps):
        f = valley(point[0], point[1])
        path.append((*point.tolist(), f.item()))
        opt.zero_grad()
        f.backward()
        opt.step()
    with torch.no_grad():
        path.append((*point.tolist(), valley(point[0], point[1]).item()))
    return np.array(path)


def train_net(torch, name: str, task, cfg: dict) -> tuple[list[float], float]:
    """Full-batch training of the small net with `name`: the loss before each step and the
    test accuracy after the last."""
    torch.manual_seed(cfg["seed"])  # every optimizer starts from the same weights
    net = small_mnist.mlp(torch, cfg["hidden"], 0.0, cfg["device"], cfg["dtype"])
    opt = optimizer(torch, name, net.parameters(), NET_LR[name])
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for _ in progress(range(cfg["net_steps"]), f"net {name}"):
        loss = loss_fn(net(task.X), task.Y)
        losses.append(loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        accuracy = (net(task.X_test).argmax(1) == task.Y_test).float().mean().item()
    return losses, accuracy


def run(torch, cfg: dict, out) -> dict:
    engine = torch.__name__
    task = small_mnist.load(torch, cfg["n_train"], cfg["n_test"], cfg["device"], cfg["dtype"])
    metrics, curves, paths = {"data": task.source}, {}, {}
    table = Table("optimizer", "surface f", "net loss", "test acc", width=14)
    for name in NAMES:
        paths[name] = walk(torch, name, cfg["start"], cfg["steps"], cfg["device"])
        losses, accuracy = train_net(torch, name, task, cfg)
        x, y, f = paths[name][-1]
        metrics |= {f"final surface loss {name}": f, f"final x {name}": x, f"final y {name}": y}
        metrics |= {f"final net loss {name}": losses[-1], f"test accuracy {name}": accuracy}
        curves[f"surface loss {name}"] = paths[name][:, 2].tolist()
        curves[f"net loss {name}"] = losses
        table.row(name, f, losses[-1], accuracy)

    _write_paths(out / "paths.csv", paths)
    _still(paths, cfg, out / "surface.png", engine)
    _animation(paths, cfg, out / "paths.gif", engine)
    plot.curves(
        out / "net_loss.png",
        {name: curves[f"net loss {name}"] for name in NAMES},
        title=f"784-{cfg['hidden']}-{cfg['hidden']}-10 net on {len(task.X)} digits, "
        f"full batch ({engine})",
        xlabel="step",
        ylabel="cross-entropy loss (log scale)",
        logy=True,
        styles={n: {"color": COLORS[n], "ls": "--" if n in ADAPTIVE else "-"} for n in NAMES},
    )
    return {**metrics, **curves}


def _write_paths(path, paths) -> None:
    """paths.csv: a row a step, the x and y of every optimizer."""
    columns = [c for name in NAMES for c in (f"x {name}", f"y {name}")]
    table = np.column_stack([paths[name][:, k] for name in NAMES for k in (0, 1)])
    np.savetxt(path, table, delimiter=",", header=",".join(columns), comments="", fmt="%.17g")


def _contours(ax) -> None:
    """The valley's contours (log-spaced levels) over a shaded image of log f; the minimum
    starred. An image and contour lines only: cheap enough to redraw in every frame."""
    xs, ys = np.linspace(*X_RANGE, 211), np.linspace(*Y_RANGE, 81)
    gx, gy = np.meshgrid(xs, ys)
    f = valley(gx, gy)
    extent = (*X_RANGE, *Y_RANGE)
    ax.imshow(np.log10(f + 1e-3), extent=extent, origin="lower", cmap="Greys_r", alpha=0.45,
              aspect="equal", interpolation="bilinear")  # fmt: skip
    ax.contour(gx, gy, f, levels=np.geomspace(0.01, 30, 10), colors="grey", linewidths=0.6)
    ax.plot(0, 0, "*", ms=14, color="gold", mec="k", zorder=5)
    ax.set_xlim(*X_RANGE)
    ax.set_ylim(*Y_RANGE)


def _draw_paths(ax, paths, upto: int) -> None:
    for name in NAMES:
        p = paths[name][: upto + 1]
        style = "--" if name in ADAPTIVE else "-"
        ax.plot(p[:, 0], p[:, 1], style, color=COLORS[name], lw=1.3, label=name)
        ax.plot(*p[-1, :2], "o", color=COLORS[name], mec="k", ms=6)


def _still(paths, cfg, path, engine) -> None:
    fig, (top, bottom) = plot.figure(
        2, 1, title=f"Ten optimizers on f(x, y) = x²/20 + 5y² from {cfg['start']} ({engine})",
        size=(11, 9.5),
    )  # fmt: skip
    _contours(top)
    _draw_paths(top, paths, cfg["steps"])
    plot.label(top, xlabel="x", ylabel="y", title=f"paths, {cfg['steps']} steps", legend=False)
    top.legend(fontsize=8, ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    for name in NAMES:
        f = np.maximum(paths[name][:, 2], 1e-30)  # log scale: an exact 0 drawn at the bottom
        bottom.plot(f, "--" if name in ADAPTIVE else "-", color=COLORS[name], lw=1.3, label=name)
    bottom.set_yscale("log")
    bottom.set_ylim(bottom=max(1e-16, min(paths[n][:, 2].min() for n in NAMES) / 3))
    plot.label(bottom, xlabel="step", ylabel="f (log scale)", title="f along the paths",
               legend=False)  # fmt: skip
    plot.save(fig, path)


def _animation(paths, cfg, path, engine) -> None:
    steps, frames = cfg["steps"], max(cfg["frames"], 2)
    at = np.linspace(0, steps, frames).round().astype(int)

    def draw(fig, i):
        ax = fig.add_axes((0.07, 0.3, 0.9, 0.6))  # fixed: no layout pass per frame
        _contours(ax)
        _draw_paths(ax, paths, at[i])
        ax.legend(fontsize=8, ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.2))
        title = f"Ten optimizers on x²/20 + 5y², step {at[i]} of {steps} ({engine})"
        plot.label(ax, xlabel="x", ylabel="y", title=title, legend=False)

    plot.animate(path, draw, frames, size=(9.0, 5.0), ms_per_frame=150)
