"""The lab's diagrams: `draw_network` draws the notes' example nets 1-3 (clusters, nodes, the
weights on the edges, "…" for wide layers), `draw_graph` draws autograd's graph with torch's
node names, the same on cybenko as on PyTorch, and `save` writes .dot, .svg and .png with
graphviz's `dot` when it exists and with matplotlib (and a one-line hint) when it does not."""

from __future__ import annotations

import json
import re

import pytest

import cybenko
from cybenko.lab import diagram
from cybenko.lab.cli import main
from cybenko.lab.diagram import draw_graph, draw_network
from oracle import torch

pytest.importorskip("matplotlib")
pytestmark = pytest.mark.oracle

SEED = 43052
EXAMPLES = {1: [1, 1], 2: [1, 2, 1], 3: [784, 32, 1]}  # the notes' examples 1-3


def example(engine, number: int):
    """The notes' example net after manual_seed(43052): Linear layers, ReLU between, Sigmoid."""
    sizes = EXAMPLES[number]
    engine.manual_seed(SEED)
    layers = []
    for n_in, n_out in zip(sizes, sizes[1:]):  # noqa: B905 - consecutive pairs
        layers += [engine.nn.Linear(n_in, n_out), engine.nn.ReLU()]
    layers[-1] = engine.nn.Sigmoid()
    return engine.nn.Sequential(*layers)


def trained_loss(engine, net):
    """The BCE loss of the net on a small batch, after backward (the leaves hold their grads)."""
    n_in = net[0].in_features
    x = engine.linspace(-1, 1, 4).reshape(-1, 1) if n_in == 1 else engine.rand(4, n_in)
    y = engine.tensor([[0.0], [0.0], [1.0], [1.0]])
    loss = engine.nn.BCELoss()(net(x), y)
    loss.backward()
    return loss


def clusters(source: str) -> list[str]:
    return re.findall(r'style=filled; color=lightgrey; label="([^"]*)"', source)


def labels(source: str) -> list[str]:
    return re.findall(r'^ *n\d+ \[label="([^"]*)"', source, re.MULTILINE)


def edge_labels(source: str) -> list[str]:
    return re.findall(r'n\d+ -> n\d+ \[label="([^"]*)"\]', source)


def edges(source: str) -> list[str]:
    return re.findall(r"n\d+ -> n\d+", source)


# --- draw_network ----------------------------------------------------------------------------


def test_example1_is_x_to_yhat_with_the_notes_weight_and_bias():
    """The notes print weight -0.3467 and bias -0.8470 for Linear(1, 1) after seed 43052."""
    source = draw_network(example(cybenko, 1)).source
    assert clusters(source) == ["Input Layer", "Output Layer: sigmoid"]
    assert labels(source) == ["x", "ŷ\\nb = -0.8470"]
    assert edge_labels(source) == ["*(-0.3467)"]


def test_example2_has_a_relu_hidden_layer_and_every_weight_on_its_edge():
    net = example(cybenko, 2)
    source = draw_network(net).source
    assert clusters(source) == ["Input Layer", "Hidden Layer: relu", "Output Layer: sigmoid"]
    assert [label.split("\\n")[0] for label in labels(source)] == ["x", "node1", "node2", "ŷ"]
    oracle = example(torch, 2)  # the weights as torch prints them (4 decimals)
    w1, w2 = oracle[0].weight.detach().tolist(), oracle[2].weight.detach().tolist()
    printed = [w1[0][0], w1[1][0], w2[0][0], w2[0][1]]  # x->node1, x->node2, node1->ŷ, node2->ŷ
    assert edge_labels(source) == [f"*({w:.4f})" for w in printed]
    biases = oracle[0].bias.detach().tolist() + oracle[2].bias.detach().tolist()
    assert [label.split("\\n")[1] for label in labels(source)[1:]] == [
        f"b = {b:.4f}" for b in biases
    ]


def test_example3_collapses_its_wide_layers_with_an_ellipsis_and_writes_no_weights():
    drawn = draw_network(example(cybenko, 3))
    assert labels(drawn.source) == [
        "x1", "x2", "…", "x784", "node1", "node2", "…", "node32", "ŷ",
    ]  # fmt: skip
    assert clusters(drawn.source) == [
        "Input Layer", "Hidden Layer: relu", "Output Layer: sigmoid",
    ]  # fmt: skip
    assert (drawn.n_nodes, drawn.n_edges) == (9, 4 * 4 + 4 * 1)
    assert edge_labels(drawn.source) == []


@pytest.mark.parametrize("number", EXAMPLES)
def test_a_network_is_drawn_the_same_from_cybenko_and_from_torch(number):
    assert (
        draw_network(example(cybenko, number)).source == draw_network(example(torch, number)).source
    )


def test_deeper_nets_number_their_hidden_layers_and_a_bare_linear_is_a_net():
    net = cybenko.nn.Sequential(
        cybenko.nn.Flatten(), cybenko.nn.Linear(3, 2), cybenko.nn.Tanh(),
        cybenko.nn.Linear(2, 2), cybenko.nn.ReLU(), cybenko.nn.Linear(2, 1),
    )  # fmt: skip
    assert clusters(draw_network(net).source) == [
        "Input Layer: flatten", "Hidden Layer 1: tanh", "Hidden Layer 2: relu", "Output Layer",
    ]  # fmt: skip
    bare = draw_network(cybenko.nn.Linear(2, 3, bias=False)).source
    assert labels(bare) == ["x1", "x2", "ŷ1", "ŷ2", "ŷ3"] and len(edge_labels(bare)) == 6


def test_a_model_it_cannot_draw_says_why_in_one_line():
    with pytest.raises(ValueError, match="^draw_network draws Linear layers and activations; "
                       "Conv2d has parameters and is neither$"):  # fmt: skip
        draw_network(cybenko.nn.Sequential(cybenko.nn.Conv2d(1, 1, 3), cybenko.nn.ReLU()))
    with pytest.raises(ValueError, match="needs a model with Linear layers, got ReLU"):
        draw_network(cybenko.nn.ReLU())


# --- draw_graph ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", EXAMPLES)
def test_the_autograd_graph_is_torchs_node_for_node(number):
    """Same nodes, names, shapes, gradients (4 decimals) and edges, found in the same order."""
    drawn = {}
    for engine in (cybenko, torch):
        net = example(engine, number)
        loss = trained_loss(engine, net)
        drawn[engine] = draw_graph(loss, dict(net.named_parameters()), name="loss").source
    assert drawn[cybenko] == drawn[torch]


def test_the_graph_of_example2_shows_leaves_ops_shapes_and_grads():
    net = example(torch, 2)
    loss = trained_loss(torch, net)
    drawn = draw_graph(loss, dict(net.named_parameters()), name="loss")
    ops = [label for label in labels(drawn.source) if "\\n" not in label]
    assert ops == [
        "BinaryCrossEntropyBackward0", "SigmoidBackward0", "AddmmBackward0", "AccumulateGrad",
        "ReluBackward0", "TBackward0", "AddmmBackward0", "AccumulateGrad", "AccumulateGrad",
        "TBackward0", "AccumulateGrad",
    ]  # fmt: skip
    grad = net[0].weight.grad.reshape(-1).tolist()
    assert f"0.weight\\n(2, 1)\\ngrad {grad[0]:.4f}, {grad[1]:.4f}" in labels(drawn.source)
    assert labels(drawn.source)[0] == "loss\\n()"
    # 11 ops, 4 leaves, the loss; an edge into each node but the loss
    assert (drawn.n_nodes, drawn.n_edges) == (16, 15)


def test_a_graph_before_backward_shows_no_grads_and_large_grads_show_their_norm():
    net = example(torch, 3)
    x = torch.rand(2, 784)
    before = draw_graph(net(x).sum()).source
    assert not any("grad" in label for label in labels(before))
    assert "leaf\\n(32, 784)" in labels(before)
    trained_loss(torch, net)
    norm = net[0].weight.grad.norm().item()
    after = draw_graph(net(x).sum(), dict(net.named_parameters())).source
    assert f"0.weight\\n(32, 784)\\n‖grad‖ {norm:.4f}" in after


def test_a_leaf_is_drawn_alone():
    leaf = cybenko.ones(2, requires_grad=True)
    drawn = draw_graph(leaf, name="w")
    assert (drawn.n_nodes, drawn.n_edges) == (1, 0) and labels(drawn.source) == ["w\\n(2,)"]


# --- save ------------------------------------------------------------------------------------


@pytest.fixture
def without_dot(monkeypatch):
    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    monkeypatch.setattr(diagram, "_hinted", False)


def test_without_dot_matplotlib_draws_svg_and_png_and_the_hint_is_printed_once(
    tmp_path, capsys, without_dot
):
    drawn = draw_network(example(cybenko, 2))
    written = drawn.save(tmp_path / "net")
    draw_graph(trained_loss(cybenko, example(cybenko, 1))).save(tmp_path / "graph")
    assert [p.name for p in written] == ["net.dot", "net.svg", "net.png"]
    assert (tmp_path / "net.dot").read_text(encoding="utf-8") == drawn.source
    assert (tmp_path / "net.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "graph.svg").read_text()
    assert (tmp_path / "graph.png").stat().st_size > 10_000
    assert capsys.readouterr().err == diagram.HINT + "\n"


def test_with_dot_graphviz_renders_the_dot_file(tmp_path, monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(diagram.shutil, "which", lambda name: f"graphviz-bin/{name}")
    monkeypatch.setattr(diagram.subprocess, "run", lambda cmd, check: ran.append((cmd, check)))
    draw_network(example(cybenko, 1)).save(tmp_path / "net")
    dot = str(tmp_path / "net.dot")
    assert ran == [
        (["graphviz-bin/dot", "-Tsvg", dot, "-o", str(tmp_path / "net.svg")], True),
        (["graphviz-bin/dot", "-Tpng", dot, "-o", str(tmp_path / "net.png")], True),
    ]
    assert (tmp_path / "net.dot").exists() and capsys.readouterr().err == ""


# --- the experiment --------------------------------------------------------------------------


def test_network_diagrams_draws_the_three_examples_on_both_engines(tmp_path):
    pytest.importorskip("torch")
    argv = ["lab", "run", "network-diagrams", "--quick", "--engine", "both"]
    assert main([*argv, "--out", str(tmp_path)]) == 0
    (folder,) = (tmp_path / "network-diagrams").iterdir()
    found = json.loads((folder / "metrics.json").read_text())
    for engine in ("cybenko", "torch"):
        for number in EXAMPLES:
            for kind in ("network", "graph"):
                for suffix in (".dot", ".svg", ".png"):
                    path = folder / engine / f"example{number}_{kind}{suffix}"
                    assert path.stat().st_size > 300, path
        got = found[engine]
        assert (got["example3 network nodes"], got["example3 network edges"]) == (9, 20)
        assert (got["example2 graph nodes"], got["example2 graph edges"]) == (16, 15)
    for number in EXAMPLES:
        name = f"example{number}_graph.dot"
        assert (folder / "cybenko" / name).read_text() == (folder / "torch" / name).read_text()
