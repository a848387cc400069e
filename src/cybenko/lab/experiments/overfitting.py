"""Overfitting (기계학습 특강 2022, 6주차 "오버피팅"): a wide net fits the noise of a few points
and does worse on the points it did not see; dropout and weight decay narrow that gap.

- noise: the notes' data, manual_seed(5); x = linspace(0, 1, 100); y = 0·x + 0.01·randn(100),
  so there is no rule from x to y at all (the underlying is y = 0). The notes' 1-512-1 ReLU
  net (manual_seed(1)) trains on the first 80 points with MSE and Adam (lr 0.001, 1000
  steps); the last 20 are the test set,
- mnist: the same on MNIST: 500 training digits (lab.data.load_mnist, offline scikit-learn's
  digits framed as MNIST, said in one printed line and the summary's "data mnist" row), a
  784-512-10 ReLU net with cross-entropy and Adam (lr 0.002, as the notes' homework), the
  first 500 test digits as the test set,

each net four times from the same weights: plain, with Dropout(0.5) after the ReLU, with
Adam's weight decay 0.01, and with both. After every step the train and test losses are
measured at the same weights with dropout off (net.eval()); the gap is test loss minus train
loss at the end. noise_training.gif shows the plain net's fit and the regularized one's (both)
as they train, beside their losses.

What it shows: the plain net's train loss keeps falling while its test loss passes its
minimum early and then rises: it is fitting the noise, not the underlying. Dropout and
weight decay cost a little train loss and give back test loss, so the gap narrows. (On the
noise the last 20 points happen to be quieter than the first 80, so a net that stays near
y = 0 ends with a test loss below its train loss: a negative gap.)

Full run (`--engine both` at DEFAULTS; cybenko 273 s, PyTorch 864 s on this busy 2-core
machine), cybenko's numbers (the underlying y = 0 scores MSE 1.28e-4 on the train points and
4.28e-5 on the test points):

    noise (1000 steps)  train     test      test min (step)  gap
    plain               9.52e-5   2.31e-3   4.14e-5 (110)    2.22e-3
    dropout             1.16e-4   5.81e-4   3.96e-5 (392)    4.65e-4
    weight decay        1.27e-4   5.29e-5   4.85e-5 (35)     -7.40e-5
    both                1.27e-4   5.18e-5   3.95e-5 (129)    -7.51e-5

    mnist (100 steps)   train     test      test min (step)  gap       test accuracy
    plain               0.0014    0.603     0.486 (23)       0.602     0.842
    dropout             0.0022    0.516     0.468 (31)       0.514     0.850
    weight decay        0.0765    0.481     0.481 (99)       0.405     0.852
    both                0.0800    0.478     0.478 (99)       0.398     0.856

PyTorch's agree to 3 digits or more. The two engines' loss curves stay within 1e-4 of each
other (dropout masks included: cybenko draws torch's), except the MNIST
weight-decay test loss, where float32 rounding parts them by up to 7e-4 from step 81 on (its
minimum falls at step 100 on PyTorch), and the plain net's noise test loss, whose
extrapolation beyond x = 0.8 magnifies rounding to 2e-5 (1% of its value) by step 1000.
"""

from __future__ import annotations

import numpy as np

from .. import data, plot
from . import COUNT, RATE, SEED, Rule, Table, progress

TITLE = "Overfitting: a wide net on few points, train vs test loss, dropout and weight decay"
DEFAULTS = {
    "seed": 1,
    "data_seed": 5,
    "width": 512,
    "steps": 1000,
    "lr": 0.001,
    "mnist_train": 500,
    "mnist_test": 500,
    "mnist_width": 512,
    "mnist_steps": 100,
    "mnist_lr": 0.002,
    "dropout": 0.5,
    "weight_decay": 0.01,
    "log_every": 100,
    "frames": 40,
}
QUICK = {
    "steps": 300,
    "mnist_train": 150,
    "mnist_test": 200,
    "mnist_width": 128,
    "mnist_steps": 50,
    "log_every": 50,
    "frames": 6,
}
PROBABILITY = Rule("a number in (0, 1)", lambda v: isinstance(v, int | float) and 0 < v < 1)
RULES = {
    "seed": SEED,
    "data_seed": SEED,
    "width": COUNT,
    "steps": COUNT,
    "lr": RATE,
    "mnist_train": COUNT,
    "mnist_test": COUNT,
    "mnist_width": COUNT,
    "mnist_steps": COUNT,
    "mnist_lr": RATE,
    "dropout": PROBABILITY,
    "weight_decay": RATE,
    "log_every": COUNT,
    "frames": COUNT,
}

SETTINGS = ("plain", "dropout", "weight decay", "both")
COLORS = {"plain": "tab:red", "dropout": "tab:blue", "weight decay": "tab:green", "both": "k"}
N_TRAIN = 80  # the notes' split: x[:80] to train, x[80:] to test


def regularization(setting: str, cfg: dict) -> tuple[float, float]:
    """(dropout p, weight decay) of a setting."""
    p = cfg["dropout"] if setting in ("dropout", "both") else 0.0
    wd = cfg["weight_decay"] if setting in ("weight decay", "both") else 0.0
    return p, wd


def wide_net(torch, n_in: int, width: int, n_out: int, p: float, device: str):
    """Linear -> ReLU (-> Dropout(p)) -> Linear."""
    layers = [torch.nn.Linear(n_in, width), torch.nn.ReLU()]
    if p:
        layers.append(torch.nn.Dropout(p))
    return torch.nn.Sequential(*layers, torch.nn.Linear(width, n_out)).to(device)


def fit(torch, net, train, test, loss_fn, steps, lr, wd, table, name, every, watch=None):
    """Full-batch Adam on `train` = (X, Y); after each step the train and test losses at the
    new weights, dropout off (both from one forward pass over train and test together).
    `watch` = (points, steps, found): the net's output at `points` after each of `steps` goes
    into the dict `found`, keyed by the step (frames of an animation)."""
    (xtr, ytr), (xte, yte) = train, test
    both, n = torch.cat([xtr, xte]), xtr.shape[0]
    optimizer = torch.optim.Adam(net.parameters(), lr=lr, weight_decay=wd)
    train_losses, test_losses = [], []
    for step in progress(range(steps), name):
        net.train()
        loss = loss_fn(net(xtr), ytr)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        net.eval()
        with torch.no_grad():
            out = net(both)
            train_losses.append(loss_fn(out[:n], ytr).item())
            test_losses.append(loss_fn(out[n:], yte).item())
            if watch and step + 1 in watch[1]:
                watch[2][step + 1] = net(watch[0]).cpu().numpy().ravel()
        if step % every == 0 or step == steps - 1:
            table.row(name, step + 1, train_losses[-1], test_losses[-1])
    return train_losses, test_losses


def summarize(part: str, setting: str, train: list, test: list) -> dict:
    """The numbers of one training run: final losses, the test minimum and the gap."""
    return {
        f"{part} final train loss {setting}": train[-1],
        f"{part} final test loss {setting}": test[-1],
        f"{part} min test loss {setting}": min(test),
        f"{part} step of min test loss {setting}": int(np.argmin(test)) + 1,
        f"{part} gap {setting}": test[-1] - train[-1],
    }


def run(torch, cfg: dict, out) -> dict:
    device, every = cfg["device"], cfg["log_every"]
    table = Table("run", "step", "train loss", "test loss", width=16)
    metrics, curves = {}, {}

    # the notes' noise: y = 0·x + ε, the first 80 points to train, the last 20 to test
    torch.manual_seed(cfg["data_seed"])
    x = torch.linspace(0, 1, 100).reshape(100, 1)
    y = torch.randn(100).reshape(100, 1) * 0.01
    x, y = x.to(device), y.to(device)
    train, test = (x[:N_TRAIN], y[:N_TRAIN]), (x[N_TRAIN:], y[N_TRAIN:])
    grid = torch.linspace(0, 1, 201).reshape(-1, 1).to(device)
    mse = torch.nn.MSELoss()
    fits, frames = {}, {"plain": {}, "both": {}}
    at = set(np.linspace(1, cfg["steps"], cfg["frames"]).round().astype(int).tolist())
    for setting in SETTINGS:
        p, wd = regularization(setting, cfg)
        torch.manual_seed(cfg["seed"])  # every setting from the same weights
        net = wide_net(torch, 1, cfg["width"], 1, p, device)
        watch = (grid, at, frames[setting]) if setting in frames else None
        tr, te = fit(
            torch, net, train, test, mse, cfg["steps"], cfg["lr"], wd, table,
            f"noise {setting}", every, watch,
        )  # fmt: skip
        curves[f"noise train loss {setting}"], curves[f"noise test loss {setting}"] = tr, te
        metrics.update(summarize("noise", setting, tr, te))
        with torch.no_grad():
            fits[setting] = net(grid).cpu().numpy().ravel()
    ys = y.cpu().numpy().ravel()
    metrics["noise train MSE of the underlying y = 0"] = float(np.mean(ys[:N_TRAIN] ** 2))
    metrics["noise test MSE of the underlying y = 0"] = float(np.mean(ys[N_TRAIN:] ** 2))

    # MNIST: a few training digits, ten classes
    (xtr, ytr), (xte, yte), source = mnist_subset(torch, cfg, device)
    metrics["data mnist"] = source
    ce = torch.nn.CrossEntropyLoss()
    for setting in SETTINGS:
        p, wd = regularization(setting, cfg)
        torch.manual_seed(cfg["seed"])
        net = wide_net(torch, 784, cfg["mnist_width"], 10, p, device)
        tr, te = fit(
            torch, net, (xtr, ytr), (xte, yte), ce, cfg["mnist_steps"], cfg["mnist_lr"], wd,
            table, f"mnist {setting}", every,
        )  # fmt: skip
        curves[f"mnist train loss {setting}"], curves[f"mnist test loss {setting}"] = tr, te
        metrics.update(summarize("mnist", setting, tr, te))
        with torch.no_grad():
            right = (net(xte).argmax(1) == yte).float().mean().item()
        metrics[f"mnist test accuracy {setting}"] = right

    engine = torch.__name__
    data_points = (x.cpu().numpy().ravel(), ys)
    _fits_figure(data_points, grid.cpu().numpy().ravel(), fits, metrics, cfg, out, engine)
    _losses_figure(curves, metrics, cfg, out / "losses.png", engine)
    _animation(data_points, grid.cpu().numpy().ravel(), frames, curves, cfg, out, engine)
    _gaps_figure(metrics, cfg, out / "gaps.png", engine)
    return {**metrics, **curves}


def mnist_subset(torch, cfg: dict, device: str):
    """The first mnist_train training digits and mnist_test test digits as float32 pixels in
    [0, 1] (N, 784) and int64 labels, and where they came from. When the stand-in replaces
    MNIST, one line says so."""
    train, test = data.load_mnist_sets()
    found = []
    for digits, n in ((train, cfg["mnist_train"]), (test, cfg["mnist_test"])):
        images = digits.images[:n].reshape(-1, 28 * 28).astype(np.float32) / 255
        found.append((torch.tensor(images).to(device), torch.tensor(digits.labels[:n]).to(device)))
    source = train.source
    if train.source != "MNIST":
        source += " (the stand-in's 1437 training and 360 test digits at most)"
    return found[0], found[1], source


def _fits_figure(points, grid, fits, metrics, cfg, out, engine) -> None:
    x, y = points
    fig, axes = plot.figure(
        2, 2,
        title=f"1-{cfg['width']}-1 ReLU nets after {cfg['steps']} Adam steps on 80 points of "
              f"pure noise, y = 0·x + ε ({engine})",
        size=(12, 8),
    )  # fmt: skip
    for ax, setting in zip(axes.ravel(), SETTINGS):  # noqa: B905
        ax.scatter(x[:N_TRAIN], y[:N_TRAIN], s=14, color="tab:blue", label="train (first 80)")
        ax.scatter(x[N_TRAIN:], y[N_TRAIN:], s=14, color="tab:orange", label="test (last 20)")
        ax.axhline(0, color="gray", lw=1, ls=":", label="underlying y = 0")
        p, wd = regularization(setting, cfg)
        fit_label = f"fit (dropout {p:g}, weight decay {wd:g})"
        ax.plot(grid, fits[setting], color=COLORS[setting], lw=2, label=fit_label)
        ax.axvline(x[N_TRAIN - 1], color="gray", lw=0.8, alpha=0.5)
        plot.label(
            ax,
            xlabel="x",
            ylabel="y",
            title=f"{setting}: train MSE {metrics[f'noise final train loss {setting}']:.2e}, "
            f"test MSE {metrics[f'noise final test loss {setting}']:.2e}",
            legend="lower left",
        )
        ax.set_ylim(y.min() - 0.9 * np.ptp(y), y.max() + 0.3 * np.ptp(y))  # room for the legend
    plot.save(fig, out / "noise_fits.png")


def _losses_figure(curves, metrics, cfg, path, engine) -> None:
    fig, axes = plot.figure(
        1, 2, title=f"Train loss (solid) vs test loss (dashed), dropout off ({engine})",
        size=(13, 5.2),
    )  # fmt: skip
    panels = (
        (axes[0], "noise", f"1-{cfg['width']}-1 ReLU net, 80 noise points", "MSE"),
        (axes[1], "mnist", f"784-{cfg['mnist_width']}-10 ReLU net, {cfg['mnist_train']} "
                           "MNIST digits", "cross-entropy"),
    )  # fmt: skip
    for ax, part, name, loss in panels:
        for setting in SETTINGS:
            train = curves[f"{part} train loss {setting}"]
            test = curves[f"{part} test loss {setting}"]
            steps = np.arange(1, len(train) + 1)
            color = COLORS[setting]
            ax.plot(steps, train, color=color, lw=1.4, label=f"{setting} train")
            ax.plot(steps, test, color=color, lw=1.4, ls="--", label=f"{setting} test")
            best = metrics[f"{part} step of min test loss {setting}"]
            ax.plot(best, test[best - 1], "o", color=color, ms=6)
        ax.plot([], [], "o", color="gray", label="test minimum")
        ax.set_yscale("log")
        plot.label(ax, xlabel="Adam step", ylabel=f"{loss} (log scale)", title=name)
    plot.save(fig, path)


def _gaps_figure(metrics, cfg, path, engine) -> None:
    fig, axes = plot.figure(
        1, 2, title=f"The gap test loss - train loss at the end of training ({engine})",
        size=(12, 4.6),
    )  # fmt: skip
    for ax, part, name in (
        (axes[0], "noise", f"noise, 1-{cfg['width']}-1 net (MSE)"),
        (axes[1], "mnist", f"MNIST subset, 784-{cfg['mnist_width']}-10 net (cross-entropy)"),
    ):
        gaps = [metrics[f"{part} gap {s}"] for s in SETTINGS]
        bars = ax.bar(SETTINGS, gaps, color=[COLORS[s] for s in SETTINGS], alpha=0.8)
        ax.bar_label(bars, labels=[f"{g:.3g}" for g in gaps], fontsize=9)
        ax.axhline(0, color="gray", lw=0.8)
        plot.label(ax, xlabel="setting", ylabel="test loss - train loss", title=name)
    plot.save(fig, path)


def _animation(points, grid, frames, curves, cfg, out, engine) -> None:
    """noise_training.gif: the plain net's fit and the regularized one's as they train, beside
    their train and test losses so far."""
    x, y = points
    steps = sorted(frames["plain"])
    every = np.arange(1, cfg["steps"] + 1)
    series = {s: (curves[f"noise train loss {s}"], curves[f"noise test loss {s}"]) for s in frames}
    low = min(min(v) for pair in series.values() for v in pair)
    high = max(max(v) for pair in series.values() for v in pair)

    def draw(fig, i):
        step = steps[i]
        left, right = fig.subplots(1, 2)
        left.scatter(x[:N_TRAIN], y[:N_TRAIN], s=10, color="tab:blue", label="train")
        left.scatter(x[N_TRAIN:], y[N_TRAIN:], s=10, color="tab:orange", label="test")
        for setting, found in frames.items():
            name = "dropout + weight decay" if setting == "both" else setting
            left.plot(grid, found[step], color=COLORS[setting], lw=2, label=name)
        left.set_ylim(y.min() - 0.9 * np.ptp(y), y.max() + 0.3 * np.ptp(y))
        plot.label(left, xlabel="x", ylabel="y", title=f"the fits after {step} steps",
                   legend="lower left")  # fmt: skip
        for setting, (train, test) in series.items():
            color = COLORS[setting]
            right.plot(every[:step], train[:step], color=color, lw=1.2, label=f"{setting} train")
            right.plot(every[:step], test[:step], color=color, lw=1.2, ls="--",
                       label=f"{setting} test")  # fmt: skip
        right.set_xlim(0, cfg["steps"])
        right.set_ylim(low / 1.5, high * 1.5)
        right.set_yscale("log")
        plot.label(right, xlabel="Adam step", ylabel="MSE (log scale)", title="losses so far")
        fig.suptitle(f"1-{cfg['width']}-1 net on noise: plain vs dropout + weight decay ({engine})")
        fig.tight_layout()

    plot.animate(out / "noise_training.gif", draw, len(steps), size=(11, 4.4), ms_per_frame=250)
