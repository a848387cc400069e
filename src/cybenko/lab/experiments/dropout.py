"""Dropout against overfitting, and what model.eval() switches off (모두를 위한 딥러닝 시즌 2,
lab 09-3: `torch.nn.Dropout(p=drop_prob)` after each hidden layer; "test 할 때는 dropout을 사용하지
않음": `model.eval()`).

The notes' net (`small_mnist`, 784-256-256-10 with Dropout(p) after each ReLU) learns the
first 500 MNIST training digits with full-batch Adam (lr 0.001, 200 epochs, float64) three
times, with p = 0, 0.2 and 0.5, each from the same weights (manual_seed 777). After every epoch
the net is put in eval mode and measured on those 500 digits and on 2000 test digits
(curves.png). Then the same 8 test digits go through each trained net 50 times in train mode
and 50 times in eval mode (spread.png: the probability given to the right digit, a dot a call).

Dropout draws its masks from the generator that manual_seed sets, and cybenko's Dropout draws
torch's masks from it, so cybenko and PyTorch train alike with dropout too: in the full run
(`--engine both`, defaults) every curve agrees to 1e-15. (With `--set dtype=float32` they part
after a few epochs: see `small_mnist`.)

What it shows (full run): without dropout the training loss falls to 6e-4 while the test loss,
after its low of 0.64 at epoch 30, climbs back to 0.87: the net has learnt the 500 digits by
heart. Dropout delays the low (epoch 43 with p = 0.2, 53 with 0.5), lowers it (0.60, 0.59) and
narrows the final gap between test and training loss (0.87 with p = 0, 0.81 with 0.2, 0.76
with 0.5); test accuracy 0.82, 0.83, 0.83. In train mode every call drops other units, so the
same digit gets a different answer each time (the right digit's probability varies by up to
0.74 with p = 0.2 and 0.90 with 0.5); model.eval() turns dropout off and the answers are
identical call after call. The quick run (300 digits, 784-128-128-10, lr 0.003, 60 epochs)
shows the same more sharply: gaps 1.27, 1.03, 0.84.
"""

from __future__ import annotations

import numpy as np

from .. import plot
from . import COUNT, RATE, SEED, Table, progress, small_mnist

TITLE = "Dropout p = 0, 0.2, 0.5 on 500 MNIST digits: the train-test gap, train vs eval mode"
DEFAULTS = {
    "seed": 777,
    "n_train": 500,
    "n_test": 2000,
    "hidden": 256,
    "epochs": 200,
    "lr": 0.001,
    "calls": 50,
    "images": 8,
    "dtype": "float64",
}
# Quick: a smaller net on fewer digits, at a higher rate so that it overfits within 60 epochs.
QUICK = {"n_train": 300, "n_test": 1000, "hidden": 128, "epochs": 60, "lr": 0.003}
RULES = {
    "seed": SEED,
    "n_train": COUNT,
    "n_test": COUNT,
    "hidden": COUNT,
    "epochs": COUNT,
    "lr": RATE,
    "calls": COUNT,
    "images": COUNT,
    "dtype": small_mnist.DTYPE,
}
PS = (0.0, 0.2, 0.5)
COLORS = {0.0: "tab:red", 0.2: "tab:purple", 0.5: "tab:green"}


def evaluate(torch, net, X, Y, loss_fn) -> tuple[float, float]:
    """(loss, accuracy) of `net` on (X, Y) in eval mode."""
    net.eval()
    with torch.no_grad():
        out = net(X)
        return loss_fn(out, Y).item(), (out.argmax(1) == Y).float().mean().item()


def train(torch, task, p: float, cfg: dict):
    """The net with Dropout(p) trained full batch; its curves, one value an epoch."""
    torch.manual_seed(cfg["seed"])
    net = small_mnist.mlp(torch, cfg["hidden"], p, cfg["device"], cfg["dtype"])
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    loss_fn = torch.nn.CrossEntropyLoss()
    curves = {"train loss": [], "test loss": [], "test accuracy": []}
    for _ in progress(range(cfg["epochs"]), f"p = {p}"):
        net.train()
        loss = loss_fn(net(task.X), task.Y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        train_loss, _ = evaluate(torch, net, task.X, task.Y, loss_fn)
        test_loss, accuracy = evaluate(torch, net, task.X_test, task.Y_test, loss_fn)
        curves["train loss"].append(train_loss)
        curves["test loss"].append(test_loss)
        curves["test accuracy"].append(accuracy)
    return net, curves


def answers(torch, net, X, Y, calls: int, train_mode: bool) -> np.ndarray:
    """The probability `net` gives each row's right digit, `calls` times: (calls, rows)."""
    net.train(train_mode)
    found = []
    with torch.no_grad():
        for _ in range(calls):
            probs = torch.softmax(net(X), dim=1)
            found.append(probs.gather(1, Y.reshape(-1, 1)).reshape(-1).cpu().numpy())
    net.eval()
    return np.array(found, dtype=np.float64)


def run(torch, cfg: dict, out) -> dict:
    engine = torch.__name__
    task = small_mnist.load(torch, cfg["n_train"], cfg["n_test"], cfg["device"], cfg["dtype"])
    metrics, curves, spreads = {"data": task.source}, {}, {}
    X, Y = task.X_test[: cfg["images"]], task.Y_test[: cfg["images"]]
    table = Table("p", "train loss", "test loss", "gap", "test acc", "train-mode sd", width=14)
    for p in PS:
        net, found = train(torch, task, p, cfg)
        for key, values in found.items():
            curves[f"{key} p={p}"] = values
        train_loss, test_loss = found["train loss"][-1], found["test loss"][-1]
        train_mode = answers(torch, net, X, Y, cfg["calls"], train_mode=True)
        eval_mode = answers(torch, net, X, Y, cfg["calls"], train_mode=False)
        spreads[p] = (train_mode, eval_mode)
        metrics |= {
            f"final train loss p={p}": train_loss,
            f"final test loss p={p}": test_loss,
            f"gap test - train loss p={p}": test_loss - train_loss,
            f"lowest test loss p={p}": min(found["test loss"]),
            f"epoch of lowest test loss p={p}": int(np.argmin(found["test loss"])),
            f"final test accuracy p={p}": found["test accuracy"][-1],
            f"train mode: largest change across calls p={p}": _change(train_mode),
            f"train mode: mean sd across calls p={p}": _sd(train_mode),
            f"eval mode: largest change across calls p={p}": _change(eval_mode),
        }
        table.row(p, train_loss, test_loss, test_loss - train_loss, found["test accuracy"][-1],
                  _sd(train_mode))  # fmt: skip

    _curves(curves, cfg, len(task.X), out / "curves.png", engine)
    _spread(spreads, cfg, out / "spread.png", engine)
    return {**metrics, **curves}


def _sd(calls: np.ndarray) -> float:
    """The standard deviation of each row's answers over the calls, averaged over the rows
    (taken from the first call's answers, so identical calls give exactly 0)."""
    return float((calls - calls[0]).std(axis=0).mean())


def _change(calls: np.ndarray) -> float:
    """The largest difference from the first call's answers over all calls and rows."""
    return float(np.abs(calls - calls[0]).max())


def _curves(curves, cfg, n_train, path, engine) -> None:
    fig, (left, right) = plot.figure(
        1, 2, title=f"784-{cfg['hidden']}-{cfg['hidden']}-10 net on {n_train} digits, "
        f"Adam lr {cfg['lr']:g}, full batch ({engine})", size=(13, 4.8),
    )  # fmt: skip
    for p in PS:
        color = COLORS[p]
        left.plot(curves[f"train loss p={p}"], "--", color=color, lw=1.3, label=f"train, p={p}")
        left.plot(curves[f"test loss p={p}"], "-", color=color, lw=1.5, label=f"test, p={p}")
        right.plot(curves[f"test accuracy p={p}"], color=color, lw=1.4, label=f"p={p}")
    left.set_yscale("log")
    plot.label(left, xlabel="epoch", ylabel="cross-entropy loss (eval mode, log scale)",
               title="train (dashed) and test (solid) loss")  # fmt: skip
    plot.label(right, xlabel="epoch", ylabel="test accuracy", title="test accuracy",
               legend="lower right")  # fmt: skip
    plot.save(fig, path)


def _spread(spreads, cfg, path, engine) -> None:
    """A panel per p: each test digit's answers in train mode (dots, jittered sideways) and
    in eval mode (a black bar: all calls the same)."""
    fig, axes = plot.figure(
        1, len(PS), title=f"The same {cfg['images']} test digits, {cfg['calls']} calls in train "
        f"mode and in eval mode ({engine})", size=(5.2 * len(PS), 4.6),
    )  # fmt: skip
    jitter = np.random.default_rng(0).uniform(-0.25, 0.25, cfg["calls"])  # drawing only
    for ax, p in zip(axes, PS, strict=True):
        train_mode, eval_mode = spreads[p]
        for j in range(train_mode.shape[1]):
            ax.scatter(j + jitter, train_mode[:, j], s=9, alpha=0.45, color=COLORS[p],
                       label="train mode" if j == 0 else None)  # fmt: skip
            ax.hlines(eval_mode[:, j], j - 0.35, j + 0.35, color="k", lw=2,
                      label="eval mode" if j == 0 else None)  # fmt: skip
        ax.set_ylim(-0.03, 1.03)
        ax.set_xticks(range(train_mode.shape[1]))
        sd = _sd(train_mode)
        plot.label(ax, xlabel="test digit", ylabel="P(right digit)", legend="lower left",
                   title=f"p={p}: train-mode sd {sd:.3f}, eval-mode change "
                   f"{_change(eval_mode):.0e}")  # fmt: skip
    plot.save(fig, path)
