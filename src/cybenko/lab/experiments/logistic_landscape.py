"""Why logistic regression is trained with BCE, not MSE: the two loss surfaces over (ŵ0, ŵ1)
and the optimiser's path on them (기계학습 특강 2022, 로지스틱 (2) – 손실함수의 비교; seed 004's
plot_loss, learn_and_record and show_lrpr2).

The data are the lecture's toy example (`lab.data.logistic`, seed 43052): x = linspace(-1, 1,
2000), y ~ Bernoulli(sigmoid(-1 + 5x)). The model is ŷ = sigmoid(ŵ0 + ŵ1·x), i.e.
Sequential(Linear(1, 1), Sigmoid()) with ŵ0 its bias and ŵ1 its weight.

- The surfaces: the MSE and the BCE loss at every point of the grid [-10, 3) × [-1, 10) with
  step 0.15 (87 × 74 points), computed with the framework's tensor ops, ŷ = exp(u)/(1+exp(u))
  as in the notes, and drawn in 3-D (surfaces.png). Each grid line's second differences say
  whether the surface is convex along it.
- The paths: full-batch training for 1000 epochs at lr 0.05 from the good start
  (ŵ0, ŵ1) = (-3, -1) and the bad start (-10, -1), with the MSE or the BCE loss, with SGD or
  Adam: 8 runs, each recorded every 20 epochs (the weights, the loss and ŷ before that epoch's
  step, so each recorded point lies on the surface). Each run is an animation
  path_{loss}_{start}_{optimiser}.gif: the fitted curve on the left, the path on the surface
  on the right, one frame a record, the first 30 records (epochs 0 to 580) as the notes'
  animation; comparison.png sets the 8 whole paths side by side on contour maps with their
  loss curves.

The notes lost the cells with the learning rate and the starts; lr 0.05 and (-3, -1), (-10, -1)
are the reconstruction of examples/notes/seed_004_logistic.py. The starts are set by hand, so no
seed decides the training: cybenko and PyTorch take the same steps and their loss curves agree
to float32 rounding (at most 1e-6 apart over the 1000 epochs).

What it shows: the BCE surface is a bowl, convex along every grid line, while the MSE surface
bends down along 143 of its 161 grid lines and is flat far from the data's parameters. From the
bad start (-10, -1) every ŷ is about 0, the MSE gradient vanishes and SGD does not move in 1000
epochs; on the BCE surface the same start is on a steep wall and SGD slides down to within 0.006
of the minimum. From the good start SGD on MSE only creeps (0.377 to 0.210; the minimum is
0.101). Adam, which scales its steps by the gradient's size, walks off the MSE plateau too, and
from either start reaches the minimum near (-1, 5) (not exactly there: the loss is the data's,
not π's).
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import data, plot
from . import COUNT, POINT, RATE, SEED, Table, progress, up_to

TITLE = "MSE vs BCE loss surfaces of logistic regression; SGD/Adam paths from (-3,-1), (-10,-1)"
DEFAULTS = {
    "seed": 43052,
    "n": 2000,
    "grid_step": 0.15,
    "epochs": 1000,
    "lr": 0.05,
    "record_every": 20,
    "frames": 30,
    "good_start": (-3.0, -1.0),
    "bad_start": (-10.0, -1.0),
}
# Quick: a grid three times coarser (29 × 25 points), 200 epochs recorded every 50, 4 frames.
QUICK = {"grid_step": 0.45, "epochs": 200, "record_every": 50, "frames": 4}
# The second differences need 3 grid points a line: the ŵ1 range, 11 wide, gives 3 at 5.
GRID_STEP_MAX = 5.0
RULES = {
    "seed": SEED,
    "n": COUNT,
    "grid_step": up_to(GRID_STEP_MAX),
    "epochs": COUNT,
    "lr": RATE,
    "record_every": COUNT,
    "frames": COUNT,
    "good_start": POINT,
    "bad_start": POINT,
}

W0_RANGE = (-10.0, 3.0)  # [start, end) of the grid, as torch.arange
W1_RANGE = (-1.0, 10.0)
TRUE_W = (-1.0, 5.0)  # the parameters the data were drawn with
LOSSES = {"mse": "MSE", "bce": "BCE"}
OPTIMIZERS = {"sgd": "SGD", "adam": "Adam"}
STARTS = ("good", "bad")
CONVEX_TOL = 1e-5  # a second difference above -CONVEX_TOL is float32 rounding, not a bend
VIEW = {"elev": 15, "azim": 75}  # the notes' camera


def loss_function(torch, name: str, reduction: str = "mean"):
    return {"mse": torch.nn.MSELoss, "bce": torch.nn.BCELoss}[name](reduction=reduction)


def surface(torch, x, y, name: str, step: float, rows_per_chunk: int = 1024):
    """The loss `name` at every (ŵ0, ŵ1) of the grid: (w0 axis, w1 axis, values) as NumPy, the
    values of shape (len(w0), len(w1)). One row of ŷ per grid point, a chunk of rows at once."""
    w0_axis = torch.arange(*W0_RANGE, step, device=x.device)
    w1_axis = torch.arange(*W1_RANGE, step, device=x.device)
    w0, w1 = torch.meshgrid(w0_axis, w1_axis, indexing="ij")
    w0, w1 = w0.reshape(-1, 1), w1.reshape(-1, 1)
    loss_fn = loss_function(torch, name, reduction="none")
    xs, ys = x.reshape(1, -1), y.reshape(1, -1)
    values = []
    with torch.no_grad():
        for i in range(0, w0.shape[0], rows_per_chunk):
            u = w0[i : i + rows_per_chunk] + w1[i : i + rows_per_chunk] * xs
            yhat = torch.exp(u) / (1 + torch.exp(u))
            values.append(loss_fn(yhat, ys.expand_as(yhat)).mean(dim=1))
    grid = torch.cat(values).reshape(len(w0_axis), len(w1_axis))
    return w0_axis.cpu().numpy(), w1_axis.cpu().numpy(), grid.cpu().numpy()


def min_second_differences(values: np.ndarray) -> np.ndarray:
    """The smallest second difference f[i-1] - 2f[i] + f[i+1] along each grid line, first the
    lines of fixed ŵ1 (along ŵ0), then those of fixed ŵ0 (along ŵ1). A convex surface has
    none below zero."""
    along_w0 = values[:-2, :] - 2 * values[1:-1, :] + values[2:, :]
    along_w1 = values[:, :-2] - 2 * values[:, 1:-1] + values[:, 2:]
    return np.concatenate([along_w0.min(axis=0), along_w1.min(axis=1)])


def train(torch, x, y, loss: str, optimizer: str, start, cfg: dict) -> dict:
    """Full-batch training of sigmoid(ŵ0 + ŵ1·x) from `start` = (ŵ0, ŵ1): the loss of every
    epoch and, every `record_every` epochs, (ŵ0, ŵ1, loss) and ŷ before that epoch's step."""
    net = torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()).to(x.device)
    with torch.no_grad():
        net[0].bias.fill_(start[0])
        net[0].weight.fill_(start[1])
    loss_fn = loss_function(torch, loss)
    opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}[optimizer]
    opt = opt(net.parameters(), lr=cfg["lr"])
    losses, path, fits = [], [], []
    for epoch in progress(range(cfg["epochs"]), f"{loss} {optimizer}"):
        yhat = net(x)
        value = loss_fn(yhat, y)
        losses.append(value.item())
        if epoch % cfg["record_every"] == 0:
            path.append((net[0].bias.item(), net[0].weight.item(), losses[-1]))
            fits.append(yhat.detach().cpu().numpy().ravel())
        value.backward()
        opt.step()
        opt.zero_grad()
    final = (net[0].bias.item(), net[0].weight.item())
    return {"losses": losses, "path": np.array(path), "fits": fits, "final": final}


def run_name(loss: str, start: str, optimizer: str) -> str:
    return f"{loss} {start} {optimizer}"


def describe(loss: str, start: str, optimizer: str, cfg: dict) -> str:
    w0, w1 = cfg[f"{start}_start"]
    return f"{LOSSES[loss]} loss, {start} start ({w0:g}, {w1:g}), {OPTIMIZERS[optimizer]}"


def run(torch, cfg: dict, out) -> dict:
    toy = data.logistic(n=cfg["n"], seed=cfg["seed"])  # the lab's data, the same on each engine
    x, y = (torch.tensor(t.numpy(), device=cfg["device"]) for t in (toy.x, toy.y))
    engine = torch.__name__
    metrics, curves = {}, {}

    surfaces = {}
    for loss in LOSSES:
        w0_axis, w1_axis, values = surface(torch, x, y, loss, cfg["grid_step"])
        surfaces[loss] = values
        bends = min_second_differences(values)
        i, j = np.unravel_index(np.argmin(values), values.shape)
        metrics[f"{loss} surface min"] = float(values[i, j])
        metrics[f"{loss} surface argmin w0"] = float(w0_axis[i])
        metrics[f"{loss} surface argmin w1"] = float(w1_axis[j])
        metrics[f"{loss} min second difference"] = float(bends.min())
        metrics[f"{loss} grid lines bending down"] = int(np.sum(bends < -CONVEX_TOL))
    metrics["grid lines"] = len(w0_axis) + len(w1_axis)
    grid = (w0_axis, w1_axis)
    _surfaces(grid, surfaces, cfg, out / "surfaces.png", engine)

    table = Table("run", "start loss", "final loss", "final w0", "final w1", width=16)
    runs = {(loss, start, opt): None for loss in LOSSES for opt in OPTIMIZERS for start in STARTS}
    for loss, start, optimizer in progress(list(runs), "training"):
        name = run_name(loss, start, optimizer)
        found = train(torch, x, y, loss, optimizer, cfg[f"{start}_start"], cfg)
        runs[(loss, start, optimizer)] = found
        (w0, w1), losses = found["final"], found["losses"]
        table.row(name, losses[0], losses[-1], w0, w1)
        metrics[f"final loss {name}"] = losses[-1]  # of the last epoch, before its step
        metrics[f"final w0 {name}"] = w0
        metrics[f"final w1 {name}"] = w1
        curves[f"loss {name}"] = losses

    x_np, y_np, pi = toy.x.numpy().ravel(), toy.y.numpy().ravel(), toy.underlying.numpy().ravel()
    for (loss, start, optimizer), found in progress(runs.items(), "animations", total=len(runs)):
        title = describe(loss, start, optimizer, cfg)
        path = out / f"path_{loss}_{start}_{optimizer}.gif"
        _animation(path, title, grid, surfaces[loss], found, (x_np, y_np, pi), cfg)
    _comparison(grid, surfaces, runs, cfg, out / "comparison.png", engine)
    return {**metrics, **curves}


def _surface_axes(ax, grid, values, title: str) -> None:
    """The loss surface in 3-D, the notes' camera, the data's parameters (-1, 5) starred."""
    w0, w1 = np.meshgrid(*grid, indexing="ij")
    ax.plot_surface(w0, w1, values, cmap="viridis", alpha=0.55, linewidth=0, antialiased=False)
    i = np.argmin(np.abs(grid[0] - TRUE_W[0]))
    j = np.argmin(np.abs(grid[1] - TRUE_W[1]))
    ax.scatter(
        *TRUE_W, values[i, j], marker="*", s=160, color="gold", edgecolor="k", label="(-1, 5)"
    )
    ax.view_init(**VIEW)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(4))  # few ticks: legible, and each costs a frame
    ax.set_xlabel("ŵ0")
    ax.set_ylabel("ŵ1")
    ax.set_zlabel("loss")
    ax.set_title(title, fontsize=10)


def _surfaces(grid, surfaces, cfg, path, engine) -> None:
    """The MSE and the BCE surface side by side, the two starts marked on each."""
    fig = Figure(figsize=(12, 5))
    FigureCanvasAgg(fig)
    fig.suptitle(f"Loss surfaces of sigmoid(ŵ0 + ŵ1·x) on the toy data ({engine})", fontsize=13)
    for k, (loss, values) in enumerate(surfaces.items()):
        ax = fig.add_subplot(1, 2, k + 1, projection="3d", computed_zorder=False)
        note = "convex: a bowl" if loss == "bce" else "not convex: a plateau and a valley"
        _surface_axes(ax, grid, values, f"{LOSSES[loss]} ({note})")
        for start, color in (("good", "tab:blue"), ("bad", "tab:red")):
            w0, w1 = cfg[f"{start}_start"]
            i, j = np.argmin(np.abs(grid[0] - w0)), np.argmin(np.abs(grid[1] - w1))
            ax.scatter(
                w0, w1, values[i, j], s=60, color=color, edgecolor="k", label=f"{start} start"
            )
        ax.legend(fontsize=9, loc="upper left")
    plot.save(fig, path)


def _animation(path, title, grid, values, found, toy, cfg) -> None:
    """One frame per record: the fitted curve over the data (left), the path so far on the
    loss surface (right). The figure is drawn once; each frame redraws only what moves (the
    curve, the path, the title) over the saved background, a few times faster than drawing
    a whole new 3-D figure per frame as `plot.animate` does."""
    from PIL import Image

    x, y, pi = toy
    walk = found["path"]
    fig = Figure(figsize=(9.6, 4.2))
    canvas = FigureCanvasAgg(fig)
    left = fig.add_axes((0.07, 0.13, 0.36, 0.68))
    left.scatter(x, y, s=4, alpha=0.05, color="tab:blue", label="data y")
    left.plot(x, pi, "--", color="tab:green", label="true π")
    (fit,) = left.plot(x, found["fits"][0], color="crimson", lw=2, label="fitted ŷ")
    left.set_ylim(-0.05, 1.05)
    plot.label(left, xlabel="x", ylabel="y", title="fit")
    left.legend(fontsize=8, loc="upper left")
    right = fig.add_axes((0.46, 0.04, 0.54, 0.80), projection="3d", computed_zorder=False)
    _surface_axes(right, grid, values, "path on the loss surface")
    (trail,) = right.plot(*walk.T, "-o", ms=3, color="crimson", mfc="grey", mec="grey")
    (head,) = right.plot(*walk[:1].T, "o", ms=8, color="crimson", mec="k")
    caption = fig.suptitle("", fontsize=11)
    moving = (fit, trail, head, caption)
    for artist in moving:
        artist.set_animated(True)  # left out of the background
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)

    images = []
    for k in range(min(cfg["frames"], len(walk))):
        w0, w1, loss = walk[k]
        fit.set_ydata(found["fits"][k])
        trail.set_data_3d(*walk[: k + 1].T)
        head.set_data_3d(*walk[k : k + 1].T)
        epoch = k * cfg["record_every"]
        caption.set_text(
            f"{title}\nepoch {epoch}: (ŵ0, ŵ1) = ({w0:.2f}, {w1:.2f}), loss {loss:.4f}"
        )
        canvas.restore_region(background)
        for artist in moving:
            fig.draw_artist(artist)
        rgb = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy())
        images.append(rgb.convert("P", palette=Image.Palette.ADAPTIVE))
    images[0].save(path, save_all=True, append_images=images[1:], duration=150, loop=0)


def _comparison(grid, surfaces, runs, cfg, path, engine) -> None:
    """Contour maps with the 8 whole paths (top) and the 8 loss curves (bottom)."""
    fig, axes = plot.figure(
        2, 2, title=f"SGD vs Adam from the good and the bad start ({engine})", size=(13, 10)
    )
    colors = {("good", "sgd"): "tab:blue", ("good", "adam"): "tab:cyan"}
    colors |= {("bad", "sgd"): "tab:red", ("bad", "adam"): "tab:orange"}
    w0, w1 = np.meshgrid(*grid, indexing="ij")
    for col, loss in enumerate(LOSSES):
        top, bottom = axes[0, col], axes[1, col]
        levels = np.quantile(surfaces[loss], np.linspace(0, 1, 25))
        filled = top.contourf(w0, w1, surfaces[loss], levels=levels, cmap="viridis", alpha=0.8)
        fig.colorbar(filled, ax=top, label=f"{LOSSES[loss]} loss", format="%.2f")
        top.plot(*TRUE_W, "*", ms=14, color="gold", mec="k", label="(-1, 5)")
        for optimizer in reversed(OPTIMIZERS):  # SGD on top: where it stays, Adam starts
            for start in STARTS:
                found = runs[(loss, start, optimizer)]
                walk = np.vstack([found["path"][:, :2], found["final"]])
                style = "-" if optimizer == "sgd" else "--"
                label = f"{start} start, {OPTIMIZERS[optimizer]}"
                color = colors[(start, optimizer)]
                top.plot(walk[:, 0], walk[:, 1], style, marker=".", color=color, label=label)
                bottom.plot(found["losses"], style, color=color, label=label)
        starts = np.array([cfg["good_start"], cfg["bad_start"]])
        top.plot(*starts.T, "s", ms=11, mfc="none", mec="k", mew=1.5, label="starts")
        top.set_xlim(W0_RANGE[0] - 0.4, W0_RANGE[1])  # a margin: the bad start is a corner
        top.set_ylim(W1_RANGE[0] - 0.4, W1_RANGE[1])
        plot.label(top, xlabel="ŵ0", ylabel="ŵ1", title=f"{LOSSES[loss]}: the paths", legend=False)
        top.legend(fontsize=9, loc="upper left")
        bottom.set_yscale("log")
        plot.label(
            bottom, xlabel="epoch", ylabel=f"{LOSSES[loss]} loss", title=f"{LOSSES[loss]}: loss"
        )
    plot.save(fig, path)
