"""Default initialisation, nn.init and dropout masks draw torch's numbers, bit for bit, so a
course's printed weights appear unchanged on cybenko."""

import math

import numpy as np
import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle

SEEDS = [0, 43052, 2**32 + 7, -3]


def same_after_seed(make, seed):
    ours, theirs = [], []
    for lib, out in ((cybenko, ours), (torch, theirs)):
        lib.manual_seed(seed)
        out.extend(make(lib))
    for o, t in zip(ours, theirs, strict=True):
        assert str(o.dtype) == str(t.dtype) and tuple(o.shape) == tuple(t.shape)
        assert np.array_equal(o.detach().numpy(), t.detach().numpy())


def params(*modules):
    return [p for m in modules for p in m.parameters()]


LAYERS = {
    "linear_1_1": lambda nn: [nn.Linear(1, 1)],
    "linear_odd": lambda nn: [nn.Linear(7, 5), nn.Linear(5, 3, bias=False)],
    "linear_wide": lambda nn: [nn.Linear(1, 2048), nn.Linear(2048, 1)],
    "mlp_784_32_1": lambda nn: [nn.Linear(784, 32), nn.Linear(32, 1)],
    "embedding": lambda nn: [nn.Embedding(10, 3)],
    "batchnorm": lambda nn: [nn.BatchNorm1d(4)],
    "sequential_xor": lambda nn: [
        nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1), nn.Sigmoid())
    ],
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", LAYERS)
def test_default_initialisation(name, seed):
    same_after_seed(lambda lib: params(*LAYERS[name](lib.nn)), seed)


INITS = {
    "uniform_": lambda init, w: init.uniform_(w, -0.3, 0.7),
    "normal_": lambda init, w: init.normal_(w, 0.5, 2.0),
    "xavier_uniform_": lambda init, w: init.xavier_uniform_(w, gain=init.calculate_gain("tanh")),
    "xavier_normal_": lambda init, w: init.xavier_normal_(w),
    "kaiming_uniform_": lambda init, w: init.kaiming_uniform_(w, a=math.sqrt(5)),
    "kaiming_normal_": lambda init, w: init.kaiming_normal_(w, mode="fan_out"),
    "trunc_normal_": lambda init, w: init.trunc_normal_(w, std=0.5),
    "orthogonal_": lambda init, w: init.orthogonal_(w),
}


@pytest.mark.parametrize("shape", [(3, 2), (16, 8), (40, 33)])
@pytest.mark.parametrize("name", INITS)
def test_nn_init_functions(name, shape):
    def make(lib):
        w = lib.empty(*shape)
        INITS[name](lib.nn.init, w)
        return [w]

    if name == "orthogonal_":  # a QR decomposition: LAPACK's last bits differ, the draws do not
        outs = []
        for lib in (cybenko, torch):
            lib.manual_seed(1)
            outs.append(make(lib)[0].numpy())
        np.testing.assert_allclose(outs[0], outs[1], atol=1e-5)
        return
    same_after_seed(make, 1)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_masks(p):
    def make(lib):
        drop = lib.nn.Dropout(p)
        x = lib.ones(7, 13)
        return [drop(x), drop(x), lib.nn.functional.dropout(x, p, training=True)]

    same_after_seed(make, 43052)


def test_the_course_values_of_the_1_2_1_net():
    cybenko.manual_seed(43052)
    l1, l2 = cybenko.nn.Linear(1, 2), cybenko.nn.Linear(2, 1)

    def rounded(p):
        return np.round(p.detach().numpy().astype(float), 4).tolist()

    assert rounded(l1.bias) == [0.3604, 0.9336]
    assert rounded(l2.weight) == [[0.2880, -0.6282]]
    assert rounded(l2.bias) == [0.2304]


def test_a_draw_between_layers_moves_the_stream_as_in_the_notes():
    cybenko.manual_seed(43052)
    cybenko.nn.Linear(1, 1)
    cybenko.rand(2)
    layer = cybenko.nn.Linear(1, 1)
    assert (round(layer.weight.item(), 4), round(layer.bias.item(), 4)) == (0.4074, -0.8885)
