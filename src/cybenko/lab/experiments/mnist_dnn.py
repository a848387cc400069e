"""MNIST with a deep net (기계학습 특강 6주차, 예제3 and the ds/dl section): telling 3 from 7
and 0 from 1 with the notes' 784-32-1 net, Linear(784, 32) -> ReLU -> Linear(32, 1) -> Sigmoid,
trained full-batch with BCELoss and Adam (lr 0.001) on the training images of the two digits
(pixels / 255, the first digit labelled 0, the second 1), then scored on MNIST's test images of
the two digits, which it never saw. Each net starts from torch.manual_seed(43052), as the notes.
(The notes' 3-vs-7 listing has 30 hidden units on raw pixels; here both pairs share the net of
their ds/dl section and its scaled pixels.) MNIST comes through `lab.data.load_mnist()`: offline
with no copy, scikit-learn's 8x8 digits blown up to 28x28 stand in, said in one printed line
and in the summary's "data" row.

What it shows: one hidden layer of 32 ReLUs already tells two digits apart on test images it
never saw almost as well as on its training images, and 0 vs 1 is easier than 3 vs 7. The test
digits it gets wrong are mostly odd handwriting: crossed 7s, 3s with a flat top like a 7's bar.
In the first layer's weight maps, nodes that vote for 7 (w2 > 0) and for 3 (w2 < 0) show roughly
opposite patterns; the border pixels, blank in every image, get no gradient and keep their faint
random start, and in the full 3-vs-7 run one node (22) barely moves from its start at all.

A full run (`--engine both`, DEFAULTS, MNIST: 12396 and 12665 training images, 2038 and 2115
test images): 3 vs 7 after 200 steps train accuracy 0.9894, test 0.9843 (32 test digits wrong),
BCE 0.0363; 0 vs 1 after 70 steps train 0.9981, test 0.9995 (1 wrong, a 0 with a stray dot),
BCE 0.0186. cybenko's and PyTorch's numbers are the same and their loss curves at most 1.2e-7
apart. It took 249 s on cybenko and 121 s on torch on the 2-core machine under a load of 11-15
(its quick form: about 4 s of CPU on each engine).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import data, plot
from . import COUNT, RATE, SEED, Table, progress

TITLE = "MNIST 3 vs 7 and 0 vs 1 with the notes' 784-32-1 net: accuracy, mistakes, weight maps"
DEFAULTS = {
    "seed": 43052,
    "lr": 0.001,
    "hidden": 32,
    "epochs_3v7": 200,
    "epochs_0v1": 70,
    "train_per_digit": 7000,  # more than any digit has: every training image
    "log_every": 50,
    "max_shown": 40,
}
QUICK = {"epochs_3v7": 40, "epochs_0v1": 20, "train_per_digit": 500, "log_every": 20}
RULES = {
    "seed": SEED,
    "lr": RATE,
    "hidden": COUNT,
    "epochs_3v7": COUNT,
    "epochs_0v1": COUNT,
    "train_per_digit": COUNT,
    "log_every": COUNT,
    "max_shown": COUNT,
}
PAIRS = ((3, 7), (0, 1))


class Pair(NamedTuple):
    """Two digits as a binary problem, float32 numpy: X (n, 784) in [0, 1], y (n, 1) 0 for the
    first digit and 1 for the second; the test set likewise, with its images for drawing."""

    digits: tuple[int, int]
    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    images_test: np.ndarray


def pair(train: data.Digits, test: data.Digits, digits, per_digit: int) -> Pair:
    """The images of `digits` (a, b), a's first and then b's, as the notes stack them; at most
    `per_digit` training images of each digit (the first ones), every test image."""

    def take(d: data.Digits, limit: int | None):
        parts = [d.images[d.labels == k][:limit] for k in digits]
        X = np.concatenate(parts).reshape(-1, 28 * 28).astype(np.float32) / 255
        y = np.concatenate([np.full(len(p), float(i), np.float32) for i, p in enumerate(parts)])
        return X, y.reshape(-1, 1), np.concatenate(parts)

    X, y, _ = take(train, per_digit)
    X_test, y_test, images = take(test, None)
    return Pair(tuple(digits), X, y, X_test, y_test, images)


def net_784(torch, hidden: int, device: str):
    """The notes' Linear(784, hidden) -> ReLU -> Linear(hidden, 1) -> Sigmoid."""
    return torch.nn.Sequential(
        torch.nn.Linear(784, hidden),
        torch.nn.ReLU(),
        torch.nn.Linear(hidden, 1),
        torch.nn.Sigmoid(),
    ).to(device)


def accuracy(torch, net, X, y) -> float:
    with torch.no_grad():
        return ((net(X) > 0.5).float() == y).float().mean().item()


def run(torch, cfg: dict, out) -> dict:
    device, engine = cfg["device"], torch.__name__
    train, test = data.load_mnist_sets()
    metrics: dict = {"data": train.source}
    curves: dict = {}
    table = Table("pair", "step", "train BCE", "test BCE")
    for digits in PAIRS:
        a, b = digits
        tag = f"{a} vs {b}"
        p = pair(train, test, digits, cfg["train_per_digit"])
        X, y, X_test, y_test = (
            torch.tensor(v, device=device) for v in (p.X, p.y, p.X_test, p.y_test)
        )
        torch.manual_seed(cfg["seed"])
        net = net_784(torch, cfg["hidden"], device)
        loss_fn = torch.nn.BCELoss()
        optimizer = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
        steps = cfg[f"epochs_{a}v{b}"]
        losses, test_losses = [], []
        for step in progress(range(steps), tag):
            loss = loss_fn(net(X), y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            with torch.no_grad():  # the test loss at the weights the step started from
                test_losses.append(loss_fn(net(X_test), y_test).item())
            if step % cfg["log_every"] == 0 or step == steps - 1:
                table.row(tag, step, losses[-1], test_losses[-1])
        with torch.no_grad():
            p_test = net(X_test).cpu().numpy().ravel()
            weights = net[0].weight.detach().cpu().numpy()
            w_out = net[2].weight.detach().cpu().numpy().ravel()
        wrong = np.flatnonzero((p_test > 0.5) != (p.y_test.ravel() > 0.5))
        metrics[f"train images {tag}"] = len(p.y)
        metrics[f"test images {tag}"] = len(p.y_test)
        metrics[f"train accuracy {tag}"] = accuracy(torch, net, X, y)
        metrics[f"test accuracy {tag}"] = accuracy(torch, net, X_test, y_test)
        metrics[f"misclassified test digits {tag}"] = len(wrong)
        metrics[f"final train BCE {tag}"] = losses[-1]
        curves[f"loss {tag}"] = losses
        curves[f"test loss {tag}"] = test_losses
        name = f"{a}v{b}"
        _mistakes(p, p_test, wrong, cfg["max_shown"], out / f"misclassified_{name}.png", engine)
        _weight_maps(weights, w_out, digits, out / f"weights_{name}.png", engine)
        _predictions(p, p_test, metrics, out / f"predictions_{name}.png", engine)
    _losses(curves, out / "loss.png", engine)
    return {**metrics, **curves}


def mosaic(tiles: np.ndarray, cols: int, gap: int = 7) -> np.ndarray:
    """Tiles (n, h, w) laid out in rows of `cols`, `gap` NaN pixels apart (drawn blank): one
    image for one imshow, far quicker to draw than a panel per tile."""
    n, h, w = tiles.shape
    rows = -(-n // cols)
    grid = np.full((rows * (h + gap) + gap, cols * (w + gap) + gap), np.nan)
    for k, tile in enumerate(tiles):
        r, c = divmod(k, cols)
        grid[gap + r * (h + gap) : gap + r * (h + gap) + h, gap + c * (w + gap) :][:, :w] = tile
    return grid


def _tile_labels(ax, labels, cols: int, size: int = 28, gap: int = 7, fontsize: float = 7):
    """Each label above its tile of a `mosaic`."""
    for k, text in enumerate(labels):
        r, c = divmod(k, cols)
        x = gap + c * (size + gap) + size / 2 - 0.5
        ax.text(x, gap + r * (size + gap) - 1.2, text, ha="center", va="bottom", fontsize=fontsize)


def _mistakes(p: Pair, p_test, wrong, max_shown: int, path, engine) -> None:
    """The misclassified test digits, each labelled with its true digit and the net's
    probability of the second digit."""
    a, b = p.digits
    shown = wrong[:max_shown]
    cols = max(1, min(10, len(shown)))
    rows = max(1, -(-len(shown) // cols))
    more = f", the first {len(shown)} shown" if len(shown) < len(wrong) else ""
    fig, ax = plot.figure(
        title=f"{a} vs {b}: {len(wrong)} of {len(p.y_test)} test digits misclassified{more} "
        f"({engine})",
        size=(max(6.0, 1.1 * cols + 0.6), 1.25 * rows + 1.0),
    )
    ax.set_axis_off()
    if not len(shown):
        ax.text(0.5, 0.5, "none", ha="center", va="center", fontsize=14, transform=ax.transAxes)
    else:
        truth = np.where(p.y_test[shown, 0] > 0.5, b, a)
        ax.imshow(mosaic(p.images_test[shown].astype(float), cols), cmap="gray_r", vmin=0,
                  vmax=255)  # fmt: skip
        labels = [f"true {t}, P({b}) {q:.2f}" for t, q in zip(truth, p_test[shown])]  # noqa: B905
        _tile_labels(ax, labels, cols, fontsize=6.5)
    plot.save(fig, path)


def _weight_maps(weights, w_out, digits, path, engine) -> None:
    """The first layer's weight rows as 28 x 28 maps on one shared colour scale, each labelled
    with the weight that carries its node to the output (positive: votes for the second
    digit)."""
    a, b = digits
    n = len(weights)
    cols = min(8, n)
    rows = -(-n // cols)
    fig, ax = plot.figure(
        title=f"{a} vs {b}: the first layer's {n} weight maps; w2 > 0 votes for {b} ({engine})",
        size=(1.3 * cols + 1.6, 1.25 * rows + 1.2),
    )
    ax.set_axis_off()
    limit = float(np.abs(weights).max()) or 1.0
    image = ax.imshow(
        mosaic(weights.reshape(n, 28, 28), cols), cmap="RdBu_r", vmin=-limit, vmax=limit
    )
    _tile_labels(ax, [f"node {j}: w2 {w:+.2f}" for j, w in enumerate(w_out)], cols)
    fig.colorbar(image, ax=ax, shrink=0.8, label="first-layer weight (red > 0, blue < 0)")
    plot.save(fig, path)


def _predictions(p: Pair, p_test, metrics, path, engine) -> None:
    """The notes' picture: the labels and the net's outputs over the test images."""
    a, b = p.digits
    tag = f"{a} vs {b}"
    fig, ax = plot.figure(
        title=f"{tag}: the net's output on the test images, test accuracy "
        f"{metrics[f'test accuracy {tag}']:.4f} ({engine})",
        size=(8, 4.4),
    )
    index = np.arange(len(p_test))
    ax.plot(index, p.y_test.ravel(), "o", ms=4, label=f"y (0 = {a}, 1 = {b})")
    ax.plot(index, p_test, ".", alpha=0.25, color="C1", label="ŷ = P(y = 1)")
    ax.axhline(0.5, color="gray", ls=":", lw=1, label="0.5 threshold")
    plot.label(ax, xlabel="test image (the first digit's, then the second's)", ylabel="y, ŷ",
               legend="center right")  # fmt: skip
    plot.save(fig, path)


def _losses(curves, path, engine) -> None:
    fig, axes = plot.figure(1, 2, title=f"BCE loss, full-batch Adam ({engine})", size=(12, 4.4))
    for ax, (a, b) in zip(axes, PAIRS):  # noqa: B905
        tag = f"{a} vs {b}"
        ax.plot(curves[f"loss {tag}"], lw=1.5, label="train")
        ax.plot(curves[f"test loss {tag}"], lw=1.5, ls="--", label="test")
        ax.set_yscale("log")
        plot.label(ax, xlabel="step (= epoch: full batch)", ylabel="BCE (log scale)", title=tag)
    plot.save(fig, path)
