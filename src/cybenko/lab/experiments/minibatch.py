"""Full batch or mini-batches (기계학습 특강 6주차, 확률적경사하강법, 배치, 에폭 and
"ds, dl을 이용한 MNIST 구현"): the notes' 784-32-1 net learns MNIST's 0 vs 1 (12665 training
images, pixels / 255) once with every image in every step (70 epochs, as the notes'
"미니배치 안쓰는 학습") and once per batch size with torch.utils.data.TensorDataset and
DataLoader(batch_size, shuffle=True), one step per mini-batch (10 epochs, as the notes'
"미니배치 쓰는 학습"; the notes do not shuffle). Every run starts from torch.manual_seed(43052)
and uses Adam at lr 0.001 (`--set optimizer=sgd` for plain SGD). After each epoch the loss on
the whole training set is measured outside the clock, which counts the training alone, on each
engine its own.

What it shows: an epoch of mini-batches takes one step per batch, so per epoch the smaller the
batch, the lower the loss: ten epochs of batches of 32 end a hundred times below seventy
full-batch epochs, and the seventy steps of batch 2048 land where the seventy full-batch steps
do, each on a sixth of the data. Per second the ranking changes: a small batch pays a step's
fixed cost (collating the batch, the layers' calls, the optimizer's update) hundreds of times
per epoch, so batch 256 gets low about as fast as batch 32. DataLoader shuffles with torch's
generator, so cybenko and PyTorch shuffle alike and their loss curves agree.

A full run (`--engine both`, DEFAULTS, MNIST), training BCE and test accuracy: 70 full-batch
epochs (70 steps) 0.0182, 0.9995; 10 epochs of batch 2048 (70 steps) 0.0187, 0.9995; batch 256
(500 steps) 0.00236, 0.9995; batch 32 (3960 steps) 0.000168, 0.9995. cybenko's and PyTorch's
numbers are the same, their loss curves at most 6e-8 apart. Seconds of training (full, 2048,
256, 32) on the 2-core machine under a load of 10-15, so only roughly comparable: cybenko 52,
12, 29, 179; torch 14, 16, 46, 299 (its quick form: about 3 s of CPU on each engine).
"""

from __future__ import annotations

import time

import numpy as np

from .. import data, plot
from . import COUNT, COUNTS, RATE, SEED, Rule, Table, progress
from .mnist_dnn import accuracy, net_784, pair

OPTIMIZERS = ("adam", "sgd")

TITLE = "Full batch vs mini-batches (TensorDataset, DataLoader shuffle): loss per epoch, per second"
DEFAULTS = {
    "seed": 43052,
    "lr": 0.001,
    "optimizer": "adam",
    "hidden": 32,
    "batch_sizes": [2048, 256, 32],
    "epochs": 10,
    "epochs_full": 70,
    "train_per_digit": 7000,  # more than any digit has: every training image
}
QUICK = {"batch_sizes": [256, 32], "epochs": 3, "epochs_full": 20, "train_per_digit": 500}
RULES = {
    "seed": SEED,
    "lr": RATE,
    "optimizer": Rule(" or ".join(OPTIMIZERS), lambda v: v in OPTIMIZERS),
    "hidden": COUNT,
    "batch_sizes": COUNTS,
    "epochs": COUNT,
    "epochs_full": COUNT,
    "train_per_digit": COUNT,
}
DIGITS = (0, 1)
FULL = "full batch"


def train(torch, cfg, X, y, batch_size: int | None, name: str, table):
    """One net from the seed, trained for cfg's epochs: full batch when `batch_size` is None,
    else on shuffled mini-batches. Returns the net, the training-set loss before training and
    after each epoch, the seconds of training up to each of those points, and the steps."""
    torch.manual_seed(cfg["seed"])
    net = net_784(torch, cfg["hidden"], cfg["device"])
    kind = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}[cfg["optimizer"]]
    optimizer = kind(net.parameters(), lr=cfg["lr"])
    loss_fn = torch.nn.BCELoss()
    if batch_size is None:
        batches, epochs = [(X, y)], cfg["epochs_full"]
    else:
        dataset = torch.utils.data.TensorDataset(X, y)
        batches = torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True)
        epochs = cfg["epochs"]

    def whole_loss() -> float:
        with torch.no_grad():
            return loss_fn(net(X), y).item()

    losses, seconds, clock, steps = [whole_loss()], [0.0], 0.0, 0
    for epoch in progress(range(epochs), name):
        start = time.perf_counter()
        for xx, yy in batches:  # a new shuffle each epoch
            loss = loss_fn(net(xx), yy)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            steps += 1
        clock += time.perf_counter() - start
        losses.append(whole_loss())
        seconds.append(clock)
        table.row(name, epoch + 1, steps, losses[-1], clock)
    return net, losses, seconds, steps


def run(torch, cfg: dict, out) -> dict:
    device, engine = cfg["device"], torch.__name__
    train_set, test_set = data.load_mnist_sets()
    p = pair(train_set, test_set, DIGITS, cfg["train_per_digit"])
    X, y, X_test, y_test = (torch.tensor(v, device=device) for v in (p.X, p.y, p.X_test, p.y_test))
    metrics: dict = {"data": train_set.source, "train images": len(p.y)}
    curves: dict = {}
    runs = {FULL: None, **{f"batch {b}": b for b in cfg["batch_sizes"]}}
    table = Table("run", "epoch", "steps", "train BCE", "seconds", width=14)
    for name, batch_size in runs.items():
        net, losses, seconds, steps = train(torch, cfg, X, y, batch_size, name, table)
        metrics[f"final loss {name}"] = losses[-1]
        metrics[f"steps {name}"] = steps
        metrics[f"train accuracy {name}"] = accuracy(torch, net, X, y)
        metrics[f"test accuracy {name}"] = accuracy(torch, net, X_test, y_test)
        metrics[f"training seconds {name}"] = round(seconds[-1], 3)
        curves[f"loss {name}"] = losses
        curves[f"seconds {name}"] = seconds
    _figure(curves, runs, cfg, len(p.y), out / "loss.png", engine)
    return {**metrics, **curves}


def _figure(curves, runs, cfg, n: int, path, engine) -> None:
    fig, (by_epoch, by_second) = plot.figure(
        1,
        2,
        title=f"0 vs 1, {n} training images: full batch vs mini-batches, "
        f"{cfg['optimizer']} lr {cfg['lr']:g} ({engine})",
        size=(13, 4.8),
    )
    for k, name in enumerate(runs):
        losses = np.asarray(curves[f"loss {name}"])
        style = {"color": "k", "lw": 2.0} if name == FULL else {"color": f"C{k - 1}", "lw": 1.5}
        marker = {} if name == FULL else {"marker": "o", "ms": 3.5}
        by_epoch.plot(np.arange(len(losses)), losses, label=name, **style, **marker)
        by_second.plot(curves[f"seconds {name}"], losses, label=name, **style, **marker)
    for ax in (by_epoch, by_second):
        ax.set_yscale("log")
    plot.label(by_epoch, xlabel="epoch (one pass over the training images)",
               ylabel="training BCE (log scale)", title="loss against epochs")  # fmt: skip
    plot.label(by_second, xlabel=f"seconds of training on {engine}",
               ylabel="training BCE (log scale)", title="loss against wall time")  # fmt: skip
    plot.save(fig, path)
