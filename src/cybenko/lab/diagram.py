"""Diagrams of networks and of autograd graphs, drawn from the objects themselves.

The notes draw their networks by hand with graphviz: layers as grey clusters, one node per
unit, weights on the edges, "…" standing for the middle of a wide layer. `draw_network` makes
that picture from a model, and `draw_graph` draws the graph autograd recorded behind a tensor
(leaves, ops, shapes, gradients), with the node names torch gives (`AddmmBackward0`, ...).

Both read the model or tensor through the torch-shaped API only, so they draw cybenko's and
PyTorch's objects alike, and both return a `Diagram`: its DOT text is `.source`, and
`.save(path)` writes `path.dot`, `path.svg` and `path.png`, rendered by graphviz's `dot`
program when it is installed and drawn with matplotlib otherwise.

    net = torch.nn.Sequential(torch.nn.Linear(1, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    draw_network(net).save(out / "net")       # net.dot, net.svg, net.png
    loss = net(x).sum(); loss.backward()
    draw_graph(loss, dict(net.named_parameters())).save(out / "graph")
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

WIDE = 5  # a layer wider than this shows its first HEAD units, "…" and its last unit
HEAD = 2
MAX_LABELLED_EDGES = 12  # weights are written on the edges of nets this small
ELLIPSIS = "…"
HINT = "graphviz's `dot` not found: drew with matplotlib; install graphviz for the classic layout"


@dataclass
class Node:
    id: str
    label: str
    kind: str  # "unit", "ellipsis", "op", "leaf" or "output": how it is drawn


@dataclass
class Graph:
    """What a diagram shows, independent of how it is rendered."""

    title: str
    rankdir: str = "LR"  # the flow: "LR" (left to right) or "TB" (top to bottom)
    nodes: list[Node] = field(default_factory=list)
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (tail, head, label)
    clusters: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, node ids)

    def add(self, label: str, kind: str) -> str:
        node = Node(f"n{len(self.nodes)}", label, kind)
        self.nodes.append(node)
        return node.id


class Diagram:
    """A drawn graph: `.source` is its DOT text; `.save(path)` writes .dot, .svg and .png."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.source = to_dot(graph)

    @property
    def n_nodes(self) -> int:
        return len(self.graph.nodes)

    @property
    def n_edges(self) -> int:
        return len(self.graph.edges)

    def save(self, path: str | Path) -> list[Path]:
        """Write `path`.dot, `path`.svg and `path`.png; returns their paths."""
        dot_file, svg, png = (Path(f"{path}{suffix}") for suffix in (".dot", ".svg", ".png"))
        dot_file.write_text(self.source, encoding="utf-8")
        dot = shutil.which("dot")
        if dot:
            for image in (svg, png):
                fmt = f"-T{image.suffix[1:]}"
                subprocess.run([dot, fmt, str(dot_file), "-o", str(image)], check=True)
        else:
            _hint_once()
            fig = self.figure()
            fig.savefig(svg)
            fig.savefig(png, dpi=120)
        return [dot_file, svg, png]

    def figure(self):
        """The diagram drawn by matplotlib, as a Figure (what `save` writes without `dot`)."""
        return _figure(self.graph)

    def __repr__(self) -> str:
        return f"Diagram({self.graph.title!r}, {self.n_nodes} nodes, {self.n_edges} edges)"


_hinted = False


def _hint_once() -> None:
    global _hinted
    if not _hinted:
        print(HINT, file=sys.stderr)
        _hinted = True


# --- networks ------------------------------------------------------------------------------


def draw_network(
    model, *, labels: bool | None = None, title: str | None = None, max_width: int = WIDE
) -> Diagram:
    """The network as the notes draw it: an input layer, hidden layers and an output layer as
    clusters named with their activation, one node per unit (a layer wider than `max_width`
    shows its first units, "…" and its last), and each weight on its edge as `*(w)` with the
    bias inside the node, when the net has at most 12 weights or `labels` is True.

    `model` is a `Linear` or a container of `Linear` layers and activations in forward order
    (`Sequential`), read through `modules()`, `named_children()`, `in_features`,
    `out_features`, `weight` and `bias`.

    >>> import cybenko as torch
    >>> from cybenko.lab.diagram import draw_network
    >>> net = torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid())
    >>> diagram = draw_network(net)  # x -> ŷ, labelled *(w), in clusters Input / Output Layer
    >>> diagram.n_nodes, diagram.n_edges, diagram.source.splitlines()[0]  # source: DOT text
    (2, 1, 'digraph G {')
    """
    layers, input_note = _layers(model)
    if not layers:
        raise ValueError(f"draw_network needs a model with Linear layers, got {_kind(model)}")
    n_weights = sum(linear.in_features * linear.out_features for linear, _ in layers)
    if labels is None:
        labels = n_weights <= MAX_LABELLED_EDGES
    sizes = [layers[0][0].in_features] + [linear.out_features for linear, _ in layers]
    graph = Graph(title or f"{_kind(model)}: " + " → ".join(map(str, sizes)))

    shown = _shown(sizes[0], max_width)
    ids = [
        graph.add(_unit_name("x", j, sizes[0]), "ellipsis" if j is None else "unit") for j in shown
    ]
    graph.clusters.append((_join("Input Layer", input_note), ids))
    for k, (linear, activations) in enumerate(layers, start=1):
        last = k == len(layers)
        weight = linear.weight.detach().tolist()
        bias = None if linear.bias is None else linear.bias.detach().tolist()
        previous, previous_shown = ids, shown
        shown = _shown(linear.out_features, max_width)
        ids = []
        for j in shown:
            if j is None:
                ids.append(graph.add(ELLIPSIS, "ellipsis"))
                continue
            name = _unit_name("ŷ", j, linear.out_features) if last else f"node{j + 1}"
            if labels and bias is not None:
                name += f"\nb = {_number(bias[j])}"
            ids.append(graph.add(name, "unit"))
        for tail, i in zip(previous, previous_shown, strict=True):
            for head, j in zip(ids, shown, strict=True):
                known = labels and i is not None and j is not None
                graph.edges.append((tail, head, f"*({_number(weight[j][i])})" if known else ""))
        role = "Output Layer" if last else "Hidden Layer"
        if len(layers) > 2 and not last:
            role += f" {k}"
        graph.clusters.append((_join(role, ", ".join(activations)), ids))
    return Diagram(graph)


def _layers(model) -> tuple[list, str]:
    """[(linear, [activation names])...] in forward order, and the names of the parameterless
    modules before the first Linear (e.g. "flatten")."""
    layers, before = [], []
    for module in model.modules():
        if next(iter(module.named_children()), None) is not None:
            continue  # a container: its children come next
        if hasattr(module, "in_features") and hasattr(module, "weight"):
            layers.append((module, []))
        elif any(True for _ in module.parameters()):
            raise ValueError(
                "draw_network draws Linear layers and activations; "
                f"{_kind(module)} has parameters and is neither"
            )
        else:
            (layers[-1][1] if layers else before).append(_kind(module).lower())
    return layers, ", ".join(before)


def _shown(width: int, max_width: int) -> list[int | None]:
    """The units drawn of a layer: all, or the first HEAD, None for "…", and the last."""
    if width <= max_width:
        return list(range(width))
    return [*range(HEAD), None, width - 1]


def _unit_name(symbol: str, j: int | None, width: int) -> str:
    if j is None:
        return ELLIPSIS
    return symbol if width == 1 else f"{symbol}{j + 1}"


def _join(role: str, detail: str) -> str:
    return f"{role}: {detail}" if detail else role


def _number(value: float) -> str:
    """A weight as torch prints it (4 decimals)."""
    return f"{value:.4f}"


def _kind(obj) -> str:
    return type(obj).__name__


# --- autograd graphs -----------------------------------------------------------------------


def draw_graph(tensor, params: dict | None = None, *, name: str = "output") -> Diagram:
    """The graph autograd recorded to compute `tensor`, drawn from the leaves (blue) through
    the ops (grey, named as torch names them: `AddmmBackward0`, `AccumulateGrad`, ...) to the
    tensor itself (green). Tensors show their shape; a leaf whose `.grad` is set (after
    `backward()`) shows it: its values when it has at most 4, else its norm. `params` names
    the leaves, e.g. `dict(model.named_parameters())`.

    Read through `grad_fn`, `grad_fn.name()`, `grad_fn.next_functions`, the `variable` of
    AccumulateGrad nodes, and the tensors' `shape` and `grad`, so it draws cybenko's and
    PyTorch's graphs alike.
    """
    names = {id(t): key for key, t in (params or {}).items()}
    graph = Graph(f"Autograd graph of {name}", rankdir="TB")
    root = graph.add(f"{name}\n{_shape(tensor)}" + _grad_line(tensor), "output")
    if tensor.grad_fn is None:
        return Diagram(graph)
    seen = {}  # id(node) -> (node, diagram id); holding the node keeps its id unique
    queue = deque([(tensor.grad_fn, root)])  # breadth first, in next_functions' order
    while queue:
        fn, consumer = queue.popleft()
        if id(fn) not in seen:
            seen[id(fn)] = (fn, graph.add(_op_name(fn), "op"))
            variable = getattr(fn, "variable", None)
            if variable is not None:
                label = f"{names.get(id(variable), 'leaf')}\n{_shape(variable)}"
                leaf = graph.add(label + _grad_line(variable), "leaf")
                graph.edges.append((leaf, seen[id(fn)][1], ""))
            queue.extend((child, seen[id(fn)][1]) for child, _ in fn.next_functions if child)
        graph.edges.append((seen[id(fn)][1], consumer, ""))
    return Diagram(graph)


def _op_name(fn) -> str:
    return fn.name().removeprefix("torch::autograd::")


def _shape(tensor) -> str:
    return str(tuple(tensor.shape))


def _grad_line(tensor) -> str:
    """The gradient of a leaf, if backward has filled it; nothing for other tensors (whose
    .grad torch would warn about)."""
    if not tensor.is_leaf or tensor.grad is None:
        return ""
    grad = tensor.grad.detach()
    if grad.numel() <= 4:
        return "\ngrad " + ", ".join(_number(g) for g in grad.reshape(-1).tolist())
    return f"\n‖grad‖ {_number(float((grad * grad).sum()) ** 0.5)}"


# --- DOT -----------------------------------------------------------------------------------

_DOT_STYLE = {
    "unit": "",
    "ellipsis": "shape=plaintext",
    "op": "shape=box, style=filled, fillcolor=lightgrey",
    "leaf": "shape=box, style=filled, fillcolor=lightblue",
    "output": "shape=box, style=filled, fillcolor=darkolivegreen1",
}


def to_dot(graph: Graph) -> str:
    """The graph as graphviz DOT text: clusters, then the other nodes, then the edges."""
    lines = [
        "digraph G {",
        f'  rankdir={graph.rankdir}; splines=line; labelloc=t; label="{_escape(graph.title)}";',
        '  node [fontname="Helvetica"]; edge [fontname="Helvetica", fontsize=10];',
    ]
    clustered = {i for _, ids in graph.clusters for i in ids}
    for k, (label, ids) in enumerate(graph.clusters):
        lines.append(f"  subgraph cluster_{k} {{")
        lines.append(f'    style=filled; color=lightgrey; label="{_escape(label)}";')
        lines.extend(f"    {_dot_node(graph, i)}" for i in ids)
        lines.append("  }")
    lines.extend(f"  {_dot_node(graph, n.id)}" for n in graph.nodes if n.id not in clustered)
    for tail, head, label in graph.edges:
        attrs = f' [label="{_escape(label)}"]' if label else ""
        lines.append(f"  {tail} -> {head}{attrs};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(graph: Graph, node_id: str) -> str:
    node = next(n for n in graph.nodes if n.id == node_id)
    style = _DOT_STYLE[node.kind]
    return f'{node.id} [label="{_escape(node.label)}"{", " + style if style else ""}];'


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


# --- the matplotlib drawing, when graphviz is absent ---------------------------------------

FONT_SIZE = 10  # points
PAD = (0.16, 0.1)  # inches of room around a node's text (x, y)
NODE_GAP = 0.3  # inches between neighbouring nodes of a rank
RANK_GAP = 0.75  # between ranks; wider when edges carry labels
CLUSTER_PAD = 0.16
FILL = {"op": "lightgrey", "leaf": "lightblue", "output": "#caff70", "unit": "white"}


def _figure(graph: Graph):
    """A layered drawing of `graph` on a matplotlib Figure (Agg, no pyplot), left to right or
    top to bottom as its `rankdir` says: ranks by longest path to the output (a cluster is a
    rank), nodes in a rank ordered to uncross edges, clusters as grey labelled boxes, edge
    labels where they cover no node and no other label. One data unit is one inch."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    ranks = _ranks(graph)
    where = _place(graph, ranks)
    boxes = [(*_cluster_box(where, ids, label), label) for label, ids in graph.clusters]
    extents = [(x - w / 2, x + w / 2, y - h / 2, y + h / 2) for x, y, w, h in where.values()]
    extents += [(left, right, bottom, top + 0.3) for left, right, bottom, top, _ in boxes]
    left = min(e[0] for e in extents) - 0.3
    right = max(e[1] for e in extents) + 0.3
    bottom = min(e[2] for e in extents) - 0.25
    top = max(e[3] for e in extents) + 0.6
    spare = _text_size(graph.title, 12)[0] + 0.4 - (right - left)
    if spare > 0:  # a title wider than the drawing
        left, right = left - spare / 2, right + spare / 2

    fig = Figure(figsize=(right - left, top - bottom))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.axis("off")
    ax.text((left + right) / 2, top - 0.3, graph.title, ha="center", va="center", fontsize=12)
    for box in boxes:
        _draw_cluster(ax, *box)
    rank_of = {node: r for r, nodes in enumerate(ranks) for node in nodes}
    _draw_edges(ax, graph, where, rank_of)
    for node in graph.nodes:
        _draw_node(ax, node, where[node.id])
    return fig


def _ranks(graph: Graph) -> list[list[str]]:
    """Node ids by rank, from the inputs to the output: a node sits as far from the output as
    its longest path to it (a cluster is one rank), and the nodes of a rank are ordered by the
    mean place of their neighbours in the next rank, then in the previous one."""
    successors = {n.id: [] for n in graph.nodes}
    predecessors = {n.id: [] for n in graph.nodes}
    for tail, head, _ in graph.edges:
        successors[tail].append(head)
        predecessors[head].append(tail)
    if graph.clusters:
        return [list(ids) for _, ids in graph.clusters]
    depth = {}  # longest path to a sink, sinks first (Kahn's order on the reversed edges)
    waiting = {node: len(heads) for node, heads in successors.items()}
    ready = [node for node, count in waiting.items() if count == 0]
    while ready:
        node = ready.pop()
        depth[node] = max((depth[head] + 1 for head in successors[node]), default=0)
        for tail in predecessors[node]:
            waiting[tail] -= 1
            if waiting[tail] == 0:
                ready.append(tail)
    deepest = max(depth.values())
    ranks = [[] for _ in range(deepest + 1)]
    for node in graph.nodes:  # in the order they were found
        ranks[deepest - depth[node.id]].append(node.id)
    for _ in range(2):  # barycentre sweeps
        for k in range(len(ranks) - 2, -1, -1):
            _order_by(ranks[k], successors, ranks[k + 1])
        for k in range(1, len(ranks)):
            _order_by(ranks[k], predecessors, ranks[k - 1])
    return ranks


def _order_by(rank: list[str], neighbours: dict, beside: list[str]) -> None:
    place = {node: p for p, node in enumerate(beside)}

    def key(item):
        p, node = item
        near = [place[n] for n in neighbours[node] if n in place]
        return sum(near) / len(near) if near else p

    rank[:] = [node for _, node in sorted(enumerate(rank), key=key)]


def _place(graph: Graph, ranks) -> dict[str, tuple[float, float, float, float]]:
    """(x, y, width, height) of each node, in inches: ranks one after another along the
    flow (x for LR, down for TB), the nodes of a rank side by side across it, centred."""
    across = graph.rankdir == "TB"
    size = {}
    for node in graph.nodes:
        w, h = _text_size(node.label, FONT_SIZE + 4 if node.kind == "ellipsis" else FONT_SIZE)
        size[node.id] = (w + 2 * PAD[0], h + 2 * PAD[1])
    gap = RANK_GAP
    labels = [label for _, _, label in graph.edges if label]
    if labels:  # room to set the labels between two ranks side by side, half of them a row
        rank_of = {node: r for r, nodes in enumerate(ranks) for node in nodes}
        crowd = max(Counter(rank_of[tail] for tail, _, label in graph.edges if label).values())
        width = max(_text_size(label, 8)[0] for label in labels)
        gap = max(gap, width * (1 + crowd / 2) + 0.5)
    if graph.clusters:
        gap += 2 * CLUSTER_PAD
    titles = [label for label, _ in graph.clusters] or [""] * len(ranks)
    where, along = {}, 0.0
    for rank, title in zip(ranks, titles, strict=True):
        depth = max(size[node][1 if across else 0] for node in rank)
        if title and not across:  # the cluster's label fits above its rank
            depth = max(depth, _text_size(title)[0] + 0.1 - 2 * CLUSTER_PAD)
        breadths = [size[node][0 if across else 1] for node in rank]
        side = (sum(breadths) + NODE_GAP * (len(rank) - 1)) / 2
        for node, breadth in zip(rank, breadths, strict=True):
            middle = side - breadth / 2
            x, y = (-middle, -along - depth / 2) if across else (along + depth / 2, middle)
            where[node] = (x, y, *size[node])
            side -= breadth + NODE_GAP
        along += depth + gap
    return where


def _text_size(text: str, size: float = FONT_SIZE) -> tuple[float, float]:
    """Width and height of `text` in inches, as matplotlib sets it."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(size=size)
    lines = text.split("\n")
    width = max(TextToPath().get_text_width_height_descent(line, font, False)[0] for line in lines)
    return width / 72, len(lines) * size * 1.2 / 72


def _cluster_box(where, ids, label) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) around the cluster's nodes, wide enough for its label."""
    boxes = [where[i] for i in ids]
    left = min(x - w / 2 for x, _, w, _ in boxes) - CLUSTER_PAD
    right = max(x + w / 2 for x, _, w, _ in boxes) + CLUSTER_PAD
    half = max(right - left, _text_size(label)[0] + 0.1) / 2
    return (
        (left + right) / 2 - half,
        (left + right) / 2 + half,
        min(y - h / 2 for _, y, _, h in boxes) - CLUSTER_PAD,
        max(y + h / 2 for _, y, _, h in boxes) + CLUSTER_PAD,
    )


def _draw_cluster(ax, left, right, bottom, top, label) -> None:
    from matplotlib.patches import FancyBboxPatch

    frame = FancyBboxPatch(
        (left, bottom), right - left, top - bottom + 0.3,
        boxstyle="round,pad=0,rounding_size=0.08", facecolor="#e4e4e4", edgecolor="none",
        zorder=0,
    )  # fmt: skip
    ax.add_patch(frame)
    ax.text((left + right) / 2, top + 0.15, label, ha="center", va="center", fontsize=FONT_SIZE)


def _draw_node(ax, node: Node, place) -> None:
    from matplotlib.patches import Ellipse, FancyBboxPatch

    x, y, w, h = place
    if node.kind == "unit":  # the ellipse's box is a little larger than the text's
        ax.add_patch(Ellipse((x, y), w * 1.1, h * 1.1, facecolor="white", edgecolor="black",
                             lw=0.9, zorder=2))  # fmt: skip
    elif node.kind != "ellipsis":
        ax.add_patch(FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.05",
            facecolor=FILL[node.kind], edgecolor="black", lw=0.9, zorder=2,
        ))  # fmt: skip
    size = FONT_SIZE + 4 if node.kind == "ellipsis" else FONT_SIZE
    ax.text(x, y, node.label, ha="center", va="center", fontsize=size, zorder=3,
            linespacing=1.1)  # fmt: skip


def _draw_edges(ax, graph: Graph, where, rank_of) -> None:
    """Arrows from a node's far side to the next node's near side, straight between
    neighbouring ranks and arced past the ranks between. A label goes where it overlaps no
    node and no other label, trying first the end where its edges spread (the heads of a
    fan-out, the tails of a fan-in), then places further along."""
    across = graph.rankdir == "TB"
    out_degree, in_degree = {}, {}
    for tail, head, _ in graph.edges:
        out_degree[tail] = out_degree.get(tail, 0) + 1
        in_degree[head] = in_degree.get(head, 0) + 1
    taken = [(x - w / 2, x + w / 2, y - h / 2, y + h / 2) for x, y, w, h in where.values()]
    for tail, head, label in graph.edges:
        (x0, y0, w0, h0), (x1, y1, w1, h1) = where[tail], where[head]
        if across:
            start, end = (x0, y0 - h0 / 2), (x1, y1 + h1 / 2)
        else:
            start, end = (x0 + w0 / 2 * 1.05, y0), (x1 - w1 / 2 * 1.05, y1)
        bend = 0.2 if rank_of[head] - rank_of[tail] > 1 else 0.0
        ax.annotate(
            "", xy=end, xytext=start, zorder=1,
            arrowprops={"arrowstyle": "-|>", "color": "#333333", "lw": 0.9, "shrinkA": 0,
                        "shrinkB": 0, "mutation_scale": 10, "connectionstyle": f"arc3,rad={bend}"},
        )  # fmt: skip
        if label:
            fan_in, fan_out = in_degree[head], out_degree[tail]
            first = 0.35 if fan_in > fan_out else 0.65 if fan_out > fan_in else 0.5
            x, y = _free_spot(start, end, _text_size(label, 8), first, taken)
            ax.text(x, y, label, ha="center", va="center", fontsize=8, zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                          "alpha": 0.9})  # fmt: skip


def _free_spot(start, end, size, first: float, taken: list) -> tuple[float, float]:
    """The point along start-end nearest to `first` (a fraction of the way) where a label of
    `size` overlaps none of the `taken` boxes; the box it takes is added to them."""
    w, h = size[0] + 0.1, size[1] + 0.06
    fractions = sorted((f / 40 for f in range(4, 37)), key=lambda f: (abs(f - first), f))
    for f in [first, *fractions]:
        x, y = start[0] + f * (end[0] - start[0]), start[1] + f * (end[1] - start[1])
        box = (x - w / 2, x + w / 2, y - h / 2, y + h / 2)
        if not any(_overlap(box, other) for other in taken):
            break
    else:
        x, y = start[0] + first * (end[0] - start[0]), start[1] + first * (end[1] - start[1])
        box = (x - w / 2, x + w / 2, y - h / 2, y + h / 2)
    taken.append(box)
    return x, y


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
