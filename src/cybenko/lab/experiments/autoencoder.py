"""An autoencoder on MNIST and pre-training with it (seed 003, the PyTorch book's "06. 다층
퍼셉트론 실전 활용": 자기부호화기, 사전학습). The restored script's autoencoder

    784 -> Linear(784, 128) -> ReLU -> Linear(128, 32)      the encoder: a 32-number code
        -> Linear(32, 128) -> ReLU -> Linear(128, 784) -> Sigmoid      the decoder

learns with MSELoss to give back its input (Adam lr 0.001, mini-batches of 100 shuffled
images, 5 epochs, torch.manual_seed(1)), from the images alone, no labels. The notes then say
what it is for: pre-training a multilayer perceptron before its supervised training. So a
classifier, the encoder followed by Linear(32, 10), learns from only a few labelled digits
(full-batch Adam, CrossEntropyLoss), once starting from the pre-trained encoder (fine-tuning
all its weights) and once from scratch: the same net, the same head, the same steps, only the
encoder's starting weights differ. The digits come from `lab.data.load_mnist` (offline with
no copy, scikit-learn's 8x8 digits framed as 28x28, said in one printed line and the "data"
row).

What it shows: 32 numbers are enough to redraw a digit (reconstructions.png); the code space,
drawn in 2-D by PCA of the 32-D codes, groups the digits by class though no label was seen
(code_space.png: 0s on one side, 1s, 7s and 9s on the other); and the pre-training the notes
describe buys little for a net this shallow trained with ReLU and Adam (finetuning.png): the
fine-tuned net starts behind (its new head must learn to read codes made to redraw images, not
to tell digits apart) and ends within about two points of the same net from scratch, above
or below it depending on the seed.

The full run (`--engine both` at DEFAULTS: 60000 images, 5 epochs, 3000 steps; then 300
labels, 300 steps; 7 and 1 minutes on this busy 2-core machine, torch on one thread): test
MSE 0.00966 (cybenko) / 0.00968 (PyTorch), as the notes script's, against 0.0675 for the mean
image; the two PCA axes hold 26% of the codes' variance; with 300 labels the classifier
reaches 0.776 / 0.778 fine-tuned from the encoder and 0.790 from scratch. The autoencoder's
loss curves agree within 1e-4 for 1692 steps (at most 1.3e-4), the scratch classifier's
within 5e-7; the pre-trained classifier starts from weights that differ in their last bits,
its accuracy within 0.005. The quick run (10000 images, 3 epochs in batches of 50, 200
fine-tuning steps, 500 test digits): test MSE 0.0252, 0.784 fine-tuned and 0.756 from
scratch (seed 1; seeds 1 to 6 give -0.010 to +0.028 between them).
"""

from __future__ import annotations

import numpy as np

from .. import plot
from . import COUNT, RATE, SEED, Table, progress
from .cnn_mnist import mnist, mosaic, to_engine

TITLE = "Autoencoder on MNIST: reconstructions, the code space, pre-training a classifier"
DEFAULTS = {
    "seed": 1,
    "lr": 0.001,
    "epochs": 5,
    "batch_size": 100,
    "n_train": 60000,
    "n_test": 10000,
    "hidden": 128,
    "code": 32,
    "labels": 300,
    "finetune_steps": 300,
    "finetune_lr": 0.001,
}
QUICK = {"epochs": 3, "batch_size": 50, "n_train": 10000, "n_test": 500, "finetune_steps": 200}
RULES = {
    "seed": SEED,
    "lr": RATE,
    "epochs": COUNT,
    "batch_size": COUNT,
    "n_train": COUNT,
    "n_test": COUNT,
    "hidden": COUNT,
    "code": COUNT,
    "labels": COUNT,
    "finetune_steps": COUNT,
    "finetune_lr": RATE,
}


def autoencoder(torch, hidden: int, code: int):
    """The notes' autoencoder 784 -> hidden -> code -> hidden -> 784, built with `torch`."""
    nn, F = torch.nn, torch.nn.functional

    class AutoEncoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(784, hidden)
            self.fc2 = nn.Linear(hidden, code)
            self.fc3 = nn.Linear(code, hidden)
            self.fc4 = nn.Linear(hidden, 784)

        def encode(self, x):
            return self.fc2(F.relu(self.fc1(x)))

        def decode(self, z):
            return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

        def forward(self, x):
            return self.decode(self.encode(x))

    return AutoEncoder()


def classifier(torch, hidden: int, code: int):
    """The encoder's layers (named as the autoencoder's, so its weights load by name) and a
    head Linear(code, 10): log-probabilities of the ten digits."""
    nn, F = torch.nn, torch.nn.functional

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(784, hidden)
            self.fc2 = nn.Linear(hidden, code)
            self.head = nn.Linear(code, 10)

        def forward(self, x):
            return self.head(self.fc2(F.relu(self.fc1(x))))

    return Classifier()


def accuracy(torch, model, X, y: np.ndarray) -> float:
    with torch.no_grad():
        return float(np.mean(model(X).argmax(dim=1).cpu().numpy() == y))


def run(torch, cfg: dict, out) -> dict:
    device, engine = cfg["device"], torch.__name__
    arrays, source = mnist(cfg["n_train"], cfg["n_test"])
    train_x = to_engine(torch, arrays["train_x"].reshape(-1, 784), device)
    test_x = to_engine(torch, arrays["test_x"].reshape(-1, 784), device)
    test_y = arrays["test_y"]

    # 1. the autoencoder, from the images alone
    torch.manual_seed(cfg["seed"])
    model = autoencoder(torch, cfg["hidden"], cfg["code"]).to(device)
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(train_x), batch_size=cfg["batch_size"], shuffle=True
    )
    criterion = torch.nn.MSELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    losses, test_mse = [], []
    table = Table("epoch", "mean loss", "test MSE", width=14)
    for epoch in range(cfg["epochs"]):
        for (x,) in progress(loader, f"autoencoder epoch {epoch + 1}"):
            optimizer.zero_grad()
            loss = criterion(model(x), x)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        with torch.no_grad():
            test_mse.append(criterion(model(test_x), test_x).item())
        table.row(epoch + 1, float(np.mean(losses[-len(loader) :])), test_mse[-1])
    with torch.no_grad():
        reconstruction = model(test_x).cpu().numpy()
        codes = model.encode(test_x).cpu().numpy()
    mean_image = arrays["train_x"].reshape(-1, 784).mean(axis=0)
    baseline = float(np.mean((arrays["test_x"].reshape(-1, 784) - mean_image) ** 2))

    # 2. a classifier on a few labels: pre-trained encoder + fine-tuning vs from scratch
    n_labels = min(cfg["labels"], len(arrays["train_y"]))
    few_x = train_x[:n_labels]
    few_y = to_engine(torch, arrays["train_y"][:n_labels], device)
    nets = {}
    for name in ("pre-trained", "scratch"):
        torch.manual_seed(cfg["seed"])  # the same head (and, from scratch, encoder) for both
        nets[name] = classifier(torch, cfg["hidden"], cfg["code"]).to(device)
    with torch.no_grad():
        for layer in ("fc1", "fc2"):
            for p in ("weight", "bias"):
                getattr(getattr(nets["pre-trained"], layer), p).copy_(
                    getattr(getattr(model, layer), p)
                )
    ce = torch.nn.CrossEntropyLoss()
    curves = {}
    for name, net in nets.items():
        opt = torch.optim.Adam(net.parameters(), lr=cfg["finetune_lr"])
        accs, train_losses = [accuracy(torch, net, test_x, test_y)], []
        for _ in progress(range(cfg["finetune_steps"]), f"classifier {name}"):
            opt.zero_grad()
            loss = ce(net(few_x), few_y)
            loss.backward()
            opt.step()
            train_losses.append(loss.item())
            accs.append(accuracy(torch, net, test_x, test_y))
        curves[f"test accuracy {name}"] = accs
        curves[f"train loss {name}"] = train_losses
    print(
        f"{n_labels} labels, {cfg['finetune_steps']} steps: test accuracy "
        f"{curves['test accuracy pre-trained'][-1]:.4f} pre-trained + fine-tuned, "
        f"{curves['test accuracy scratch'][-1]:.4f} from scratch",
        flush=True,
    )

    projected, explained = pca_2d(codes)
    metrics = {
        "data": source,
        "train images": len(arrays["train_y"]),
        "test images": len(test_y),
        "test MSE": test_mse[-1],
        "test MSE of the mean image": baseline,
        "code PCA variance explained": explained,
        "labels": n_labels,
        "final accuracy pre-trained": curves["test accuracy pre-trained"][-1],
        "final accuracy scratch": curves["test accuracy scratch"][-1],
        "best accuracy pre-trained": max(curves["test accuracy pre-trained"]),
        "best accuracy scratch": max(curves["test accuracy scratch"]),
        "loss": losses,
        "test MSE per epoch": test_mse,
        **curves,
    }
    _reconstructions(arrays["test_x"], reconstruction, test_y, test_mse[-1], out, engine)
    _code_space(projected, test_y, cfg["code"], explained, out, engine)
    _training(losses, len(loader), curves, n_labels, cfg, out, engine)
    return metrics


def pca_2d(codes: np.ndarray) -> tuple[np.ndarray, float]:
    """The codes projected on their two principal axes, and the share of the codes' variance
    those two axes hold (a code of 2 is drawn as it is)."""
    centred = codes - codes.mean(axis=0)
    if codes.shape[1] <= 2:
        return np.pad(centred, ((0, 0), (0, 2 - codes.shape[1]))), 1.0
    _, s, vt = np.linalg.svd(centred.astype(np.float64), full_matrices=False)
    return centred @ vt[:2].T, float((s[:2] ** 2).sum() / (s**2).sum())


def _reconstructions(images, reconstruction, labels, mse, out, engine) -> None:
    """The first test image of each digit above its reconstruction."""
    picks = [int(np.flatnonzero(labels == d)[0]) for d in range(10) if np.any(labels == d)]
    rows = (
        ("original", images[picks]),
        ("reconstructed", reconstruction[picks].reshape(-1, 28, 28)),
    )
    fig, axes = plot.figure(
        2,
        1,
        title=f"Autoencoder: test digits and their reconstructions, test MSE {mse:.4f} ({engine})",
        size=(11, 3.6),
    )
    for ax, (name, shown) in zip(axes, rows):  # noqa: B905
        ax.imshow(mosaic(shown, len(picks), pad=2), cmap="gray_r", vmin=0, vmax=1)
        ax.set_xticks([k * 30 + 13.5 for k in range(len(picks))], [str(labels[i]) for i in picks])
        ax.set_yticks([])
        ax.set_ylabel(name, fontsize=10)
    plot.save(fig, out / "reconstructions.png")


def _code_space(projected, labels, code, explained, out, engine) -> None:
    what = "the 2-D code" if code <= 2 else f"the {code}-D code projected by PCA"
    fig, ax = plot.figure(
        title=f"Code space of the test digits: {what} ({engine})", size=(7.6, 6.4)
    )
    shown = slice(0, 3000)  # more points hide each other; the medians use them all
    for d in range(10):
        every = projected[labels == d]
        if len(every) == 0:
            continue
        pts = projected[shown][labels[shown] == d]
        ax.scatter(pts[:, 0], pts[:, 1], s=5, alpha=0.5, color=f"C{d}", label=str(d))
        cx, cy = np.median(every, axis=0)
        ax.text(
            cx,
            cy,
            str(d),
            fontsize=15,
            weight="bold",
            ha="center",
            va="center",
            color=f"C{d}",
            bbox={"boxstyle": "round", "fc": "white", "alpha": 0.8},
        )
    xlabel, ylabel = ("code 0", "code 1") if code <= 2 else ("principal axis 1", "principal axis 2")
    plot.label(ax, xlabel=xlabel, ylabel=ylabel, legend=False)
    ax.legend(title="digit", fontsize=8, markerscale=3, loc="center left", bbox_to_anchor=(1, 0.5))
    if code > 2:
        ax.set_title(f"the two axes hold {explained:.0%} of the codes' variance", fontsize=10)
    plot.save(fig, out / "code_space.png")


def _training(losses, steps_per_epoch, curves, n_labels, cfg, out, engine) -> None:
    fig, (ax0, ax1) = plot.figure(
        1, 2, title=f"Autoencoder pre-training, then a classifier ({engine})", size=(12.5, 4.6)
    )
    ax0.plot(losses, lw=1, color="C0", label=f"batch MSE (batch {cfg['batch_size']})")
    for epoch in range(1, cfg["epochs"]):
        ax0.axvline(epoch * steps_per_epoch, color="gray", ls=":", lw=1)
    ax0.set_yscale("log")
    plot.label(
        ax0,
        xlabel="step (mini-batch)",
        ylabel="reconstruction MSE (log scale)",
        title="1. the autoencoder learns from images alone (dotted: epochs)",
    )
    ax1.plot(
        curves["test accuracy pre-trained"],
        color="C3",
        lw=1.6,
        label="pre-trained encoder, fine-tuned",
    )
    ax1.plot(curves["test accuracy scratch"], color="C7", lw=1.6, label="from scratch")
    ax1.axhline(0.1, color="gray", ls=":", lw=1, label="chance (0.1)")
    ax1.set_ylim(0, 1)
    plot.label(
        ax1,
        xlabel="full-batch Adam step",
        ylabel="test accuracy",
        title=f"2. the same classifier from {n_labels} labelled digits",
        legend="lower right",
    )
    plot.save(fig, out / "finetuning.png")
