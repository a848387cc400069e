"""A fresh clone on a learner's laptop: no course data beside it, nothing cached, no network.

`make demo` must still complete (the dnnex experiments regenerate the lecture's data from its
formulas and say so), and the package must name no folder of the machines it was built on.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cybenko.lab import experiments

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"

# An absolute path of some machine: a root folder of Unix or macOS after a quote, a space, a
# bracket or "=" (so a URL's path, "https://host/home/...", is not one), or a Windows drive.
# The kernel's own files (/proc, /sys, /dev) are the same on every Linux machine: not listed.
ABSOLUTE_PATH = re.compile(
    r"""(?:^|[\s"'(`=\[,])/(?:work|home|tmp|root|Users|mnt|opt|srv|var|usr|etc|data|shared|"""
    r"""scratch|media|Volumes)/"""
    r"""|\b[A-Za-z]:\\"""
)


CODE = ("src", "tests", "bench", "tools", "examples")


def test_no_code_names_an_absolute_path():
    """Nothing a learner's machine runs names a folder of ours (this file's examples of what
    the pattern finds aside)."""
    found = []
    for folder in CODE:
        for path in sorted((REPO / folder).rglob("*")):
            if not path.is_file() or path.suffix in {".pyc", ".png", ".gif", ".json"}:
                continue
            if path == Path(__file__).resolve():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), 1):
                if ABSOLUTE_PATH.search(line):
                    found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not found, "absolute paths in the code:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    ['DATA = Path("/work/shared/data")', "see /home/me/x", "'/tmp/cache'", r'"C:\\Users\\me"'],
)
def test_the_path_pattern_finds_absolute_paths(line):
    assert ABSOLUTE_PATH.search(line)


@pytest.mark.parametrize(
    "line",
    ["https://example.org/home/data.csv", "../shared/data", "~/.cache/cybenko", "a/b/c"],
)
def test_the_path_pattern_lets_urls_and_relative_paths_be(line):
    assert not ABSOLUTE_PATH.search(line)


# Installed through PYTHONPATH into the demo's interpreter: every connection and name lookup
# fails, as on a laptop without network, and is written down so the test sees it was tried.
NO_NETWORK = """
import os, socket

def _refuse(*args, **kwargs):
    with open(os.environ["NO_NETWORK_LOG"], "a") as log:
        log.write(repr(args[:2]) + "\\n")
    raise OSError("network disabled by the test")

socket.getaddrinfo = _refuse
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
"""


def _demo_command() -> list[str]:
    """The arguments `make demo` hands to cybenko, read from the Makefile."""
    recipe = (REPO / "Makefile").read_text().split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    (line,) = [r for r in recipe.splitlines() if "/bin/cybenko " in r]
    return line.split("/bin/cybenko ", 1)[1].split()


@pytest.mark.slow
def test_make_demo_completes_offline_with_no_course_data_and_an_empty_cache(tmp_path):
    """The tour (about 30 s) on a machine with no CYBENKO_DATA, an empty cache and no network:
    exit 0, the report written, the dnnex data regenerated and said so."""
    pytest.importorskip("matplotlib")
    argv = _demo_command()
    assert argv == ["lab", "tour", "--quick"]
    (tmp_path / "offline").mkdir()
    (tmp_path / "offline" / "sitecustomize.py").write_text(NO_NETWORK)
    (tmp_path / "cache").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CYBENKO_DATA"}
    env.update(
        PYTHONPATH=str(tmp_path / "offline"),
        CYBENKO_CACHE=str(tmp_path / "cache"),
        NO_NETWORK_LOG=str(tmp_path / "network.log"),
        MPLBACKEND="Agg",
    )
    done = subprocess.run(
        [sys.executable, "-m", "cybenko", *argv],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert "raw.githubusercontent.com" in (tmp_path / "network.log").read_text()  # tried, refused
    assert (tmp_path / "runs" / "report.html").stat().st_size > 1000
    names = experiments.names()
    announced = [line for line in done.stdout.splitlines() if " done in " in line]
    assert [line.split("] ")[1].split(" done")[0] for line in announced] == names
    assert announced[-1].startswith(f"[{len(names)}/{len(names)}] {names[-1]} done in ")
    assert f"tour: {len(names)} experiments in " in done.stdout
    told = [line for line in done.stdout.splitlines() if line.startswith("data: ")]
    news = (  # news-tfidf: a generated corpus
        f"data: no copy of the BBC news corpus in CYBENKO_DATA, the cache ({tmp_path / 'cache'})"
        " or online; 600 articles made from news_tfidf's category word lists stand in"
        " (generated_corpus(seed=0))"
    )
    digits = [line for line in told if "scikit-learn's 8x8 digits" in line]
    assert digits  # each experiment that reads MNIST says its stand-in once
    dnnex = [  # universal-approximation's and dnn-examples'
        f"data: no copy of the lecture's {sets} in CYBENKO_DATA, the cache ({tmp_path / 'cache'})"
        " or online; regenerated from the lecture's formulas (lab.data.dnnexK(seed=43052))"
        for sets in ("dnnex0 CSV", "dnnex0, dnnex1, dnnex2, dnnex3 CSVs")
    ]
    assert sorted(line for line in told if line not in digits) == sorted([news, *dnnex])
    (run,) = (tmp_path / "runs" / "dnn-examples").iterdir()
    summary = (run / "summary.md").read_text()
    for k in range(4):
        assert f"| data dnnex{k} | regenerated from the lecture's formula" in summary
    assert not list((tmp_path / "cache").rglob("*.csv"))  # nothing half-downloaded was kept
