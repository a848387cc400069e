"""Shared figure helpers for the lab: every figure titled, its axes labelled, a legend where
there is more than one line, saved as PNG at 120 dpi; animations saved as GIF with Pillow.

Figures are drawn on matplotlib's object-oriented `Figure` with the Agg canvas, never pyplot,
so no window opens and no global state is touched:

    fig, ax = plot.figure(title="Loss")
    ax.plot(losses, label="2-layer")
    plot.label(ax, xlabel="step", ylabel="BCE loss")
    plot.save(fig, out / "loss.png")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 120
ENGINE_STYLE = {"cybenko": {"color": "tab:blue"}, "torch": {"color": "tab:orange", "ls": "--"}}


def figure(nrows: int = 1, ncols: int = 1, *, title: str, size: tuple[float, float] | None = None):
    """A new Agg figure with a grid of axes and a title: (fig, ax) or (fig, array of axes)."""
    fig = Figure(figsize=size or (6.4 * ncols, 4.4 * nrows))
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=True)
    fig.suptitle(title, fontsize=13)
    return fig, axes


def label(
    ax, *, xlabel: str, ylabel: str, title: str | None = None, legend: bool | str = True
) -> None:
    """Label both axes, title the panel, and add a legend when some line carries a label
    (`legend` may name where, e.g. "lower center", where matplotlib's "best" covers a curve)."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=11)
    ax.grid(True, alpha=0.3)
    handles, _ = ax.get_legend_handles_labels()
    if legend and handles:
        ax.legend(fontsize=9, loc=legend if isinstance(legend, str) else "best")


def save(fig: Figure, path: str | Path) -> Path:
    """Lay out and write the figure as PNG at 120 dpi; returns the path."""
    path = Path(path)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    return path


def curves(
    path: str | Path,
    series: dict[str, Sequence[float]],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    logy: bool = False,
    styles: dict[str, dict] | None = None,
) -> Path:
    """One panel with a line per named series (`styles` gives some series their own
    matplotlib keywords, e.g. a dashed line over one it should not hide)."""
    fig, ax = figure(title=title)
    for name, values in series.items():
        style = {"lw": 1.2, **(styles or {}).get(name, {})}
        ax.plot(np.asarray(values, dtype=float), label=name, **style)
    if logy:
        ax.set_yscale("log")
    label(ax, xlabel=xlabel, ylabel=ylabel)
    return save(fig, path)


def overlay(
    path: str | Path, runs: dict[str, dict[str, Sequence[float]]], *, title: str, xlabel: str
) -> Path:
    """Each series of every engine in one figure: a panel per series, a line per engine.
    `runs` is {engine: {series: values}}."""
    names = list(next(iter(runs.values())))
    ncols = min(len(names), 3)
    nrows = -(-len(names) // ncols)
    fig, axes = figure(nrows, ncols, title=title)
    axes = np.atleast_1d(axes).ravel()
    for ax, name in zip(axes, names):  # noqa: B905 - the grid may have spare panels
        for engine, series in runs.items():
            values = np.asarray(series[name], dtype=float)
            ax.plot(values, label=engine, lw=1.2, **ENGINE_STYLE.get(engine, {}))
        if _positive(runs, name):
            ax.set_yscale("log")
        label(ax, xlabel=xlabel, ylabel=name, title=name)
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    return save(fig, path)


def _positive(runs, name) -> bool:
    """A loss-like series (name contains 'loss', all values > 0) is drawn on a log scale."""
    return "loss" in name and all(np.min(s[name]) > 0 for s in runs.values())


def animate(
    path: str | Path,
    draw: Callable[[Figure, int], None],
    frames: int,
    *,
    size: tuple[float, float] = (6.0, 4.5),
    ms_per_frame: int = 80,
) -> Path:
    """A GIF written by Pillow: `draw(fig, i)` draws frame i on a cleared figure."""
    from PIL import Image

    fig = Figure(figsize=size)
    canvas = FigureCanvasAgg(fig)
    images = []
    for i in range(frames):
        fig.clear()
        draw(fig, i)
        canvas.draw()
        rgb = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy())
        images.append(rgb.convert("P", palette=Image.Palette.ADAPTIVE))
    path = Path(path)
    images[0].save(path, save_all=True, append_images=images[1:], duration=ms_per_frame, loop=0)
    return path
