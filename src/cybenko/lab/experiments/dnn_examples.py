"""Deep neural networks, 1st lecture (기계학습 특강 2022, 05wk-2 "깊은신경망(1)"): the limits of
logistic regression and what one hidden ReLU layer does about them, on the lecture's data
dnnex0-3 (`lab.data.load_dnnex`: the lecture's CSVs from $CYBENKO_DATA, the cache or the
download; when none can be had, offline with nothing local, the data are regenerated from the
lecture's formulas by `lab.data.dnnex0()`..`dnnex3()`, said in one printed line and in the
summary's "data dnnexK" rows):

- dnnex0, whose underlying probability rises and then falls: logistic regression,
  Sequential(Linear(1, 1), Sigmoid()), 6000 Adam steps, cannot bend; the 1-2-1 net
  Linear(1, 2) -> ReLU -> Linear(2, 1) -> Sigmoid can, first with the notes' hand-set weights
  (W1 = [[1], [-1]], b1 = [0, 0], W2 = [[-4.5, -9.0]], b2 = 4.5, so
  u = -4.5 relu(x) - 9 relu(-x) + 4.5), then learned (3000 + 3000 Adam steps),
- dnnex1, a step inside the sigmoid: 1-16-1 ReLU net with a sigmoid, BCE, 6000 steps,
- dnnex2, the regression 2.5 + 4 exp(-x) + 5 cos(5x) + noise: 1-32-1 ReLU net, MSE, 6000 steps,
- dnnex3, two inputs: 2-32-1 ReLU net with a sigmoid, BCE, 3000 steps, its decision regions.

Every net starts from torch.manual_seed(seed) (43052, as the notes) and trains full-batch with
Adam at its default lr 0.001, so cybenko and PyTorch take the same steps: in the quick run
their loss curves agree within 2e-5; over the notes' 6000 steps float32 rounding grows in the
dnnex2 regression until its curves part by more than 1e-4 at step ~3965 (at most 4e-4), the
other curves staying within 5e-5.

What it shows: the logistic curve stays monotone whatever the epochs; the piecewise-linear
u of two ReLUs fits the rise and fall, and learning finds such weights; a few more ReLUs
approximate a step, a smooth curve and a bent 2-D boundary. dnnex3's labels are Bernoulli
draws, so no classifier gets near 100%: the true rule (u > 0) scores about 0.72 on the data.
"""

from __future__ import annotations

import numpy as np

from .. import data, plot
from . import COUNT, RATE, SEED, Table, train_adam

TITLE = "dnnex0-3: logistic regression fails, 1-2-1 ReLU nets (hand-set, learned) fit"
DEFAULTS = {
    "seed": 43052,
    "lr": 0.001,
    "steps_logistic": 6000,
    "steps_dnnex0": 6000,
    "steps_dnnex1": 6000,
    "steps_dnnex2": 6000,
    "steps_dnnex3": 3000,
    "log_every": 1000,
}
QUICK = {
    "steps_logistic": 1000,
    "steps_dnnex0": 1000,
    "steps_dnnex1": 1000,
    "steps_dnnex2": 1000,
    "steps_dnnex3": 1000,
    "log_every": 500,
}
RULES = {"seed": SEED, "lr": RATE, "log_every": COUNT} | {
    key: COUNT for key in DEFAULTS if key.startswith("steps_")
}

REGENERATED = "regenerated from the lecture's formula"  # in the summary of a run without CSVs


def load(k: int, seed: int) -> tuple[dict[str, np.ndarray], str]:
    """dnnex{k} as float32 numpy columns ("x", "underlying", "y"; dnnex3: "x1", "x2", "y"
    and, regenerated only, "underlying") and where they came from: the CSV (CYBENKO_DATA, the
    cache or the download), else, when no copy can be had, the lecture's formula. A damaged
    local copy is not silently replaced: its ChecksumError goes to the user."""
    try:
        columns = data.load_dnnex(k)
        source = f"CSV {data.resource(f'dnnex{k}').path}"
        return {c: t.numpy().astype(np.float32) for c, t in columns.items()}, source
    except data.DataNotFound:
        toy = getattr(data, f"dnnex{k}")(seed=seed)
        found = {"underlying": toy.underlying.numpy(), "y": toy.y.numpy()}
        x = toy.x.numpy()
        if k == 3:
            found.update(x1=x[:, :1], x2=x[:, 1:])
        else:
            found["x"] = x
        source = f"{REGENERATED} by lab.data.dnnex{k}(seed={seed}) (no CSV copy could be had)"
        return {c: v.astype(np.float32) for c, v in found.items()}, source


def load_sets(ks, seed: int) -> dict[int, tuple[dict[str, np.ndarray], str]]:
    """load(k, seed) for each k of `ks`; one printed line when any of them was regenerated."""
    sets = {k: load(k, seed) for k in ks}
    regenerated = [f"dnnex{k}" for k, (_, source) in sets.items() if REGENERATED in source]
    if regenerated:
        print(
            f"data: no copy of the lecture's {', '.join(regenerated)} CSV"
            f"{'s' if len(regenerated) > 1 else ''} in CYBENKO_DATA, "
            f"the cache ({data.cache_dir()}) or online; regenerated from the lecture's "
            f"formulas (lab.data.dnnexK(seed={seed}))",
            flush=True,
        )
    return sets


def relu_net(torch, sizes, sigmoid: bool, device: str):
    """Linear -> ReLU -> Linear (-> Sigmoid) of `sizes` (n_in, hidden, n_out), on `device`."""
    n_in, hidden, n_out = sizes
    layers = [torch.nn.Linear(n_in, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, n_out)]
    return torch.nn.Sequential(*layers, *([torch.nn.Sigmoid()] if sigmoid else [])).to(device)


def evaluate(torch, net, X, Y, loss_fn) -> tuple[float, np.ndarray]:
    """(loss, predictions as numpy) at the net's current weights."""
    with torch.no_grad():
        out = net(X)
        return loss_fn(out, Y).item(), out.cpu().numpy()


def accuracy(prediction: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((prediction > 0.5) == (y > 0.5)))


def run(torch, cfg: dict, out) -> dict:
    seed, lr, every, device = cfg["seed"], cfg["lr"], cfg["log_every"], cfg["device"]
    bce, mse = torch.nn.BCELoss(), torch.nn.MSELoss()
    table = Table("part", "step", "loss", width=20)
    metrics, curves, fits = {}, {}, {}
    sets = load_sets(range(4), seed)
    for k, (_, source) in sets.items():
        metrics[f"data dnnex{k}"] = source

    # dnnex0: logistic regression, the hand-set 1-2-1 net, the learned 1-2-1 net
    d0 = sets[0][0]
    x, y = (torch.tensor(d0[k], device=device) for k in ("x", "y"))
    torch.manual_seed(seed)
    logistic = torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()).to(device)
    curves["loss dnnex0 logistic"] = train_adam(
        torch, logistic, x, y, bce, cfg["steps_logistic"], lr, table, "dnnex0 logistic", every
    )
    torch.manual_seed(seed)
    hand = relu_net(torch, (1, 2, 1), sigmoid=True, device=device)
    with torch.no_grad():  # the notes' weights: u = -4.5 relu(x) - 9 relu(-x) + 4.5
        hand[0].weight.copy_(torch.tensor([[1.0], [-1.0]], device=device))
        hand[0].bias.copy_(torch.tensor([0.0, 0.0], device=device))
        hand[2].weight.copy_(torch.tensor([[-4.5, -9.0]], device=device))
        hand[2].bias.copy_(torch.tensor([4.5], device=device))
    torch.manual_seed(seed)
    learned = relu_net(torch, (1, 2, 1), sigmoid=True, device=device)
    curves["loss dnnex0 1-2-1"] = train_adam(
        torch, learned, x, y, bce, cfg["steps_dnnex0"], lr, table, "dnnex0 1-2-1", every
    )
    for name, net in (("logistic", logistic), ("1-2-1 hand-set", hand), ("1-2-1 learned", learned)):
        loss, p = evaluate(torch, net, x, y, bce)
        metrics[f"BCE dnnex0 {name}"] = loss
        metrics[f"accuracy dnnex0 {name}"] = accuracy(p, d0["y"])
        fits[f"dnnex0 {name}"] = p

    # dnnex1: a step inside the sigmoid, 1-16-1
    d1 = sets[1][0]
    x, y = (torch.tensor(d1[k], device=device) for k in ("x", "y"))
    torch.manual_seed(seed)
    net1 = relu_net(torch, (1, 16, 1), sigmoid=True, device=device)
    curves["loss dnnex1 1-16-1"] = train_adam(
        torch, net1, x, y, bce, cfg["steps_dnnex1"], lr, table, "dnnex1 1-16-1", every
    )
    loss, fits["dnnex1"] = evaluate(torch, net1, x, y, bce)
    metrics["BCE dnnex1 1-16-1"] = loss
    metrics["accuracy dnnex1 1-16-1"] = accuracy(fits["dnnex1"], d1["y"])

    # dnnex2: regression, 1-32-1 with MSE
    d2 = sets[2][0]
    x, y = (torch.tensor(d2[k], device=device) for k in ("x", "y"))
    torch.manual_seed(seed)
    net2 = relu_net(torch, (1, 32, 1), sigmoid=False, device=device)
    curves["loss dnnex2 1-32-1 (MSE)"] = train_adam(
        torch, net2, x, y, mse, cfg["steps_dnnex2"], lr, table, "dnnex2 1-32-1", every
    )
    loss, fits["dnnex2"] = evaluate(torch, net2, x, y, mse)
    metrics["MSE dnnex2 1-32-1"] = loss
    metrics["MSE dnnex2 underlying"] = float(np.mean((d2["underlying"] - d2["y"]) ** 2))

    # dnnex3: two inputs, 2-32-1
    d3 = sets[3][0]
    X3 = torch.tensor(np.concatenate([d3["x1"], d3["x2"]], axis=1), device=device)
    y = torch.tensor(d3["y"], device=device)
    torch.manual_seed(seed)
    net3 = relu_net(torch, (2, 32, 1), sigmoid=True, device=device)
    curves["loss dnnex3 2-32-1"] = train_adam(
        torch, net3, X3, y, bce, cfg["steps_dnnex3"], lr, table, "dnnex3 2-32-1", every
    )
    loss, p3 = evaluate(torch, net3, X3, y, bce)
    metrics["BCE dnnex3 2-32-1"] = loss
    metrics["train accuracy dnnex3 2-32-1"] = accuracy(p3, d3["y"])
    metrics["train accuracy dnnex3 true rule (u > 0)"] = accuracy(
        (dnnex3_u(d3["x1"], d3["x2"]) > 0).astype(np.float32), d3["y"]
    )

    engine = torch.__name__
    _dnnex0_figure(d0, fits, metrics, out / "dnnex0.png", engine)
    _curve_figure(
        d1, fits["dnnex1"], "1-16-1 ReLU net", "P(y = 1)", out / "dnnex1.png",
        f"dnnex1: 1-16-1 ReLU + sigmoid after {cfg['steps_dnnex1']} Adam steps, "
        f"BCE {metrics['BCE dnnex1 1-16-1']:.4f} ({engine})",
    )  # fmt: skip
    _curve_figure(
        d2, fits["dnnex2"], "1-32-1 ReLU net", "y", out / "dnnex2.png",
        f"dnnex2: 1-32-1 ReLU regression after {cfg['steps_dnnex2']} Adam steps, "
        f"MSE {metrics['MSE dnnex2 1-32-1']:.4f} ({engine})",
    )  # fmt: skip
    _losses_figure(curves, metrics["BCE dnnex0 1-2-1 hand-set"], out / "loss.png", engine)
    _decision_regions(torch, net3, d3, metrics, out / "dnnex3_decision_regions.png", engine)
    return {**metrics, **curves}


def dnnex3_u(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """The lecture's u of dnnex3 (y ~ Bernoulli(sigmoid(u)))."""
    bent = np.where(x2 > 1.5, -0.5 * x1**2 - 10 * x2 + 5, x1 + 2 * x2 - 2)
    return np.where(x1 < 0, -3 * x1 - 3, np.where(x1 < 0.6, 0.0, bent))


def _data_panel(ax, d) -> None:
    ax.scatter(d["x"], d["y"], s=8, alpha=0.12, color="C0", label="data y")
    ax.plot(d["x"], d["underlying"], color="b", lw=2, label="underlying")


def _dnnex0_figure(d, fits, metrics, path, engine) -> None:
    fig, axes = plot.figure(
        1, 3, title=f"dnnex0: logistic regression vs the 1-2-1 ReLU net ({engine})", size=(16, 4.6)
    )
    for ax, name in zip(axes, ("logistic", "1-2-1 hand-set", "1-2-1 learned")):  # noqa: B905
        _data_panel(ax, d)
        ax.plot(d["x"], fits[f"dnnex0 {name}"], "--", color="C1", lw=2.5, label=f"{name} fit")
        plot.label(
            ax,
            xlabel="x",
            ylabel="P(y = 1)",
            title=f"{name}: BCE {metrics[f'BCE dnnex0 {name}']:.4f}",
            legend="lower center",  # between the data rows at 0 and 1, under the curves
        )
    plot.save(fig, path)


def _curve_figure(d, fit, name, ylabel, path, title) -> None:
    fig, ax = plot.figure(title=title, size=(7.5, 4.8))
    _data_panel(ax, d)
    ax.plot(d["x"], fit, "--", color="C1", lw=2.5, label=f"{name} fit")
    plot.label(ax, xlabel="x", ylabel=ylabel)
    plot.save(fig, path)


def _losses_figure(curves, hand_bce, path, engine) -> None:
    fig, axes = plot.figure(2, 2, title=f"Training loss, Adam lr 0.001 ({engine})", size=(12, 8))
    ax = axes[0, 0]
    for key in ("loss dnnex0 logistic", "loss dnnex0 1-2-1"):
        ax.plot(curves[key], lw=1.4, label=key.removeprefix("loss dnnex0 "))
    ax.axhline(hand_bce, color="gray", ls=":", label="1-2-1 hand-set")
    plot.label(ax, xlabel="step", ylabel="BCE loss", title="dnnex0")
    panels = (
        (axes[0, 1], "loss dnnex1 1-16-1", "BCE loss", "dnnex1"),
        (axes[1, 0], "loss dnnex2 1-32-1 (MSE)", "MSE loss (log scale)", "dnnex2"),
        (axes[1, 1], "loss dnnex3 2-32-1", "BCE loss", "dnnex3"),
    )
    for ax, key, ylabel, title in panels:
        ax.plot(curves[key], lw=1.4, color="C2", label=key.removeprefix(f"loss {title} "))
        if "MSE" in key:
            ax.set_yscale("log")
        plot.label(ax, xlabel="step", ylabel=ylabel, title=title)
    plot.save(fig, path)


def _decision_regions(torch, net, d, metrics, path, engine) -> None:
    x1, x2, y = d["x1"].ravel(), d["x2"].ravel(), d["y"].ravel()
    g1 = np.linspace(x1.min() - 0.3, x1.max() + 0.3, 241)
    g2 = np.linspace(x2.min() - 0.3, x2.max() + 0.3, 241)
    gx, gy = np.meshgrid(g1, g2)
    points = torch.tensor(np.c_[gx.ravel(), gy.ravel()].astype(np.float32))
    with torch.no_grad():
        p = net(points.to(net[0].weight.device)).cpu().numpy().reshape(gx.shape)
    fig, (ax0, ax1) = plot.figure(
        1, 2, title=f"dnnex3: the 2-32-1 ReLU net's decision regions ({engine})", size=(13, 5.4)
    )
    for ax in (ax0, ax1):
        for cls, color in ((0, (0.5, 0.0, 1.0)), (1, (1.0, 0.0, 0.0))):
            ax.scatter(x1[y == cls], x2[y == cls], s=7, alpha=0.5, color=color, label=f"y = {cls}")
    filled = ax1.contourf(gx, gy, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.55)
    ax1.contour(gx, gy, p, levels=[0.5], colors="k", linewidths=1.5)
    ax1.plot([], [], color="k", lw=1.5, label="P = 0.5 boundary")
    fig.colorbar(filled, ax=ax1, label="P(y = 1)")
    plot.label(ax0, xlabel="x1", ylabel="x2", title="data")
    acc, rule = (
        metrics["train accuracy dnnex3 2-32-1"],
        metrics["train accuracy dnnex3 true rule (u > 0)"],
    )
    plot.label(
        ax1,
        xlabel="x1",
        ylabel="x2",
        title=f"P(y = 1) of the net: train accuracy {acc:.3f} (true rule {rule:.3f})",
    )
    plot.save(fig, path)
