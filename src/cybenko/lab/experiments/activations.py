"""Sigmoid, tanh, ReLU and leaky ReLU in a deep MNIST net (모두를 위한 딥러닝 시즌 2, 09-1 ReLU:
"the problem of the sigmoid: near its two ends the gradient is almost 0 (vanishing gradient)").

The net is the notes' MNIST classifier made deep: `layers` Linear layers 784 -> width -> ...
-> width -> 10 with the activation between them, PyTorch's default Linear initialisation,
CrossEntropyLoss, Adam lr 0.001, batches of 100 (the notes' lab 09 settings). The four nets
start from the same torch.manual_seed(seed), so they have the very same weights and differ by
their activation alone; they see the same batches in the same order (NumPy's generator, so
cybenko and PyTorch too). Data: MNIST through `lab.data.load_mnist` (offline with no copy,
scikit-learn's digits framed as MNIST: said in one printed line and the summary's "data" row).

The norm of each layer's weight gradient is measured on the first `probe_size` training images
at initialisation (grad_norms_init.png), then on every batch while training
(grad_norms_training.png, and grad_norms.gif: the bars moving as training goes).

What it shows: backpropagation multiplies the gradient by the activation's slope at every
layer. The sigmoid's slope is at most 1/4, so its gradient shrinks about 7x a layer: at
initialisation the first layer of the 9-layer net gets 2e-7 of the last layer's gradient and
3000 times less than under ReLU. The sigmoid net sits at ln 10 (guessing) for ~200 steps, until
Adam, which scales every step by the gradient's own size, pushes it off the plateau; tanh
(slope 1 at 0), ReLU and leaky ReLU (slope 1 where active) pass the gradient down nearly intact
and learn from the first steps.

A full run (`--engine both` at DEFAULTS: 9 layers of 256, 2 epochs of the 60000 MNIST images,
1200 steps a net; the notes train 15 epochs: `--set epochs=15`), cybenko / PyTorch:
  init gradient norm of layer 1: sigmoid 2.19e-7, tanh 0.0132, ReLU 6.75e-4, leaky 6.80e-4
  (ReLU / sigmoid: 3085); layer 1 / layer 9: sigmoid 2.1e-7, tanh 0.62, ReLU and leaky 0.051;
  the sigmoid's mean loss over 20 steps first drops below 2.2 at step 195;
  test accuracy: sigmoid 0.495 / 0.335, tanh 0.939 / 0.935, ReLU 0.964 / 0.951,
  leaky ReLU 0.959 / 0.962.
The engines draw the same weights (their gradient norms at initialisation agree to 1e-5) and
take the same steps until float32 rounding parts them: the ReLU nets after ~15 steps (a
pre-activation rounded across 0 flips a ReLU, and Adam turns rounding noise in a near-zero
gradient into a step of size lr; PyTorch's own float32 and float64 runs part about as soon), the
sigmoid net where it leaves its plateau (step ~218), tanh after ~430 steps. In float64 the two
engines agree to 1e-10 (tests/test_lab_activations.py).
"""

from __future__ import annotations

import numpy as np

from .. import data, plot
from . import COUNT, RATE, SEED, Table, progress, up_to

TITLE = "Sigmoid vs tanh vs ReLU vs leaky ReLU in a 9-layer MNIST net: the vanishing gradient"
DEFAULTS = {
    "seed": 777,
    "layers": 9,
    "width": 256,
    "lr": 0.001,
    "batch_size": 100,
    "epochs": 2,
    "train_size": 60000,
    "test_size": 10000,
    "probe_size": 1000,
    "negative_slope": 0.01,
    "frames": 24,
    "log_every": 200,
}
# Quick: a narrower net, 1400 images (the offline stand-in has 1437) for 10 epochs, 140 steps.
QUICK = {"width": 128, "train_size": 1400, "epochs": 10, "test_size": 2000, "frames": 8,
         "log_every": 50}  # fmt: skip
RULES = {
    "seed": SEED,
    "layers": COUNT,
    "width": COUNT,
    "lr": RATE,
    "batch_size": COUNT,
    "epochs": COUNT,
    "train_size": COUNT,
    "test_size": COUNT,
    "probe_size": COUNT,
    "negative_slope": up_to(1.0),
    "frames": COUNT,
    "log_every": COUNT,
}

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky relu")
COLORS = {
    "sigmoid": "tab:red",
    "tanh": "tab:purple",
    "relu": "tab:green",
    "leaky relu": "tab:olive",
}


def activation(torch, name: str, negative_slope: float = 0.01):
    """The module of activation `name` (one of ACTIVATIONS)."""
    if name == "leaky relu":
        return torch.nn.LeakyReLU(negative_slope)
    return {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[name]()


def deep_net(torch, layers: int, width: int, act):
    """`layers` Linear layers 784 -> width -> ... -> width -> 10, `act()` after each but the
    last (logits for CrossEntropyLoss)."""
    sizes = [784] + [width] * (layers - 1) + [10]
    modules = []
    for k, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):  # noqa: B905 - consecutive pairs
        modules.append(torch.nn.Linear(n_in, n_out))
        if k < layers - 1:
            modules.append(act())
    return torch.nn.Sequential(*modules)


def linears(net) -> list:
    return [m for m in net if hasattr(m, "weight")]


def mnist(cfg: dict) -> dict:
    """MNIST (or its offline stand-in) as float32 arrays in [0, 1]: "x" (n, 784) and "y" (n,)
    for the first train_size training and test_size test images, and "source"."""
    train, test = data.load_mnist_sets()
    n, m = min(cfg["train_size"], len(train.labels)), min(cfg["test_size"], len(test.labels))
    flat = lambda images: images.reshape(len(images), -1).astype(np.float32) / 255  # noqa: E731
    return {
        "x": flat(train.images[:n]), "y": train.labels[:n],
        "test x": flat(test.images[:m]), "test y": test.labels[:m],
        "source": f"{train.source} ({n} training, {m} test images)",
    }  # fmt: skip


def grad_norms(net) -> list[float]:
    """The Frobenius norm of each Linear layer's weight gradient, first layer first."""
    return [m.weight.grad.norm().item() for m in linears(net)]


def probe(torch, net, x, y, device) -> list[float]:
    """Each layer's weight-gradient norm of the mean loss on (x, y), leaving no gradient."""
    loss = torch.nn.functional.cross_entropy(
        net(torch.tensor(x, device=device)), torch.tensor(y, device=device)
    )
    loss.backward()
    found = grad_norms(net)
    net.zero_grad()
    return found


def train(torch, net, d: dict, cfg: dict, name: str, table: Table):
    """Adam on shuffled batches for cfg["epochs"] epochs (the order drawn by NumPy from the
    seed, the same for every net and engine). Returns the loss of each step and the
    (steps, layers) array of weight-gradient norms."""
    device, size = cfg["device"], cfg["batch_size"]
    optimizer = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    criterion = torch.nn.CrossEntropyLoss()
    order = np.random.default_rng(cfg["seed"])
    n = len(d["y"])
    batches = [
        idx[i : i + size]
        for idx in (order.permutation(n) for _ in range(cfg["epochs"]))
        for i in range(0, n, size)
    ]
    losses, norms = [], []
    for step, idx in enumerate(progress(batches, name)):
        xb = torch.tensor(d["x"][idx], device=device)
        yb = torch.tensor(d["y"][idx], device=device)
        optimizer.zero_grad()
        loss = criterion(net(xb), yb)
        loss.backward()
        norms.append(grad_norms(net))
        optimizer.step()
        losses.append(loss.item())
        if step % cfg["log_every"] == 0 or step == len(batches) - 1:
            table.row(name, step, losses[-1], norms[-1][0], norms[-1][-1])
    return losses, np.array(norms)


def accuracy(torch, net, x, y, device) -> float:
    with torch.no_grad():
        logits = net(torch.tensor(x, device=device))
    return float(np.mean(logits.argmax(1).cpu().numpy() == y))


def run(torch, cfg: dict, out) -> dict:
    device, engine, layers = cfg["device"], torch.__name__, cfg["layers"]
    d = mnist(cfg)
    metrics: dict = {"data": d["source"]}
    curves, at_init, during = {}, {}, {}
    table = Table("activation", "step", "loss", "grad 1st", "grad last", width=13)
    for name in ACTIVATIONS:
        torch.manual_seed(cfg["seed"])  # the same weights for every activation
        net = deep_net(
            torch, layers, cfg["width"], lambda n=name: activation(torch, n, cfg["negative_slope"])
        ).to(device)
        p = cfg["probe_size"]
        at_init[name] = probe(torch, net, d["x"][:p], d["y"][:p], device)
        losses, during[name] = train(torch, net, d, cfg, name, table)
        curves[f"loss {name}"] = losses
        curves[f"grad norm layer 1 {name}"] = during[name][:, 0].tolist()
        metrics[f"init grad norm layer 1 {name}"] = at_init[name][0]
        metrics[f"init grad norm layer {layers} {name}"] = at_init[name][-1]
        metrics[f"init grad layer 1 / layer {layers} {name}"] = at_init[name][0] / at_init[name][-1]
        metrics[f"final loss {name} (mean of the last 10 steps)"] = float(np.mean(losses[-10:]))
        metrics[f"test accuracy {name}"] = accuracy(torch, net, d["test x"], d["test y"], device)
    metrics["init grad norm layer 1 relu / sigmoid"] = at_init["relu"][0] / at_init["sigmoid"][0]
    _init_figure(at_init, cfg, out / "grad_norms_init.png", engine)
    _training_figure(during, cfg, out / "grad_norms_training.png", engine)
    _loss_figure(curves, metrics, cfg, out / "loss.png", engine)
    _animation(during, cfg, out / "grad_norms.gif", engine)
    return {**metrics, **curves}


def _log_y(ax) -> None:
    """A log y axis with a tick per decade and no minor ticks (which cost seconds to lay out
    over the ten decades these norms span)."""
    from matplotlib.ticker import LogLocator, NullLocator

    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(numticks=12))
    ax.yaxis.set_minor_locator(NullLocator())


def _init_figure(at_init, cfg, path, engine) -> None:
    layers = cfg["layers"]
    fig, ax = plot.figure(
        title=f"Weight-gradient norm per layer at initialisation, {layers} layers of "
        f"{cfg['width']} ({engine})",
        size=(10, 5),
    )
    x = np.arange(1, layers + 1)
    width = 0.8 / len(at_init)
    for k, (name, norms) in enumerate(at_init.items()):
        ax.bar(x + (k - 1.5) * width, norms, width, color=COLORS[name], label=name)
    _log_y(ax)
    ax.set_xticks(x, [f"{i}" + (" (input)" if i == 1 else " (output)" if i == layers else "")
                      for i in x])  # fmt: skip
    ratio = at_init["relu"][0] / at_init["sigmoid"][0]
    plot.label(
        ax,
        xlabel="layer (the gradient flows from the output, right, to the input, left)",
        ylabel="‖∂loss/∂W‖ (log scale)",
        title=f"first layer: ReLU's gradient is {ratio:.3g}x sigmoid's",
    )
    plot.save(fig, path)


def _training_figure(during, cfg, path, engine) -> None:
    from matplotlib import colormaps

    layers = cfg["layers"]
    fig, axes = plot.figure(
        2, 2, title=f"Weight-gradient norm per layer while training ({engine})", size=(13, 8.5)
    )
    colors = colormaps["viridis"](np.linspace(0, 0.9, layers))
    low = min(float(np.min(n[n > 0])) for n in during.values())
    high = max(float(np.max(n)) for n in during.values())
    for ax, (name, norms) in zip(np.ravel(axes), during.items()):  # noqa: B905
        for k in range(layers):
            ax.plot(norms[:, k], color=colors[k], lw=0.9, label=f"layer {k + 1}")
        _log_y(ax)
        ax.set_ylim(low / 2, high * 2)
        plot.label(ax, xlabel="step", ylabel="‖∂loss/∂W‖ (log scale)", title=name, legend=False)
    np.ravel(axes)[1].legend(fontsize=8, ncol=3, loc="lower right", title="layer (1 = input side)")
    plot.save(fig, path)


def _loss_figure(curves, metrics, cfg, path, engine) -> None:
    fig, ax = plot.figure(
        title=f"Training loss, Adam lr {cfg['lr']}, {cfg['layers']} layers ({engine})",
        size=(9, 5),
    )
    for name in ACTIVATIONS:
        acc = metrics[f"test accuracy {name}"]
        ax.plot(curves[f"loss {name}"], color=COLORS[name], lw=1, label=f"{name} (test {acc:.1%})")
    ax.axhline(np.log(10), color="gray", ls=":", label="ln 10: guessing")
    plot.label(ax, xlabel="step (batch of 100)", ylabel="cross-entropy loss")
    plot.save(fig, path)


def _animation(during, cfg, path, engine) -> None:
    """The per-layer bars of each activation, one frame every few steps. The figure is laid
    out once and only the bars' heights change (log10 of the norm on a linear axis: log axes'
    ticks would be recomputed every frame)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    steps = len(next(iter(during.values())))
    at = np.linspace(0, steps - 1, min(cfg["frames"], steps)).round().astype(int)
    logs = {name: np.log10(np.maximum(n, 1e-30)) for name, n in during.items()}
    low = np.floor(min(float(np.min(v[np.isfinite(v)])) for v in logs.values())) - 0.5
    high = np.ceil(max(float(np.max(v)) for v in logs.values())) + 0.5
    fig = Figure(figsize=(13, 3.9))
    canvas = FigureCanvasAgg(fig)
    axes = fig.subplots(1, len(during), sharey=True)
    x = np.arange(1, cfg["layers"] + 1)
    bars = {}
    for ax, name in zip(axes, during):  # noqa: B905
        bars[name] = ax.bar(x, logs[name][0] - low, bottom=low, color=COLORS[name])
        ax.set_ylim(low, high)
        ax.set_xticks(x)
        ylabel = "log10 ‖∂loss/∂W‖" if ax is axes[0] else ""
        plot.label(ax, xlabel="layer (1 = input side)", ylabel=ylabel, title=name, legend=False)
    caption = fig.suptitle("", fontsize=12)
    fig.tight_layout()
    images = []
    for step in at:
        for name, group in bars.items():
            for bar, value in zip(group, logs[name][step]):  # noqa: B905
                bar.set_height(value - low)
        caption.set_text(f"Weight-gradient norm per layer at step {step} ({engine})")
        canvas.draw()
        rgb = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy())
        images.append(rgb.convert("P", palette=Image.Palette.ADAPTIVE))
    images[0].save(path, save_all=True, append_images=images[1:], duration=300, loop=0)
