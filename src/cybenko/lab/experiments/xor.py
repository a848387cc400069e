"""XOR with a multilayer perceptron (모두를 위한 딥러닝 시즌 2, lab 08-2), three ways:

- the notes' 2-layer net, Sequential(Linear(2, 2), Sigmoid(), Linear(2, 1), Sigmoid()),
- their 4-layer net 2-10-10-10-1 with sigmoids,
- the 2-layer net's backpropagation written by hand (matmul, sigmoid_prime, the chain rule),
  its gradients compared at every step with autograd's at the same weights,

each trained on the four XOR points with BCELoss and SGD(lr=1) for 10001 steps.

What it shows: one hidden layer of two sigmoids already solves XOR, which no linear classifier
can; the deeper net first sits on a plateau at loss ln 2 (the sigmoids' vanishing gradient)
before it falls; and autograd computes exactly the chain rule one writes by hand.
"""

from __future__ import annotations

import numpy as np

from .. import data, plot
from . import COUNT, RATE, SEED, Table, progress

TITLE = "XOR: 2-layer and 4-layer sigmoid MLPs, backprop by hand beside autograd"
DEFAULTS = {"steps": 10001, "lr": 1.0, "seed": 43052, "hidden": 10, "log_every": 1000}
QUICK = {"steps": 2001, "log_every": 500}
RULES = {"steps": COUNT, "lr": RATE, "seed": SEED, "hidden": COUNT, "log_every": COUNT}


def mlp(torch, sizes):
    """Linear layers of `sizes`, each followed by a sigmoid."""
    layers = []
    for n_in, n_out in zip(sizes, sizes[1:]):  # noqa: B905 - consecutive pairs
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.Sigmoid()]
    return torch.nn.Sequential(*layers)


def sigmoid(torch, x):
    return 1.0 / (1.0 + torch.exp(-x))


def sigmoid_prime(torch, x):
    """The derivative of the sigmoid: s(x) (1 - s(x))."""
    return sigmoid(torch, x) * (1 - sigmoid(torch, x))


def backprop_by_hand(torch, X, Y, w1, b1, w2, b2):
    """The notes' forward and backward pass of the 2-layer net, with weights as matrices
    (w1: 2x2, w2: 2x1, so l1 = X @ w1 + b1). Returns the mean BCE cost and the gradients.

    The notes take d_Y_pred without the 1/N of the mean cost and then average the bias
    gradients; here the 1/N sits in d_Y_pred, so weights and biases alike are summed over
    the batch and the result is the exact gradient of the mean cost."""
    n = X.shape[0]
    l1 = torch.add(torch.matmul(X, w1), b1)
    a1 = sigmoid(torch, l1)
    l2 = torch.add(torch.matmul(a1, w2), b2)
    Y_pred = sigmoid(torch, l2)
    cost = -torch.mean(Y * torch.log(Y_pred) + (1 - Y) * torch.log(1 - Y_pred))
    # loss derivative: d cost / d Y_pred
    d_Y_pred = (Y_pred - Y) / (Y_pred * (1.0 - Y_pred)) / n
    # layer 2
    d_l2 = d_Y_pred * sigmoid_prime(torch, l2)
    d_b2 = d_l2.sum(0)
    d_w2 = torch.matmul(torch.transpose(a1, 0, 1), d_l2)
    # layer 1
    d_a1 = torch.matmul(d_l2, torch.transpose(w2, 0, 1))
    d_l1 = d_a1 * sigmoid_prime(torch, l1)
    d_b1 = d_l1.sum(0)
    d_w1 = torch.matmul(torch.transpose(X, 0, 1), d_l1)
    return cost, (d_w1, d_b1, d_w2, d_b2)


def accuracy(torch, model, X, Y) -> float:
    with torch.no_grad():
        return ((model(X) > 0.5).float() == Y).float().mean().item()


def run(torch, cfg: dict, out) -> dict:
    device = cfg["device"]
    X, Y = (torch.tensor(t.numpy(), device=device) for t in data.xor())
    torch.manual_seed(cfg["seed"])  # each net from the same seed, as the notes' two scripts
    shallow = mlp(torch, [2, 2, 1]).to(device)
    torch.manual_seed(cfg["seed"])
    h = cfg["hidden"]
    deep = mlp(torch, [2, h, h, h, 1]).to(device)
    models = {"2-layer": shallow, "4-layer": deep}
    optimizers = {k: torch.optim.SGD(m.parameters(), lr=cfg["lr"]) for k, m in models.items()}
    criterion = torch.nn.BCELoss()

    # the hand-written net starts from the 2-layer net's weights and trains on its own
    with torch.no_grad():
        hand = [shallow[0].weight.t().clone(), shallow[0].bias.clone()]
        hand += [shallow[2].weight.t().clone(), shallow[2].bias.clone()]

    losses = {"loss 2-layer": [], "loss 4-layer": [], "loss by hand": []}
    grad_diff = []
    table = Table("step", "2-layer", "4-layer", "by hand", "grad diff")
    for step in progress(range(cfg["steps"]), "xor"):
        for name, model in models.items():
            optimizers[name].zero_grad()
            cost = criterion(model(X), Y)
            cost.backward()
            losses[f"loss {name}"].append(cost.item())
        # the chain rule by hand at the autograd net's weights, before they move
        with torch.no_grad():
            w1, b1 = shallow[0].weight.t(), shallow[0].bias
            w2, b2 = shallow[2].weight.t(), shallow[2].bias
            _, grads = backprop_by_hand(torch, X, Y, w1, b1, w2, b2)
            autograd = (shallow[0].weight.grad.t(), shallow[0].bias.grad)
            autograd += (shallow[2].weight.grad.t(), shallow[2].bias.grad)
            grad_diff.append(max((g - a).abs().max().item() for g, a in zip(grads, autograd)))  # noqa: B905
            hand_cost, hand_grads = backprop_by_hand(torch, X, Y, *hand)
            hand = [p - cfg["lr"] * g for p, g in zip(hand, hand_grads)]  # noqa: B905
            losses["loss by hand"].append(hand_cost.item())
        for opt in optimizers.values():
            opt.step()
        if step % cfg["log_every"] == 0 or step == cfg["steps"] - 1:
            table.row(step, *(v[-1] for v in losses.values()), grad_diff[-1])

    metrics = {
        "accuracy 2-layer": accuracy(torch, shallow, X, Y),
        "accuracy 4-layer": accuracy(torch, deep, X, Y),
        "final loss 2-layer": losses["loss 2-layer"][-1],
        "final loss 4-layer": losses["loss 4-layer"][-1],
        "final loss by hand": losses["loss by hand"][-1],
        "max abs diff gradient by hand vs autograd": max(grad_diff),
        **losses,
        "abs diff gradient by hand vs autograd": grad_diff,
    }
    plot.curves(
        out / "loss.png",
        losses,
        title=f"XOR: BCE loss, SGD lr={cfg['lr']} ({torch.__name__})",
        xlabel="step",
        ylabel="BCE loss (log scale)",
        logy=True,
        styles={"loss by hand": {"color": "k", "ls": (0, (4, 4)), "lw": 1.5}},
    )
    _decision_regions(torch, models, X, Y, out / "decision_regions.png")
    return metrics


def _decision_regions(torch, models, X, Y, path) -> None:
    grid = np.linspace(-0.5, 1.5, 201)
    gx, gy = np.meshgrid(grid, grid)
    points = torch.tensor(np.c_[gx.ravel(), gy.ravel()].astype(np.float32), device=X.device)
    fig, axes = plot.figure(
        1,
        len(models),
        title=f"XOR decision regions ({torch.__name__})",
        size=(5.2 * len(models), 4.6),
    )
    x, y = X.cpu().numpy(), Y.cpu().numpy().ravel()
    for ax, (name, model) in zip(axes, models.items()):  # noqa: B905
        with torch.no_grad():
            p = model(points).cpu().numpy().reshape(gx.shape)
        filled = ax.contourf(gx, gy, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.8)
        ax.contour(gx, gy, p, levels=[0.5], colors="k", linewidths=1.5)
        for cls, marker in ((0, "o"), (1, "s")):
            pts = x[y == cls]
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                marker=marker,
                s=90,
                c="white",
                edgecolors="k",
                label=f"y = {cls}",
            )
        acc = accuracy(torch, model, X, Y)
        plot.label(ax, xlabel="x1", ylabel="x2", title=f"{name} (accuracy {acc:.0%})")
        ax.set_aspect("equal")
        fig.colorbar(filled, ax=ax, label="P(y = 1)")
    plot.save(fig, path)
