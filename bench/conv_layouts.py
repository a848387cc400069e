"""Which convolution layout is faster, shape by shape: cybenko's batch-first and images-last
paths (ops/conv.py) timed on the same layers, and the one `_images_last_pays` picks.

Each layer runs forward and backward (the input's gradient too, except for a first layer
on one or three channels, whose input never needs one) with each layout forced in turn, in
alternating blocks; a layout's time is the median of its blocks. The pick is right where it
is the faster layout or within 5% of it. Run it on a new machine before trusting the rule
there (bench/README.md, "Which layout").

Run: .venv/bin/python bench/conv_layouts.py [--threads N]
"""

from __future__ import annotations

import argparse
import statistics

import numpy as np

import cybenko
from cybenko.ops import conv
from timing import median_time

# (batch, channels, image side, outputs, kernel side, padding): the course's layers and
# shapes around the rule's boundary
LAYERS = [
    (64, 1, 28, 6, 5, 0),  # the notes' first layer
    (64, 6, 12, 16, 5, 0),  # the notes' second
    (100, 1, 28, 32, 3, 1),  # the MNIST CNN's first
    (100, 32, 14, 64, 3, 1),  # the MNIST CNN's second
    (32, 64, 32, 64, 3, 1),  # the wide convolution
    (64, 1, 28, 16, 5, 0),
    (64, 1, 12, 6, 5, 0),
    (256, 1, 10, 8, 3, 1),
    (64, 2, 28, 8, 3, 1),
    (64, 3, 8, 8, 3, 1),
    (64, 3, 12, 16, 3, 1),
    (64, 3, 28, 6, 5, 0),
    (64, 3, 32, 16, 3, 1),
    (16, 3, 64, 16, 3, 1),
    (64, 4, 24, 8, 5, 0),
    (64, 4, 28, 16, 3, 1),
    (64, 6, 14, 6, 3, 1),
    (64, 8, 16, 16, 3, 1),
    (64, 8, 28, 16, 3, 1),
    (64, 16, 16, 16, 3, 1),
]


def step(x, w, b, padding):
    def run():
        out = cybenko.nn.functional.conv2d(x, w, b, padding=padding)
        out.backward(cybenko.ones_like(out))

    return run


def measure(layer, repeats: int) -> tuple:
    n, c, side, o, k, pad = layer
    rng = np.random.default_rng(0)
    x = cybenko.tensor(rng.random((n, c, side, side), dtype=np.float32), requires_grad=c > 3)
    w = cybenko.tensor(rng.random((o, c, k, k), dtype=np.float32), requires_grad=True)
    b = cybenko.tensor(rng.random(o, dtype=np.float32), requires_grad=True)
    run = step(x, w, b, pad)
    rule = conv._images_last_pays
    times = {True: [], False: []}
    try:
        for _ in range(repeats):
            for images_last in (True, False):
                conv._images_last_pays = lambda *shapes, last=images_last: last
                times[images_last].append(median_time(run, repeats=3, min_seconds=0.15))
    finally:
        conv._images_last_pays = rule
    shapes = ((n, c, side, side), (o, c, k, k), (pad,) * 4, (1, 1), (1, 1))
    picks = rule(*shapes)
    window_rows, reordered = conv._layout_costs(*shapes)
    weight = conv.ROW_COST * window_rows / reordered
    last, first = (statistics.median(times[flag]) for flag in (True, False))
    return weight, first / last, picks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    cybenko.set_num_threads(args.threads)
    print(f"{args.threads} thread(s); ratio: batch first / images last (below 1: batch first)")
    print("| layer (N, C, H -> O, k) | window rows x 6 / reordered | ratio | picks | right |")
    print("|---|---|---|---|---|")
    wrong = 0
    for layer in LAYERS:
        weight, ratio, picks = measure(layer, args.repeats)
        faster_or_close = ratio >= 0.95 if picks else ratio <= 1.05
        wrong += not faster_or_close
        n, c, side, o, k, _ = layer
        name = f"({n}, {c}, {side} -> {o}, {k})"
        layout = "images last" if picks else "batch first"
        right = "yes" if faster_or_close else "NO"
        print(f"| {name} | {weight:.2f} | {ratio:.2f} | {layout} | {right} |")
    print(f"{len(LAYERS) - wrong} of {len(LAYERS)} layers take the faster layout or one within 5%")


if __name__ == "__main__":
    main()
