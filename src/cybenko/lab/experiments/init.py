"""Weight initialisation (모두를 위한 딥러닝 시즌 2, 09-2 Weight initialization: "1. a constant,
2. RBM/DBM, 3. Xavier/He"): five ways to draw the weights of a deep sigmoid net and a deep
ReLU net, and what each does to the activations and to training.

The nets are those of the `activations` experiment (9 Linear layers 784 -> width -> ... -> 10,
MNIST, CrossEntropyLoss, Adam lr 0.001, batches of 100), their weights drawn by torch.nn.init:
zeros_ (the constant), normal_(0, 1), normal_(0, 0.01), xavier_uniform_ (the notes' code:
U(-a, a), a = sqrt(6 / (n_in + n_out))) and kaiming_uniform_(nonlinearity="relu") (He:
a = sqrt(6 / n_in)); every bias starts at 0, so the scheme alone differs. Each net starts from
torch.manual_seed(seed), so cybenko and PyTorch draw the same weights.

activations_sigmoid.png and activations_relu.png are the classic grid of histograms: the
activations of the first `probe_size` training images at every hidden layer (columns) under
each scheme (rows), before training; activation_spread.png their standard deviation per layer;
loss.png the training curves.

What it shows: all-zero weights make every hidden unit of a layer compute the same thing and
get the same gradient, so they stay identical however long one trains (the ReLU net does not
learn at all: every gradient but the output bias's is 0). N(0, 1) is far too wide: the
sigmoids saturate at 0 and 1 and the ReLU activations grow ~11x a layer (to 1e8). N(0, 0.01) is
far too narrow: every sigmoid outputs about 0.5 and the ReLU signal fades to 1e-8, and that
ReLU net never learns. Xavier keeps the spread of the sigmoids' activations across the layers,
He (made for the ReLU, which halves the variance) that of the ReLUs', where Xavier lets it fade
~11x from layer 1 to 8; He gives the ReLU net the fastest start. Two surprises: through 8 sigmoids
He trains better than Xavier (its wider weights make up for the sigmoid's slope of at most 1/4,
which shrinks the gradient under Xavier, see `activations`), and after an epoch Adam, which
scales each step to the gradient's size, has made up most of what a poor (not degenerate)
start cost.

A full run (`--engine both` at DEFAULTS: 9 layers of 256, 1 epoch of the 60000 MNIST images,
600 steps a net; the notes train 15 epochs: `--set epochs=15`), cybenko / PyTorch:
  activation std, hidden layer 1 -> 8: sigmoid N(0,1) 0.454 -> 0.458 with 64% of the last
  layer's sigmoids saturated (< 0.01 or > 0.99), N(0,0.01) 0.023 -> 0.020, Xavier 0.096 ->
  0.126 (none saturated), He 0.109 -> 0.172; ReLU N(0,1) 5.4 -> 1.0e8, N(0,0.01) 0.054 ->
  1.0e-8, Xavier 0.240 -> 0.021, He 0.276 -> 0.270;
  largest difference between two units of a hidden layer after training, zeros: 1.5e-6 / 0
  (float32 rounding; every other scheme 0.43 or more);
  mean loss over training, ReLU: He 0.259 / 0.259, Xavier 0.282 / 0.286, N(0,1) 1.4e8,
  N(0,0.01) 2.302, zeros 2.302; test accuracy He 0.958 / 0.947, Xavier 0.952 / 0.961,
  N(0,1) 0.816 (its loss is huge, its argmax fine), N(0,0.01) and zeros 0.114;
  sigmoid test accuracy: He 0.875, Xavier 0.665 / 0.681, N(0,1) 0.632 / 0.627,
  N(0,0.01) 0.208 / 0.206, zeros 0.114.
The engines draw the same weights (every activation statistic before training agrees) and
their curves agree until float32 rounding, amplified by Adam and the ReLU's kink, parts them
(the zeros and the sigmoid He curves never part by 1e-4).
"""

from __future__ import annotations

import numpy as np

from .. import plot
from . import COUNT, RATE, SEED, Table
from .activations import accuracy, deep_net, mnist, train

TITLE = "Weight init: zeros, N(0,1), N(0,0.01), Xavier, He in deep sigmoid and ReLU nets"
DEFAULTS = {
    "seed": 777,
    "layers": 9,
    "width": 256,
    "lr": 0.001,
    "batch_size": 100,
    "epochs": 1,
    "train_size": 60000,
    "test_size": 10000,
    "probe_size": 1000,
    "bins": 30,
    "log_every": 200,
}
# Quick: a narrower net, 1400 images (the offline stand-in has 1437) for 5 epochs, 70 steps.
QUICK = {"width": 128, "train_size": 1400, "epochs": 5, "test_size": 2000, "log_every": 35}
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
    "bins": COUNT,
    "log_every": COUNT,
}

SCHEMES = ("zeros", "N(0,1)", "N(0,0.01)", "Xavier", "He")
COLORS = {"zeros": "gray", "N(0,1)": "tab:red", "N(0,0.01)": "tab:blue", "Xavier": "tab:purple",
          "He": "tab:green"}  # fmt: skip
NETS = {"sigmoid": "Sigmoid", "relu": "ReLU"}


def initialise(torch, net, scheme: str) -> None:
    """Draw every Linear weight of `net` by `scheme` (torch.nn.init), first layer first, and
    zero every bias."""
    init = torch.nn.init
    for layer in (m for m in net if hasattr(m, "weight")):
        w = layer.weight
        if scheme == "zeros":
            init.zeros_(w)
        elif scheme == "N(0,1)":
            init.normal_(w, 0.0, 1.0)
        elif scheme == "N(0,0.01)":
            init.normal_(w, 0.0, 0.01)
        elif scheme == "Xavier":
            init.xavier_uniform_(w)
        elif scheme == "He":
            init.kaiming_uniform_(w, nonlinearity="relu")
        else:
            raise ValueError(f"unknown scheme {scheme!r}")
        init.zeros_(layer.bias)


def hidden_activations(torch, net, x, device) -> list[np.ndarray]:
    """The output of every activation module of `net` on x, as (n, width) arrays."""
    found = []
    with torch.no_grad():
        h = torch.tensor(x, device=device)
        for module in net:
            h = module(h)
            if not hasattr(module, "weight"):
                found.append(h.cpu().numpy())
    return found


def unit_spread(outputs: list[np.ndarray]) -> float:
    """The largest difference between two units of the same hidden layer on the same input:
    0 when all units of each layer compute the same function."""
    return max(float(np.max(a.max(axis=1) - a.min(axis=1))) for a in outputs)


def run(torch, cfg: dict, out) -> dict:
    device, engine, layers = cfg["device"], torch.__name__, cfg["layers"]
    d = mnist(cfg)
    probe = d["x"][: cfg["probe_size"]]
    metrics: dict = {"data": d["source"]}
    curves, seen = {}, {}
    table = Table("net", "step", "loss", "grad 1st", "grad last", width=17)
    for act, module in NETS.items():
        for scheme in SCHEMES:
            torch.manual_seed(cfg["seed"])
            net = deep_net(torch, layers, cfg["width"], getattr(torch.nn, module))
            initialise(torch, net, scheme)
            net = net.to(device)
            outputs = hidden_activations(torch, net, probe, device)
            seen[act, scheme] = outputs
            key = f"{act} {scheme}"
            stds = [float(a.std()) for a in outputs]
            metrics[f"activation std layer 1 {key}"] = stds[0]
            metrics[f"activation std layer {layers - 1} {key}"] = stds[-1]
            if act == "sigmoid":
                saturated = np.mean((outputs[-1] < 0.01) | (outputs[-1] > 0.99))
                metrics[f"saturated fraction layer {layers - 1} {key}"] = float(saturated)
            else:
                zero = np.mean(outputs[-1] == 0)
                metrics[f"zero fraction layer {layers - 1} {key}"] = float(zero)
            losses, _ = train(torch, net, d, cfg, key, table)
            curves[f"loss {key}"] = losses
            metrics[f"final loss {key} (mean of the last 10 steps)"] = float(np.mean(losses[-10:]))
            metrics[f"mean loss over training {key}"] = float(np.mean(losses))
            metrics[f"test accuracy {key}"] = accuracy(torch, net, d["test x"], d["test y"], device)
            trained = hidden_activations(torch, net, probe, device)
            metrics[f"unit spread after training {key}"] = unit_spread(trained)
    for act in NETS:
        _histograms(seen, act, cfg, out / f"activations_{act}.png", engine)
    _spread_figure(seen, cfg, out / "activation_spread.png", engine)
    _loss_figure(curves, metrics, cfg, out / "loss.png", engine)
    return {**metrics, **curves}


def _histograms(seen, act, cfg, path, engine) -> None:
    """The classic grid: a row per scheme, a column per hidden layer."""
    hidden = cfg["layers"] - 1
    fig, axes = plot.figure(
        len(SCHEMES),
        hidden,
        title=f"{NETS[act]} activations per hidden layer at initialisation, "
        f"{cfg['probe_size']} images"
        + (" (the positive part, each row on its own scale)" if act == "relu" else "")
        + f" ({engine})",
        size=(1.9 * hidden + 1, 1.75 * len(SCHEMES) + 0.8),
    )
    axes = np.asarray(axes).reshape(len(SCHEMES), hidden)
    for row, scheme in enumerate(SCHEMES):
        outputs = seen[act, scheme]
        if act == "sigmoid":
            span = (0.0, 1.0)
        else:  # ReLU: the positive part, on the row's scale (a growing or dying signal)
            top = max(float(np.percentile(a, 99.5)) for a in outputs)
            span = (0.0, top if top > 0 else 1.0)
        for col, a in enumerate(outputs):
            ax = axes[row, col]
            values = a.ravel() if act == "sigmoid" else a.ravel()[a.ravel() > 0]
            counts, edges = np.histogram(values, bins=cfg["bins"], range=span)
            ax.stairs(counts, edges, fill=True, color=COLORS[scheme])  # one artist, not bars
            note = f"std {a.std():.2g}"
            if act == "relu":
                note += f"\n{np.mean(a == 0):.0%} zero"
            ax.text(0.97, 0.95, note, transform=ax.transAxes, ha="right", va="top", fontsize=7)
            ax.set_xlim(*span)
            ax.set_ylim(0, max(counts.max(), 1) * 1.25)
            # each row shares its range: the first panel of a row says it
            ax.set_xticks(span, [f"{v:.2g}" for v in span] if col == 0 else [])
            ax.set_yticks([])
            ax.tick_params(labelsize=7)
            if row == 0:
                ax.set_title(f"layer {col + 1}", fontsize=10)
            if col == 0:
                ax.set_ylabel(scheme, fontsize=10)
            if row == len(SCHEMES) - 1 and col == 0:
                ax.set_xlabel("activation", fontsize=8)
    plot.save(fig, path)


def _spread_figure(seen, cfg, path, engine) -> None:
    fig, axes = plot.figure(
        1, 2, title=f"Standard deviation of the activations per layer ({engine})", size=(13, 4.8)
    )
    x = np.arange(1, cfg["layers"])
    for ax, act in zip(axes, NETS):  # noqa: B905
        for scheme in SCHEMES:
            stds = np.array([a.std() for a in seen[act, scheme]])
            if np.all(stds > 0):
                ax.plot(x, stds, "o-", color=COLORS[scheme], label=scheme)
            else:
                ax.plot([], [], "o-", color=COLORS[scheme], label=f"{scheme} (std 0)")
        ax.set_yscale("log")
        ax.set_xticks(x)
        plot.label(ax, xlabel="hidden layer", ylabel="std of the activations (log scale)",
                   title=NETS[act])  # fmt: skip
    plot.save(fig, path)


def _loss_figure(curves, metrics, cfg, path, engine) -> None:
    fig, axes = plot.figure(
        1, 2, title=f"Training loss per initialisation, Adam lr {cfg['lr']} ({engine})",
        size=(13, 4.8),
    )  # fmt: skip
    for ax, act in zip(axes, NETS):  # noqa: B905
        for scheme in SCHEMES:
            acc = metrics[f"test accuracy {act} {scheme}"]
            ax.plot(curves[f"loss {act} {scheme}"], color=COLORS[scheme], lw=1,
                    label=f"{scheme} (test {acc:.1%})")  # fmt: skip
        ax.axhline(np.log(10), color="k", ls=":", lw=1, label="ln 10: guessing")
        ax.set_yscale("log")
        plot.label(ax, xlabel="step (batch of 100)", ylabel="cross-entropy loss (log scale)",
                   title=NETS[act])  # fmt: skip
    plot.save(fig, path)
