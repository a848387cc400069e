"""The lab's command line: each experiment of the notes as one command that trains, measures
and draws, on cybenko by default and on PyTorch with `--engine torch`.

    cybenko lab list
    cybenko lab run xor [--engine cybenko|torch|both] [--device cpu|cuda] [--seed N]
                        [--set key=value ...] [--quick] [--out DIR]
    cybenko lab tour [--quick]          every experiment, then the report
    cybenko lab report                  runs/report.html: the latest run of each experiment
    cybenko lab serve [--host 127.0.0.1] [--port 8765]   the browser playground

(also `python -m cybenko lab ...`). A run writes runs/NAME/<timestamp>/ (or DIR/NAME/...):
config.json, metrics.csv (the curves), metrics.json (the numbers), summary.md and the
figures. Mistakes on the command line (a setting out of its experiment's RULES, an --out that
cannot hold runs, ...) are told in one line, with exit status 2, before anything is written.

A run is written into a hidden staging folder, runs/NAME/.running-*, renamed to its timestamp
only once complete; a run that fails or is interrupted removes it, so `lab report`, which
skips hidden folders, shows only complete runs.
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import shutil
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from cybenko.utils.download import DataError

from . import engines, experiments
from .experiments import UserError

DEFAULT_ROOT = Path("runs")


class _Parser(argparse.ArgumentParser):
    """argparse that raises UserError (one line, exit 2) instead of printing usage and exiting."""

    def error(self, message):
        raise UserError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cybenko", description="cybenko's lab: the notes' experiments.")
    top = parser.add_subparsers(dest="floor", metavar="lab", parser_class=_Parser)
    lab = top.add_parser("lab", help="run, tour and report the notes' experiments")
    sub = lab.add_subparsers(
        dest="command", metavar="{list,run,tour,report,serve}", parser_class=_Parser
    )
    sub.add_parser("list", help="the registered experiments")
    run = sub.add_parser("run", help="train, measure and draw one experiment")
    run.add_argument("name")
    run.add_argument("--engine", default="cybenko", help="cybenko (default), torch or both")
    run.add_argument("--device", default="cpu", help="cpu (default) or cuda (cuda:N)")
    run.add_argument("--seed", type=int)
    run.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE")
    run.add_argument("--quick", action="store_true", help="a short run that shows the result")
    run.add_argument("--out", type=Path, default=DEFAULT_ROOT, help="root folder (runs/)")
    tour = sub.add_parser("tour", help="every experiment, then the report")
    tour.add_argument("--quick", action="store_true")
    tour.add_argument("--engine", default="cybenko")
    tour.add_argument("--device", default="cpu")
    tour.add_argument("--out", type=Path, default=DEFAULT_ROOT)
    report = sub.add_parser("report", help="one HTML page of the latest runs")
    report.add_argument("--out", type=Path, default=DEFAULT_ROOT)
    serve = sub.add_parser("serve", help="the browser playground: train a net live in a page")
    serve.add_argument("--host", default="127.0.0.1", help="address (default: loopback only)")
    serve.add_argument("--port", type=int, default=8765, help="port (0: any free port)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """The `cybenko` command; returns the exit status (0, or 2 for a user error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
        if args.floor != "lab" or args.command is None:
            raise UserError(
                "expected: cybenko lab {list,run,tour,report,serve}; see cybenko lab -h"
            )
        if args.command == "list":
            list_experiments()
        elif args.command == "run":
            run_experiment(
                args.name, args.engine, args.seed, args.sets, args.quick, args.out, args.device
            )
        elif args.command == "tour":
            tour(args.quick, args.engine, args.out, args.device)
        elif args.command == "serve":
            serve(args.host, args.port)
        else:
            print(write_report(args.out))
    except (UserError, DataError) as error:  # DataError: a course file that cannot be had
        print(f"cybenko: error: {error}", file=sys.stderr)
        return 2
    except SystemExit as done:  # -h and --help print and stop here
        return done.code if isinstance(done.code, int) else 0
    except KeyboardInterrupt:
        print("cybenko: interrupted", file=sys.stderr)
        return 130
    return 0


def serve(host: str, port: int) -> None:
    """The playground's server, until Ctrl-C (a port that cannot be had is a UserError)."""
    from .playground import server

    if not 0 <= port <= 65535:
        raise UserError(f"--port {port} is not a port; give 0 (any free port) to 65535")
    try:
        server.serve(host, port)
    except OSError as e:
        raise UserError(f"cannot serve on {host}:{port}: {e.strerror or e}") from None


def list_experiments() -> None:
    width = max(map(len, experiments.names()))
    for name in experiments.names():
        print(f"{name:<{width}}  {experiments.get(name).TITLE}")


def run_experiment(
    name: str,
    engine: str = "cybenko",
    seed: int | None = None,
    sets: list[str] = (),
    quick: bool = False,
    root: Path = DEFAULT_ROOT,
    device: str = "cpu",
) -> Path:
    """Run one experiment into a new root/NAME/<timestamp>/ folder; returns the folder."""
    module = experiments.get(name)
    if engine not in engines.CHOICES:
        raise UserError(f"unknown engine {engine!r}; choose one of {', '.join(engines.CHOICES)}")
    cfg = experiments.config(name, quick=quick, seed=seed, sets=sets, device=device)
    for e in engines.ENGINES if engine == "both" else (engine,):
        engines.check_device(engines.resolve(e), cfg["device"])  # told before any folder is made
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    staging = _staging_folder(Path(root), name)
    try:
        config = {"experiment": name, "engine": engine, "quick": quick, "config": cfg}
        config["started"] = datetime.now(timezone.utc).isoformat(timespec="seconds")  # noqa: UP017
        config["python"] = platform.python_version()
        text = json.dumps(config, indent=2) + "\n"
        (staging / "config.json").write_text(text, encoding="utf-8")
        print(f"{name} on {engine} -> {staging.parent / stamp}", flush=True)
        results = engines.run(module, engine, cfg, staging)
        engines.write_metrics(staging / "metrics.csv", results)
        numbers = {e: engines.split(m)[0] for e, m in results.items()}
        text = json.dumps(numbers, indent=2) + "\n"
        (staging / "metrics.json").write_text(text, encoding="utf-8")
        summary = engines.write_summary(
            staging / "summary.md", name, module.TITLE, engine, cfg, results
        )
        out = _publish(staging, stamp)
    except BaseException:  # a failed or interrupted run (Ctrl-C too) leaves no folder behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    print(summary.split("## Metrics", 1)[1].strip(), flush=True)
    print(f"wrote {out}", flush=True)
    return out


STAGING = ".running-"  # the prefix of a run's folder until it is complete


def _staging_folder(root: Path, name: str) -> Path:
    """A new hidden folder root/NAME/.running-*, where a run writes until it is complete.
    An --out that cannot hold it (a file, a path through a file, a folder that cannot be
    written) is a UserError, told before anything is written."""
    for part in (root, *root.parents):  # the deepest part that exists must be a folder
        if part.exists():
            if not part.is_dir():
                what = "is a file" if part == root else f"goes through the file {part}"
                raise UserError(f"--out {root} {what}; name a folder (default: runs)")
            break
    try:
        (root / name).mkdir(parents=True, exist_ok=True)
        staging = root / name / f"{STAGING}{uuid.uuid4().hex[:12]}"
        staging.mkdir()  # not mkdtemp, whose mode 0700 would stay on the published run
        return staging
    except OSError as e:
        raise UserError(
            f"--out {root}: cannot write there ({e.strerror or e}); name a folder you can write to"
        ) from None


def _publish(staging: Path, stamp: str) -> Path:
    """Rename the complete run to its timestamp (stamp-2, stamp-3, ... when taken)."""
    out, k = staging.parent / stamp, 1
    while True:
        try:
            staging.rename(out)  # refuses an existing non-empty folder: no run is overwritten
            return out
        except OSError:
            if not out.exists():
                raise
        k += 1
        out = staging.parent / f"{stamp}-{k}"


def tour(
    quick: bool = False, engine: str = "cybenko", root: Path = DEFAULT_ROOT, device: str = "cpu"
) -> None:
    """Every registered experiment, each announced with its place in the tour and timed, then
    the report."""
    names = experiments.names()
    started = time.perf_counter()
    for i, name in enumerate(names, 1):
        print(f"\n[{i}/{len(names)}] {name}", flush=True)
        begun = time.perf_counter()
        run_experiment(name, engine, quick=quick, root=root, device=device)
        print(f"[{i}/{len(names)}] {name} done in {time.perf_counter() - begun:.1f} s", flush=True)
    print(f"\ntour: {len(names)} experiments in {time.perf_counter() - started:.0f} s")
    print(f"report: {Path(write_report(root)).resolve()}  (open it in a browser)")


def latest_runs(root: Path) -> dict[str, Path]:
    """The newest complete run folder (by name, i.e. timestamp) of each experiment under
    root: hidden folders (runs being written, or left by a killed process) are skipped, and
    so are folders without summary.md, the last file a run writes."""
    found = {}
    for name in experiments.names():
        runs = sorted(
            p
            for p in (Path(root) / name).glob("*")
            if not p.name.startswith(".") and (p / "summary.md").is_file()
        )
        if runs:
            found[name] = runs[-1]
    return found


LINKED = {".csv", ".json", ".md", ".dot", ".svg"}  # the report links these files of a run


def what_it_shows(module) -> str:
    """The paragraph of an experiment's docstring that starts "What it shows", on one line."""
    doc = module.__doc__ or ""
    start = doc.find("What it shows")
    if start < 0:
        return ""
    paragraph = doc[start:].split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def write_report(root: Path = DEFAULT_ROOT) -> Path:
    """root/report.html: every figure, animation and summary of the latest run of each
    experiment, linked relatively so the folder can be moved or zipped."""
    root = Path(root)
    runs = latest_runs(root)
    if not runs:
        raise UserError(f"no runs under {root}/; run one first: cybenko lab run xor --quick")
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>cybenko lab report</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}"
        "img{max-width:100%;border:1px solid #ddd;margin:.4em 0}"
        "pre{background:#f6f6f6;padding:.8em;overflow-x:auto}</style></head><body>",
        "<h1>cybenko lab report</h1><ul>",
        *(f"<li><a href='#{n}'>{n}</a> ({html.escape(str(p.name))})</li>" for n, p in runs.items()),
        "</ul>",
    ]
    for name, folder in runs.items():
        rel = folder.relative_to(root).as_posix()
        module = experiments.get(name)
        parts.append(f"<h2 id='{name}'>{name} <small>{html.escape(rel)}</small></h2>")
        parts.append(f"<p><b>{html.escape(module.TITLE)}</b></p>")
        if shows := what_it_shows(module):
            parts.append(f"<p>{html.escape(shows)}</p>")
        for image in sorted([*folder.rglob("*.png"), *folder.rglob("*.gif")]):
            src = html.escape(image.relative_to(root).as_posix())
            parts.append(
                f"<figure><img src='{src}' alt='{src}' loading='lazy'>"
                f"<figcaption>{src}</figcaption></figure>"
            )
        summary = folder / "summary.md"
        if summary.exists():
            parts.append(f"<pre>{html.escape(summary.read_text(encoding='utf-8'))}</pre>")
        files = [f for f in sorted(folder.rglob("*")) if f.suffix in LINKED]
        links = (
            f"<a href='{html.escape(f.relative_to(root).as_posix())}'>"
            f"{html.escape(f.relative_to(folder).as_posix())}</a>"
            for f in files
        )
        parts.append("<p>" + " · ".join(links) + "</p>")
    parts.append("</body></html>")
    path = root / "report.html"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
