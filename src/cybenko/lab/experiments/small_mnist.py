"""The small task the `optimizers` and `dropout` experiments share: the first digits of MNIST's
training and test sets (`lab.data.load_mnist`; offline with no copy, scikit-learn's digits
framed as MNIST) as flat float32 rows in [0, 1], and the notes' net for them (lab 09-3),

    Sequential(Linear(784, h), ReLU(), Dropout(p), Linear(h, h), ReLU(), Dropout(p),
               Linear(h, 10))

which a few hundred training digits are too few for: it learns them by heart.

Both experiments compute in float64 by default (the `dtype` setting). In float32 the two
engines' matrix products round differently in the last bit, and the optimizers that divide a
gradient by its own size (Adam's first steps, RMSprop, Rprop's signs) turn a gradient that is
rounding noise into a full step, so seeded curves that agree at first part after a few epochs.
"""

from __future__ import annotations

from typing import NamedTuple

from .. import data
from . import Rule

DTYPE = Rule("float32 or float64", lambda v: v in ("float32", "float64"))


class Task(NamedTuple):
    """Training rows X, labels Y, test rows X_test, Y_test (tensors of the engine), and where
    the digits came from (a line for the summary)."""

    X: object
    Y: object
    X_test: object
    Y_test: object
    source: str


def load(torch, n_train: int, n_test: int, device: str, dtype: str) -> Task:
    """The first n_train training and n_test test digits (fewer when the stand-in digits of
    an offline run have fewer), the pixels in `dtype` ("float32" or "float64"). Offline, the
    line saying the stand-in digits are used is printed once, not once for each set."""
    train, test = data.load_mnist_sets()

    def rows(digits, n):
        images = digits.images[:n]
        pixels = images.reshape(len(images), -1).astype(dtype) / 255
        return torch.tensor(pixels, device=device), torch.tensor(digits.labels[:n], device=device)

    return Task(*rows(train, n_train), *rows(test, n_test), train.source)


def mlp(torch, hidden: int, p: float, device: str, dtype: str):
    """The notes' 784-h-h-10 ReLU net with Dropout(p) after each hidden layer, its weights
    drawn in float32 as torch draws them, then moved to `device` and `dtype`."""
    nn = torch.nn
    net = nn.Sequential(
        nn.Linear(784, hidden), nn.ReLU(), nn.Dropout(p),
        nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(p),
        nn.Linear(hidden, 10),
    )  # fmt: skip
    return net.to(device=device, dtype=getattr(torch, dtype))
