"""The notes' network diagrams, drawn from the models themselves (딥러닝의 기초, 신경망의 표현).

The notes draw three networks by hand with graphviz, each as "linear + nonlinear" layers:

    example 1  1 → 1      Linear(1, 1), Sigmoid
    example 2  1 → 2 → 1  Linear(1, 2), ReLU, Linear(2, 1), Sigmoid
    example 3  784 → 32 → 1  Linear(784, 32), ReLU, Linear(32, 1), Sigmoid

Each is built after `manual_seed(43052)`, so its weights are the notes' (-0.3467 and -0.8470
for example 1), then a BCE loss on a small batch is computed and back-propagated. For each,
`lab.diagram.draw_network` draws the net (input, hidden and output layers as clusters, the
weights on the edges of the small nets, "…" for the wide layers of example 3) and
`lab.diagram.draw_graph` the autograd graph of the loss (leaves with their shapes and
gradients, the ops named as torch names them), each as .dot, .svg and .png.

What it shows: a diagram is just another view of the model — the clusters are the Linear
layers with their activations, the edges the weights; the autograd graph is the same net seen
from the loss: one AddmmBackward0 per Linear, fed by its bias, its input and its transposed
weight (TBackward0), the activations' nodes between them, and the weights' gradients at the
leaves. cybenko draws the same graph as PyTorch, node for node.
"""

from __future__ import annotations

from ..diagram import draw_graph, draw_network
from . import COUNT, SEED, Table

TITLE = "The notes' diagrams from models: networks 1-1, 1-2-1, 784-32-1 and their loss graphs"
DEFAULTS = {"seed": 43052, "batch": 4}
QUICK = {}
RULES = {"seed": SEED, "batch": COUNT}

EXAMPLES = {1: [1, 1], 2: [1, 2, 1], 3: [784, 32, 1]}  # the notes' examples 1-3


def network(torch, sizes):
    """Linear layers of `sizes`, ReLU between them and a Sigmoid at the end, as the notes."""
    layers = []
    for n_in, n_out in zip(sizes, sizes[1:]):  # noqa: B905 - consecutive pairs
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    layers[-1] = torch.nn.Sigmoid()
    return torch.nn.Sequential(*layers)


def batch(torch, n_in: int, n: int):
    """A small batch: x spread over [-1, 1] for one input, pixel-like values in [0, 1) for
    many; labels half 0, half 1."""
    if n_in == 1:
        x = torch.linspace(-1, 1, n).reshape(-1, 1)
    else:
        x = torch.rand(n, n_in)
    y = (torch.arange(n) >= n // 2).float().reshape(-1, 1)
    return x, y


def run(torch, cfg: dict, out) -> dict:
    metrics = {}
    table = Table("example", "net", "net nodes", "net edges", "graph nodes", "graph edges")
    for number, sizes in EXAMPLES.items():
        name = f"example{number}"
        torch.manual_seed(cfg["seed"])
        net = network(torch, sizes).to(cfg["device"])
        x, y = (t.to(cfg["device"]) for t in batch(torch, sizes[0], cfg["batch"]))
        loss = torch.nn.BCELoss()(net(x), y)
        loss.backward()
        shape = "-".join(map(str, sizes))
        title = f"Example {number}: " + " → ".join(map(str, sizes))
        drawn_net = draw_network(net, title=title)
        drawn_graph = draw_graph(loss, dict(net.named_parameters()), name="loss")
        drawn_net.save(out / f"{name}_network")
        drawn_graph.save(out / f"{name}_graph")
        table.row(
            name, shape, drawn_net.n_nodes, drawn_net.n_edges, drawn_graph.n_nodes,
            drawn_graph.n_edges,
        )  # fmt: skip
        metrics.update(
            {
                f"{name} network nodes": drawn_net.n_nodes,
                f"{name} network edges": drawn_net.n_edges,
                f"{name} graph nodes": drawn_graph.n_nodes,
                f"{name} graph edges": drawn_graph.n_edges,
                f"{name} loss": loss.item(),
            }
        )
    return metrics
