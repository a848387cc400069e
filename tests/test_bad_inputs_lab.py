"""Bad input to the lab and to the course's data files.

The command line: a user's mistake is told in one line on stderr ("cybenko: error: ...") with
exit status 2, before anything is written; a run that fails or is interrupted leaves no folder
that `lab report` would show. The data files: a damaged IDX, PNG or CSV raises the documented
error naming the file (RuntimeError for IDX and images, as torchvision; ValueError for CSVs, as
pandas; DataError, a RuntimeError, for the course files), never an internal exception.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

import cybenko as torch
from cybenko.lab import data, experiments
from cybenko.lab.cli import main
from cybenko.lab.csv import read_csv
from cybenko.vision import decode_png, read_image, write_png
from cybenko.vision.datasets import read_idx
from lab_runs import run_folder

pytest.importorskip("matplotlib")


def assert_one_line_error(capsys, argv, message: str) -> str:
    """`cybenko` with argv exits 2 with one line on stderr holding `message`; the line."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("cybenko: error: ") and err.count("\n") == 1, err
    assert message in err and "Traceback" not in err, err
    return err


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "unknown experiment 'nope'"),
        (["xor", "--engine", "jax"], "unknown engine 'jax'; choose one of cybenko, torch, both"),
        (["xor", "--device", "tpu"], "--device tpu:"),
        (["xor", "--seed", "x"], "invalid int value: 'x'"),
        (["xor", "--seed", str(2**64)], "--seed expects an integer from -2**63 to 2**64 - 1"),
        (["xor", "--set", "steps"], "--set expects key=value, got 'steps'"),
        (["xor", "--set", "stepz=3"], "unknown key 'stepz' for xor; valid keys:"),
        (["xor", "--set", "steps="], "steps expects a number, got ''"),
        (["xor", "--set", "device=tpu"], "--device tpu:"),
    ],
)  # fmt: skip
def test_a_mistaken_run_command_exits_2_in_one_line_and_writes_nothing(
    tmp_path, capsys, args, message
):
    assert_one_line_error(capsys, ["lab", "run", *args, "--out", str(tmp_path)], message)
    assert not any(tmp_path.iterdir())


# One value each rule refuses, with the words of the refusal.
REFUSED = {
    experiments.COUNT: [("-5", "a positive integer"), ("2.5", "expects an integer")],
    experiments.RATE: [("-1", "a positive finite number"), ("1e999", "a positive finite number")],
    experiments.NUMBER: [("1e999", "a finite number")],
    experiments.SCALE: [("-0.1", "a finite number >= 0")],
    experiments.SEED: [(str(-(2**63) - 1), "an integer from -2**63 to 2**64 - 1")],
    experiments.FLAG: [("1", "expects True or False")],
    experiments.COUNTS: [("[0, 3]", "a non-empty list of positive integers"), ("[]", "non-empty")],
    experiments.POINT: [("(1.0,)", "two finite numbers"), ("(1, 'a')", "two finite numbers")],
}


def _refusals():
    for name in experiments.names():
        module = experiments.get(name)
        for key, rule in module.RULES.items():
            for text, words in REFUSED.get(rule, [("0", rule.says), ("1e9", rule.says)]):
                yield pytest.param(name, key, text, words, id=f"{name}-{key}={text}")


@pytest.mark.parametrize(("name", "key", "text", "words"), list(_refusals()))
def test_a_setting_outside_its_rule_exits_2_before_anything_runs(
    tmp_path, capsys, name, key, text, words
):
    argv = ["lab", "run", name, "--set", f"{key}={text}", "--out", str(tmp_path)]
    assert words in assert_one_line_error(capsys, argv, f"{key} expects")
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", experiments.names())
def test_every_setting_has_a_rule_that_its_defaults_and_quick_values_pass(name):
    module = experiments.get(name)
    assert set(module.RULES) == set(module.DEFAULTS)
    for key, value in {**module.DEFAULTS, **module.QUICK}.items():
        assert module.RULES[key].accepts(value), (key, value)


def test_out_naming_a_file_exits_2_and_writes_nothing(tmp_path, capsys):
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    argv = ["lab", "run", "xor", "--quick", "--out", str(file)]
    assert_one_line_error(capsys, argv, f"--out {file} is a file; name a folder")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert file.read_text() == "mine"


def test_out_inside_a_file_exits_2(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    out = tmp_path / "notes.txt" / "runs"
    argv = ["lab", "run", "xor", "--quick", "--out", str(out)]
    assert_one_line_error(capsys, argv, f"goes through the file {tmp_path / 'notes.txt'}")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_out_in_a_folder_nobody_can_write_exits_2(capsys):
    """/proc refuses new folders even to root (chmod would not stop root)."""
    argv = ["lab", "run", "xor", "--quick", "--out", "/proc/cybenko-runs"]
    assert_one_line_error(capsys, argv, "--out /proc/cybenko-runs: cannot write there")
    assert not Path("/proc/cybenko-runs").exists()


def test_out_whose_experiment_folder_is_a_file_exits_2(tmp_path, capsys):
    (tmp_path / "xor").write_text("not a folder")
    argv = ["lab", "run", "xor", "--quick", "--out", str(tmp_path)]
    assert_one_line_error(capsys, argv, f"--out {tmp_path}: cannot write there")


def test_tour_with_out_naming_a_file_exits_2_before_any_run(tmp_path, capsys):
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    assert_one_line_error(capsys, ["lab", "tour", "--quick", "--out", str(file)], "is a file")
    assert capsys.readouterr().out == ""


def test_report_with_no_runs_exits_2(tmp_path, capsys):
    argv = ["lab", "report", "--out", str(tmp_path)]
    assert_one_line_error(capsys, argv, f"no runs under {tmp_path}/; run one first")


@pytest.fixture
def one_good_run(tmp_path):
    """A complete, tiny xor run under tmp_path."""
    argv = ["lab", "run", "xor", "--set", "steps=2", "--set", "log_every=1"]
    assert main([*argv, "--out", str(tmp_path)]) == 0
    return run_folder(tmp_path, "xor")


def _failing_run(error: BaseException):
    def run(torch, cfg, out):
        (out / "half.png").write_bytes(b"half a figure")
        raise error

    return run


def test_a_run_that_fails_leaves_no_folder_and_the_report_shows_the_last_good_one(
    tmp_path, one_good_run, monkeypatch
):
    monkeypatch.setattr(experiments.get("xor"), "run", _failing_run(ValueError("a bug")))
    with pytest.raises(ValueError, match="a bug"):  # a bug keeps its traceback
        main(["lab", "run", "xor", "--quick", "--out", str(tmp_path)])
    assert [p.name for p in (tmp_path / "xor").iterdir()] == [one_good_run.name]
    assert main(["lab", "report", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "report.html").read_text()
    assert f"xor/{one_good_run.name}" in page and "half.png" not in page


def test_an_interrupted_run_exits_130_and_leaves_no_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(experiments.get("xor"), "run", _failing_run(KeyboardInterrupt()))
    assert main(["lab", "run", "xor", "--quick", "--out", str(tmp_path)]) == 130
    assert capsys.readouterr().err == "cybenko: interrupted\n"
    assert not list((tmp_path / "xor").iterdir())


def test_the_report_skips_folders_of_killed_or_half_written_runs(tmp_path, one_good_run):
    killed = tmp_path / "xor" / ".running-0123456789ab"  # a process killed while writing
    half = tmp_path / "xor" / "99991231-235959"  # an old cybenko's half-made run, newest by name
    for folder in (killed, half):
        folder.mkdir()
        (folder / "config.json").write_text("{}")
        (folder / "loss.png").write_bytes(b"half a figure")
    (killed / "summary.md").write_text("# xor\n")
    assert main(["lab", "report", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "report.html").read_text()
    assert f"xor/{one_good_run.name}" in page
    assert half.name not in page and killed.name not in page


def test_a_damaged_course_file_ends_the_run_in_one_line(tmp_path, capsys, monkeypatch):
    """A local copy that fails its sha256 is not silently replaced by regenerated data."""
    local = tmp_path / "data"
    (local / "dnnex").mkdir(parents=True)
    (local / "dnnex" / "2022-10-04-dnnex0.csv").write_text("x,underlying,y\n0.5,0.5,1.0\n")
    monkeypatch.setenv("CYBENKO_DATA", str(local))
    argv = ["lab", "run", "dnn-examples", "--quick", "--out", str(tmp_path / "runs")]
    assert_one_line_error(capsys, argv, "2022-10-04-dnnex0.csv (from CYBENKO_DATA) does not match")
    assert not list((tmp_path / "runs" / "dnn-examples").iterdir())


# --- IDX files (MNIST) ------------------------------------------------------------------------

IDX = b"\0\0\x08\x02" + struct.pack(">II", 2, 3) + bytes(range(6))  # a uint8 2x3 array


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "not an IDX file"),
        (b"PK\x03\x04" + IDX[4:], "not an IDX file (bad magic number 504b0304)"),
        (b"\0\0\x0a\x02" + IDX[4:], "unknown IDX element type 0x0a"),
        (IDX[:9], "the header of 2 dimensions is truncated"),
        (IDX[:-1], "holds 5; it is truncated or damaged"),
        (IDX + b"\0", "holds 7; it is truncated or damaged"),
        (b"\0\0\x08\x03" + struct.pack(">III", 2**32 - 1, 2**32 - 1, 2**32 - 1), "promises shape"),
        (gzip.compress(IDX)[:-6], "cannot be decompressed"),
        (gzip.compress(IDX)[:-8] + b"\0\0\0\0" + gzip.compress(IDX)[-4:], "cannot be decompressed"),
    ],
    ids=[
        "empty", "bad-magic", "unknown-type", "truncated-header", "truncated-data",
        "extra-data", "huge-shape", "truncated-gzip", "gzip-crc",
    ],
)  # fmt: skip
def test_read_idx_of_a_damaged_file_raises_runtime_error_naming_it(tmp_path, content, problem):
    path = tmp_path / "images-idx3-ubyte"
    path.write_bytes(content)
    with pytest.raises(RuntimeError) as e:
        read_idx(path)
    assert str(e.value).startswith(f"{path}: ") and problem in str(e.value)
    assert "download it again" in str(e.value)


# --- images ------------------------------------------------------------------------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(ihdr: bytes, rows: bytes, plte: bytes = b"") -> bytes:
    plte_chunk = _chunk(b"PLTE", plte) if plte else b""
    body = _chunk(b"IHDR", ihdr) + plte_chunk + _chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + body + _chunk(b"IEND", b"")


@pytest.fixture
def good_png(tmp_path) -> bytes:
    write_png(torch.arange(48, dtype=torch.uint8).reshape(3, 4, 4), tmp_path / "ok.png")
    return (tmp_path / "ok.png").read_bytes()


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda png: png[:40], "not a valid PNG"),
        (lambda png: png[:8] + b"\0" * 30, "not a valid PNG"),
        (lambda png: png[:30] + bytes([png[30] ^ 0xFF]) + png[31:], "wrong CRC"),
        (lambda png: _png(struct.pack(">IIBB", 4, 4, 8, 0), b"\0" * 20), "IHDR chunk of 10 bytes"),
        (lambda png: _png(struct.pack(">IIBBBBB", 0, 4, 8, 0, 0, 0, 0), b""), "image of 0×4"),
        (
            lambda png: _png(struct.pack(">IIBBBBB", 2, 1, 8, 3, 0, 0, 0), b"\0\0\x05", b"\0" * 6),
            "palette index 5 past the 2 colours",
        ),
        (lambda png: b"GIF89a" + b"\0" * 10, "cannot decode"),
        (lambda png: b"\xff\xd8\xff\xe0\0\x10JFIF\0" + b"\0" * 8, "cannot decode"),
    ],
    ids=[
        "truncated", "no-chunks", "bad-crc", "short-ihdr", "zero-width", "palette-index",
        "damaged-gif", "truncated-jpeg",
    ],
)  # fmt: skip
def test_read_image_of_a_damaged_file_raises_runtime_error_naming_it(
    tmp_path, good_png, damage, problem
):
    if problem == "cannot decode":
        pytest.importorskip("PIL")
    path = tmp_path / "damaged.png"
    path.write_bytes(damage(good_png))
    with pytest.raises(RuntimeError) as e:
        read_image(path)
    assert str(path) in str(e.value) and problem in str(e.value)


def test_decode_png_of_damaged_bytes_raises_runtime_error(good_png):
    damaged = torch.tensor(np.frombuffer(good_png[:40], dtype=np.uint8).copy())
    with pytest.raises(RuntimeError, match="decode_png: the data is not a valid PNG"):
        decode_png(damaged)


# --- CSV files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty, expected a header row"),
        (b"x,underlying,y\n0.1,0.2,1.0\n0.3,0.4", "line 3: expected 3 fields (x, underlying, y)"),
        (b"x,y\n\x89PNG\r\n\x1a\n\0\0", "not a UTF-8 text file (byte 4 is b'\\x89')"),
        (b"x,y,x\n1,2,3\n", "the header names a column twice: x"),
    ],
    ids=["empty", "truncated-row", "binary", "repeated-column"],
)
def test_read_csv_of_a_damaged_file_raises_value_error_naming_it(tmp_path, content, problem):
    path = tmp_path / "dnnex.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError) as e:
        read_csv(path)
    assert str(e.value).startswith(str(path)) and problem in str(e.value)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("x,y\n0.1,1.0\n", "has the columns ['x', 'y'], expected ['x', 'underlying', 'y']"),
        ("x,underlying,y\n", "has a header but no rows"),
        ("x,underlying,y\n0.1,0.2,yes\n", "cells that are not numbers in the column(s) y"),
        ("x,underlying,y\n0.1,0.2\n", "line 2: expected 3 fields"),
    ],
    ids=["wrong-columns", "no-rows", "text-cells", "truncated-row"],
)
def test_a_dnnex_csv_without_the_lecture_columns_raises_data_error(tmp_path, content, problem):
    path = tmp_path / "dnnex0.csv"
    path.write_text(content)
    with pytest.raises(data.DataError) as e:
        data.read_dnnex(path, 0)
    assert isinstance(e.value, RuntimeError)
    assert str(path) in str(e.value) and problem in str(e.value)
    assert "not the lecture's dnnex0.csv" in str(e.value)


@pytest.fixture
def local_dnnex0(tmp_path, monkeypatch):
    """A CYBENKO_DATA folder whose dnnex0 copy the test writes; an empty cache."""
    monkeypatch.setenv("CYBENKO_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CYBENKO_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "data" / data.resource("dnnex0").path
    path.parent.mkdir(parents=True)
    return path


def test_a_damaged_dnnex_copy_names_the_file_both_hashes_and_the_fix(local_dnnex0):
    local_dnnex0.write_text("x,underlying,y\n" + "0.5,0.5,1.0\n" * 100)
    with pytest.raises(data.ChecksumError) as e:
        data.load_dnnex(0)
    message = str(e.value)
    found = hashlib.sha256(local_dnnex0.read_bytes()).hexdigest()
    assert f"{local_dnnex0} (from CYBENKO_DATA) does not match" in message
    assert f"sha256 {found}, expected {data.resource('dnnex0').sha256}" in message
    assert "Replace it with a fresh copy from https://" in message


def test_a_truncated_dnnex_copy_is_called_truncated(local_dnnex0):
    local_dnnex0.write_text("x,underlying,y\n-1.0,4.5397872e-05,0.0\n")  # its first 38 bytes
    with pytest.raises(data.ChecksumError, match=r"38 bytes of 69444: it looks truncated\. Rep"):
        data.load_dnnex(0)


def test_a_cache_that_cannot_be_made_is_data_not_found_saying_so(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    monkeypatch.delenv("CYBENKO_DATA", raising=False)
    monkeypatch.setenv("CYBENKO_CACHE", str(tmp_path / "file" / "cache"))
    with pytest.raises(data.DataNotFound, match=r"cache folder .* cannot be made.*CYBENKO_CACHE"):
        data.fetch("dnnex1")


def test_python_dash_m_cybenko_tells_a_bad_setting_in_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "cybenko", "lab", "run", "xor", "--set", "steps=-5"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr == "cybenko: error: steps expects a positive integer, got -5\n"
    assert not any(tmp_path.iterdir())
