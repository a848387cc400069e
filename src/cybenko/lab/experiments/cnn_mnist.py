"""A convolutional network on MNIST (seed 003, the PyTorch book's "07. 합성곱 신경망 실전 활용"):
the notes' forward

    x = max_pool2d(relu(conv1(x)), 2)    # Conv2d(1, 6, 5):  28 -> 24, pooled -> 12
    x = max_pool2d(relu(conv2(x)), 2)    # Conv2d(6, 16, 5): 12 -> 8,  pooled -> 4
    x = relu(fc1(x.view(-1, 256)))       # Linear(256, 64)
    return log_softmax(fc2(x))           # Linear(64, 10)

trained with CrossEntropyLoss and Adam (lr 0.001) on mini-batches of 100 shuffled images for
3 epochs, torch.manual_seed(3) before the net is built, as the restored script
examples/notes/seed_003_pytorch_book.py. The digits come from `lab.data.load_mnist` (the course
files; offline with none, scikit-learn's 8x8 digits framed as 28x28, said in one printed line
and the summary's "data" row).

What it shows: about 20 thousand weights, most of them shared 5x5 filters, read 98% of
MNIST's test digits after 3 epochs. The first layer's six filters become stroke and edge
detectors (feature_maps.png shows which parts of one digit each lights up, and how pooling
halves the maps), and the confusion matrix shows that the mistakes left are between digits
that look alike (7 read as 2, 9 as 5 or 4, 6 as 0, 3 and 5).

The full run (`--engine both` at DEFAULTS: 60000 images, 3 epochs, 1800 steps; 10 and 12
minutes on this busy 2-core machine, torch on one thread): test accuracy 0.9815 (cybenko) /
0.9819 (PyTorch), as the notes script's; 7 read as 2 is the commonest mistake (16 / 14 of
10000). The loss curves agree within 1e-4 for 217 steps, then float32 rounding parts them
(at most 0.0074). The quick run (2000 images, 2 epochs in batches of 40, lr 0.002): test
accuracy 0.876 on 500 test digits on both engines, loss curves within 5e-7.
"""

from __future__ import annotations

import numpy as np

from .. import data, plot
from . import COUNT, RATE, SEED, Table, progress

TITLE = "CNN on MNIST (conv 1->6->16 5x5): accuracy, filters, feature maps, confusion matrix"
DEFAULTS = {
    "seed": 3,
    "lr": 0.001,
    "epochs": 3,
    "batch_size": 100,
    "n_train": 60000,
    "n_test": 10000,
}
# The quick run: 2000 images, 2 epochs in batches of 40 at lr 0.002 (100 Adam steps; the notes'
# batches of 100 at lr 0.001 would give 40 steps, too few to leave the first plateau), ~3 s of
# training per engine on one core, 84% to 90% of the first 500 test digits (seeds 1, 2, 3, 5).
# Batches of 20 would learn more per image, but from step ~70 float32 rounding grows until the
# engines' loss curves part by 1e-2: Adam amplifies the last bits of tiny gradients.
QUICK = {"epochs": 2, "batch_size": 40, "lr": 0.002, "n_train": 2000, "n_test": 500}
RULES = {
    "seed": SEED,
    "lr": RATE,
    "epochs": COUNT,
    "batch_size": COUNT,
    "n_train": COUNT,
    "n_test": COUNT,
}


def mnist(n_train: int, n_test: int) -> tuple[dict[str, np.ndarray], str]:
    """The first n_train training and n_test test digits of `lab.data.load_mnist_sets` (all of
    them where fewer exist) as float32 images in [0, 1] shaped (N, 28, 28) and int64 labels:
    {"train_x", "train_y", "test_x", "test_y"}, and where they came from."""
    train, test = data.load_mnist_sets()
    arrays = {
        "train_x": train.images[:n_train].astype(np.float32) / 255,
        "train_y": train.labels[:n_train],
        "test_x": test.images[:n_test].astype(np.float32) / 255,
        "test_y": test.labels[:n_test],
    }
    return arrays, train.source


def to_engine(torch, array: np.ndarray, device: str):
    """A NumPy array as a tensor of the engine, on `device`."""
    return torch.from_numpy(np.ascontiguousarray(array)).to(device)


def cnn(torch):
    """The notes' CNN, built with `torch` (cybenko or PyTorch)."""
    nn, F = torch.nn, torch.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 6, 5)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.fc1 = nn.Linear(256, 64)
            self.fc2 = nn.Linear(64, 10)

        def features(self, x):
            """The maps a digit goes through: conv1 (ReLU), pooled, conv2 (ReLU), pooled."""
            a1 = F.relu(self.conv1(x))
            p1 = F.max_pool2d(a1, 2)
            a2 = F.relu(self.conv2(p1))
            return a1, p1, a2, F.max_pool2d(a2, 2)

        def forward(self, x):
            x = self.features(x)[-1].view(-1, 256)
            x = F.relu(self.fc1(x))
            return F.log_softmax(self.fc2(x), dim=1)  # the book omits dim; 1 is what it meant

    return Net()


def predict(torch, model, X, batch: int = 1000) -> np.ndarray:
    """The model's digit for each image of X, in batches (no graph kept)."""
    n = len(X)
    with torch.no_grad():
        parts = [model(X[i : i + batch]).argmax(dim=1).cpu().numpy() for i in range(0, n, batch)]
    return np.concatenate(parts)


def run(torch, cfg: dict, out) -> dict:
    device = cfg["device"]
    arrays, source = mnist(cfg["n_train"], cfg["n_test"])
    train_x = to_engine(torch, arrays["train_x"][:, None], device)
    train_y = to_engine(torch, arrays["train_y"], device)
    test_x = to_engine(torch, arrays["test_x"][:, None], device)
    test_y = arrays["test_y"]

    torch.manual_seed(cfg["seed"])  # the net, then the loader's shuffles, from one seed
    model = cnn(torch).to(device)
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(train_x, train_y),
        batch_size=cfg["batch_size"],
        shuffle=True,
    )
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    losses, accuracies = [], [float(np.mean(predict(torch, model, test_x) == test_y))]
    table = Table("epoch", "mean loss", "test accuracy", width=16)
    for epoch in range(cfg["epochs"]):
        model.train()
        for x, y in progress(loader, f"cnn epoch {epoch + 1}"):
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        model.eval()
        accuracies.append(float(np.mean(predict(torch, model, test_x) == test_y)))
        table.row(epoch + 1, float(np.mean(losses[-len(loader) :])), accuracies[-1])

    predicted = predict(torch, model, test_x)
    confusion = np.zeros((10, 10), dtype=np.int64)
    np.add.at(confusion, (test_y, predicted), 1)
    off = confusion - np.diag(np.diag(confusion))
    true, guess = np.unravel_index(np.argmax(off), off.shape)
    engine = torch.__name__
    metrics = {
        "data": source,
        "train images": len(arrays["train_y"]),
        "test images": len(test_y),
        "test accuracy": accuracies[-1],
        "final loss": losses[-1],
        "most confused": f"{true} read as {guess} ({off[true, guess]} times)",
        "parameters": sum(p.numel() for p in model.parameters()),
        "loss": losses,
        "test accuracy per epoch": accuracies,  # before training, then after each epoch
    }
    _loss_figure(losses, accuracies, len(loader), cfg, out / "loss.png", engine)
    _filters_figure(model, out / "filters.png", engine)
    _feature_maps_figure(torch, model, test_x[:1], test_y[0], out, engine)  # the first digit
    _confusion_figure(confusion, metrics["test accuracy"], out / "confusion_matrix.png", engine)
    _predictions_figure(arrays["test_x"], test_y, predicted, out / "predictions.png", engine)
    return metrics


def _loss_figure(losses, accuracies, steps_per_epoch, cfg, path, engine) -> None:
    fig, (ax0, ax1) = plot.figure(1, 2, title=f"CNN on MNIST: training ({engine})", size=(12, 4.4))
    ax0.plot(losses, lw=0.8, color="C0", alpha=0.5, label=f"batch loss (batch {cfg['batch_size']})")
    window = max(1, steps_per_epoch // 10)
    if len(losses) > window:
        smooth = np.convolve(losses, np.ones(window) / window, mode="valid")
        ax0.plot(
            np.arange(window - 1, len(losses)),
            smooth,
            color="C0",
            lw=2,
            label=f"mean of {window} batches",
        )
    for epoch in range(1, len(accuracies) - 1):
        ax0.axvline(epoch * steps_per_epoch, color="gray", ls=":", lw=1)
    plot.label(
        ax0, xlabel="step (mini-batch)", ylabel="cross-entropy", title="loss (dotted: epochs)"
    )
    epochs = np.arange(len(accuracies))
    ax1.plot(epochs, accuracies, "o-", color="C2", label=f"{cfg['n_test']} test digits at most")
    ax1.axhline(0.1, color="gray", ls=":", lw=1, label="chance (0.1)")
    ax1.set_xticks(epochs)
    ax1.set_ylim(0, 1.0)
    plot.label(ax1, xlabel="epoch", ylabel="test accuracy", title="test accuracy after each epoch")
    plot.save(fig, path)


def mosaic(maps: np.ndarray, cols: int, pad: int = 1) -> np.ndarray:
    """Images of one size (N, h, w) tiled into one array, `cols` a row, NaN (blank) between
    them: one imshow instead of one axes per map, which keeps matplotlib quick."""
    n, h, w = maps.shape
    rows = -(-n // cols)
    tiled = np.full((rows * (h + pad) - pad, cols * (w + pad) - pad), np.nan)
    for k, image in enumerate(maps):
        r, c = divmod(k, cols)
        tiled[r * (h + pad) : r * (h + pad) + h, c * (w + pad) : c * (w + pad) + w] = image
    return tiled


def _bare(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


def _filters_figure(model, path, engine) -> None:
    """The six 5x5 filters of conv1, on one symmetric colour scale (red +, blue -)."""
    w = model.conv1.weight.detach().cpu().numpy()[:, 0]
    limit = np.abs(w).max()
    fig, ax = plot.figure(title=f"conv1's six learned 5x5 filters ({engine})", size=(10, 2.6))
    shown = ax.imshow(mosaic(w, len(w)), cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_xticks([k * 6 + 2 for k in range(len(w))], [f"filter {k}" for k in range(len(w))])
    ax.set_yticks([])
    fig.colorbar(shown, ax=ax, label="weight", shrink=0.9)
    plot.save(fig, path)


def _feature_maps_figure(torch, model, x, label, out, engine) -> None:
    """One digit through the net: conv1's 6 maps (24x24), pooled (12x12), conv2's 16 (8x8),
    each layer on its own colour scale."""
    with torch.no_grad():
        a1, p1, a2, _ = (t.cpu().numpy()[0] for t in model.features(x))
        guess = int(model(x).argmax(dim=1).cpu().numpy()[0])
    panels = (
        ("input 28x28", x.cpu().numpy()[0], 1, "gray_r"),
        ("conv1 + ReLU: 6 maps 24x24", a1, 3, "viridis"),
        ("max-pooled: 6 maps 12x12", p1, 3, "viridis"),
        ("conv2 + ReLU: 16 maps 8x8", a2, 4, "viridis"),
    )
    fig, axes = plot.figure(
        1,
        4,
        title=f"One test digit through the CNN: a {label}, read as {guess} ({engine})",
        size=(14, 4.2),
    )
    for ax, (name, maps, cols, cmap) in zip(axes, panels):  # noqa: B905
        ax.imshow(mosaic(maps, cols), cmap=cmap)
        ax.set_title(name, fontsize=11)
        _bare(ax)
    plot.save(fig, out / "feature_maps.png")


def _confusion_figure(confusion, accuracy, path, engine) -> None:
    fig, ax = plot.figure(
        title=f"Confusion matrix: test accuracy {accuracy:.4f} ({engine})", size=(7.4, 6.4)
    )
    shown = ax.imshow(np.log1p(confusion), cmap="Blues")
    threshold = np.log1p(confusion).max() / 2
    for i in range(10):
        for j in range(10):
            n = confusion[i, j]
            color = "white" if np.log1p(n) > threshold else "black"
            ax.text(j, i, str(n), ha="center", va="center", fontsize=8, color=color)
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    fig.colorbar(shown, ax=ax, label="log(1 + count)")
    plot.label(ax, xlabel="predicted digit", ylabel="true digit", legend=False)
    ax.grid(False)
    plot.save(fig, path)


def _predictions_figure(images, labels, predicted, path, engine) -> None:
    """Eight test digits the net got right above eight it got wrong, each with its answer."""
    picks = (
        ("right", np.flatnonzero(predicted == labels)[:8], "tab:green"),
        ("wrong", np.flatnonzero(predicted != labels)[:8], "tab:red"),
    )
    title = f"Test digits and the CNN's answers ({engine})"
    fig, axes = plot.figure(2, 1, title=title, size=(11, 3.8))
    for ax, (verdict, picked, color) in zip(axes, picks):  # noqa: B905
        _bare(ax)
        ax.set_ylabel(verdict, fontsize=11, color=color)
        if len(picked) == 0:
            ax.set_axis_off()
            continue
        ax.imshow(mosaic(images[picked], 8, pad=4), cmap="gray_r", vmin=0, vmax=1)
        ax.set_xlim(-0.5, 8 * 32 - 4 - 0.5)
        for c, i in enumerate(picked):
            ax.text(
                c * 32 + 14,
                -2,
                f"{labels[i]} read as {predicted[i]}",
                ha="center",
                va="bottom",
                fontsize=9,
                color=color,
            )
    plot.save(fig, path)
