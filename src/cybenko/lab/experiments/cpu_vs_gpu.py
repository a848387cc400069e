"""CPU vs GPU (기계학습 특강 2022, 6주차 "CPU vs GPU"): how long one training step of the notes'
1-H-1 ReLU net takes as the hidden layer widens, on every device present, cybenko beside
PyTorch.

The notes' listing, for H = 512, 20480 and 204800: manual_seed(5); x = linspace(0, 1, 100),
y = 0.01·randn(100); Sequential(Linear(1, H), ReLU(), Linear(H, 1)), MSELoss, Adam; each step
net(x), the loss, backward, step, zero_grad. Here each (engine, device, width) trains that net
for `warmup` steps, untimed, then times `steps` steps one by one (a GPU is synchronized before
and after each, so the clock sees the work, not just its launch); the table holds the median.
Whichever engine runs the experiment, both engines are timed in the same run, one after the
other at each width, so they share the machine's load (torch only when it is installed).
The devices are cybenko's 'cpu', then 'cuda' where `cybenko.cuda.is_available()` (CuPy and
a GPU; with CYBENKO_TEST_CUDA=1, the NumPy test device, labelled so) and, for torch, where
`torch.cuda.is_available()`. With no GPU one printed line and the summary's "GPU" row say so,
and only the CPU rows are timed. `--device` is not used: every device present is timed.

What it shows: on the CPU the time of a step grows with the width, roughly in proportion
once the width is large; on a GPU it hardly moves, so the GPU loses at H = 512 (launching
its kernels costs more than the arithmetic) and wins by far at H = 204800, as in the notes
(2022, torch: 0.54 s vs 1.45 s for 1000 steps at 512, 65.3 s vs 2.1 s at 204800). Both
engines train the same net from the same seed, so their losses agree step by step (within
4e-6 relative here; at H = 204800 Adam's default lr makes the loss grow to ~242 in 23 steps,
on both engines alike).

Full run (`--engine both` at DEFAULTS, which times both engines twice, 12 s and 9 s, on this
2-core machine, lightly loaded; no GPU), median seconds per step, first and second sample:

    H         cybenko cpu          torch cpu            the notes' torch cpu / gpu (2022)
    512       0.00039, 0.00065     0.00065, 0.00109     0.00054 / 0.00145
    20480     0.0127,  0.0087      0.0127,  0.0070      0.0038  / 0.0013
    204800    0.110,   0.099       0.207,   0.233       0.065   / 0.0021

On a busy machine the numbers move a lot: with 12 processes on the 2 cores, torch's thread
pool took 0.11 s for a step at H = 512 (200 times its quiet time), so read the table of one
run, whose engines shared the same load, rather than compare runs.
"""

from __future__ import annotations

import csv
import importlib
import statistics
import time

import numpy as np

from .. import plot
from . import COUNT, COUNTS, RATE, SEED, Table, progress

TITLE = "CPU vs GPU: seconds per Adam step of a 1-H-1 net for H = 512 .. 204800, both engines"
DEFAULTS = {
    "seed": 5,
    "widths": [512, 20480, 204800],
    "points": 100,
    "lr": 0.001,
    "warmup": 3,
    "steps": 20,
}
QUICK = {"widths": [512, 2048, 20480], "warmup": 2, "steps": 5}
RULES = {
    "seed": SEED,
    "widths": COUNTS,
    "points": COUNT,
    "lr": RATE,
    "warmup": COUNT,
    "steps": COUNT,
}

# The notes' measurements (2022, torch, 1000 steps; an NVIDIA GeForce with 24 GB), seconds
NOTES = {
    "cpu": {512: 0.537, 20480: 3.806, 204800: 65.340},
    "cuda": {512: 1.451, 20480: 1.308, 204800: 2.078},
}
ENGINE_ORDER = ("cybenko", "torch")
MARKERS = {"cpu": "o", "cuda": "s"}


def frameworks(handed) -> tuple[dict, list[str]]:
    """{name: module} of the engines to time (the one handed, and the other when it can be
    imported), in ENGINE_ORDER, and a line for each engine that could not be had."""
    found, missing = {handed.__name__: handed}, []
    for name in ENGINE_ORDER:
        if name not in found:
            try:
                found[name] = importlib.import_module(name)
            except ImportError:
                missing.append(f"{name}: not installed, not timed")
    return {n: found[n] for n in ENGINE_ORDER if n in found}, missing


def gpu_name(module) -> str | None:
    """The name of the engine's cuda device, or None when it has none."""
    if not module.cuda.is_available():
        return None
    return module.cuda.get_device_name(0)


def time_steps(module, width: int, device: str, cfg: dict) -> tuple[list, list]:
    """The notes' listing at `width` on `device`: the seconds of each timed step (after
    cfg["warmup"] untimed ones) and the loss of every step."""
    torch = module
    torch.manual_seed(cfg["seed"])
    x = torch.linspace(0, 1, cfg["points"]).reshape(-1, 1).to(device)
    y = (torch.randn(cfg["points"]).reshape(-1, 1) * 0.01).to(device)
    net = torch.nn.Sequential(
        torch.nn.Linear(1, width), torch.nn.ReLU(), torch.nn.Linear(width, 1)
    ).to(device)
    loss_fn = torch.nn.MSELoss()
    optimizr = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    on_gpu = torch.device(device).type == "cuda"
    sync = torch.cuda.synchronize if on_gpu else (lambda: None)
    seconds, losses = [], []
    for _ in range(cfg["warmup"] + cfg["steps"]):
        sync()
        start = time.perf_counter()
        yhat = net(x)
        loss = loss_fn(yhat, y)
        loss.backward()
        optimizr.step()
        optimizr.zero_grad()
        sync()
        seconds.append(time.perf_counter() - start)
        losses.append(loss.item())  # outside the clock, as the notes' loop never reads it
    return seconds[cfg["warmup"] :], losses


def run(torch, cfg: dict, out) -> dict:
    modules, missing = frameworks(torch)
    metrics: dict = {}
    for line in missing:
        print(f"engines: {line}")
    metrics["engines"] = ", ".join(modules) + "".join(f"; {line}" for line in missing)
    gpus = {name: gpu_name(m) for name, m in modules.items()}
    if not any(gpus.values()):
        metrics["GPU"] = (
            "none: no CUDA device for "
            + " or ".join(f"{n} ({n}.cuda.is_available() is False)" for n in modules)
            + "; only the CPU rows were timed"
        )
        print(f"GPU: {metrics['GPU']}", flush=True)
    else:
        metrics["GPU"] = "; ".join(f"{n}: {g or 'none'}" for n, g in gpus.items())
    rows = [
        (name, device)
        for device in ("cpu", "cuda")
        for name in modules
        if device == "cpu" or gpus[name]
    ]

    table = Table("engine", "device", "width", "s per step", "1000 steps s", width=14)
    found: dict = {}
    curves: dict = {}
    jobs = [(w, name, device) for w in cfg["widths"] for name, device in rows]
    for width, name, device in progress(jobs, "cpu-vs-gpu"):
        seconds, losses = time_steps(modules[name], width, device, cfg)
        median = statistics.median(seconds)
        found[name, device, width] = (median, min(seconds), max(seconds))
        key = f"{name} {device} H={width}"
        metrics[f"seconds per step {key}"] = median
        curves[f"step seconds {key}"] = seconds
        curves[f"loss {key}"] = losses
        table.row(name, device, width, median, median * 1000)
    if len(modules) == 2:
        for device in ("cpu", "cuda"):
            for width in cfg["widths"]:
                a, b = (curves.get(f"loss {n} {device} H={width}") for n in ENGINE_ORDER)
                if a is not None and b is not None:
                    diff = float(np.max(np.abs(np.subtract(a, b))))
                    metrics[f"max abs loss difference cybenko-torch {device} H={width}"] = diff

    _write_table(out / "timings.csv", found, cfg, gpus)
    _figure(out / "time_per_step.png", found, cfg, gpus)
    return {**metrics, **curves}


def device_label(name: str, device: str, gpus: dict) -> str:
    if device == "cuda" and gpus[name] and "test device" in gpus[name]:
        return "cuda (test device, NumPy)"
    return device


def _write_table(path, found, cfg, gpus) -> None:
    """timings.csv: one row per engine, device and width."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["engine", "device", "width", "median s per step", "min s", "max s",
             "timed steps", "1000 steps s (median x 1000)", "notes 1000 steps s (torch, 2022)"]
        )  # fmt: skip
        for (name, device, width), (median, low, high) in found.items():
            notes = NOTES[device].get(width, "")
            writer.writerow(
                [name, device_label(name, device, gpus), width, f"{median:.6g}", f"{low:.6g}",
                 f"{high:.6g}", cfg["steps"], f"{median * 1000:.4g}", notes]
            )  # fmt: skip


def _figure(path, found, cfg, gpus) -> None:
    engines = list(dict.fromkeys(name for name, _, _ in found))
    both = len(engines) == 2
    fig, axes = plot.figure(
        1, 2 if both else 1,
        title=f"One Adam step of the 1-H-1 ReLU net on {cfg['points']} points: median of "
              f"{cfg['steps']} steps after {cfg['warmup']} warm-up",
        size=(13, 5.2) if both else (7.5, 5.2),
    )  # fmt: skip
    ax = axes[0] if both else axes
    pairs = list(dict.fromkeys((name, device) for name, device, _ in found))
    for name, device in pairs:
        widths = [w for n, d, w in found if (n, d) == (name, device)]
        medians = [found[name, device, w][0] for w in widths]
        style = {**plot.ENGINE_STYLE.get(name, {}), "marker": MARKERS[device]}
        if device == "cuda":
            style["lw"] = 2.5
        ax.plot(widths, medians, label=f"{name} {device_label(name, device, gpus)}", **style)
    for device, marker in MARKERS.items():
        ws = sorted(NOTES[device])
        ax.plot(
            ws, [NOTES[device][w] / 1000 for w in ws], color="gray", ls=":", marker=marker,
            alpha=0.7, label=f"the notes (torch {device}, 2022)",
        )  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    plot.label(ax, xlabel="hidden width H", ylabel="seconds per step (log scale)",
               title="time per step against width (log-log)")  # fmt: skip
    if both:
        ratio_ax = axes[1]
        for device in ("cpu", "cuda"):
            widths = [w for n, d, w in found if n == "cybenko" and d == device]
            widths = [w for w in widths if ("torch", device, w) in found]
            if widths:
                ratios = [found["cybenko", device, w][0] / found["torch", device, w][0]
                          for w in widths]  # fmt: skip
                label = device_label("cybenko", device, gpus)
                ratio_ax.plot(widths, ratios, marker=MARKERS[device], label=f"{label}")
        ratio_ax.axhline(1, color="gray", lw=1, ls=":", label="as fast as torch")
        ratio_ax.set_xscale("log")
        ratio_ax.set_yscale("log")
        plot.label(ratio_ax, xlabel="hidden width H", ylabel="cybenko time / torch time",
                   title="cybenko's step over torch's, same device")  # fmt: skip
    plot.save(fig, path)
