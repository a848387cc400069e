"""Seed 000 (깊은신경망(2)) as a script, examples/notes/seed_000_deep_nets.py, prints the same
under cybenko and under PyTorch, and prints what the notes print.

The script runs once per engine, both at once, in quick mode (shorter trainings), with the
MNIST PNG folders written beforehand into a temporary cache shared by both runs. Its output is
compared token by token (tests/notes_harness.py): integers, shapes and words exactly, floats
within 1e-4 relative. Three kinds of lines are judged otherwise:

- "time:" lines (the CPU-vs-GPU timings) say how long a loop took: they are left out of the
  comparison, and checked only to be there, one per timed listing, with a duration >= 0.
- GPU listings: the test hides any GPU from both engines (CUDA_VISIBLE_DEVICES=""), so each
  GPU listing prints the same one-line note under both, compared as words.
- The one draw the notes make without a seed (eps of the 100000-point data, 확률적경사하강법)
  comes right after the timing listings' manual_seed(5) in a run from the top, so it is
  the same in both engines and compared number by number; its claim (a fit on every 100th
  point is close to y = 2x) is checked too.

A third run, on cybenko with the test device (CYBENKO_TEST_CUDA=1: `cuda:0` backed by NumPy),
runs the GPU listings and is checked against the outputs and errors the notes print for them.

Everything else is seeded (43052, 5, 1, 12345) or deterministic (the hand-set weights, the
MNIST files, the dnnex0 CSV), so it is compared number by number. Quick mode trains fewer
epochs than the notes, so the accuracies the notes print after 70-200 epochs (0.9981, 0.9949,
0.9997) are not expected here; what the notes print before training is checked against the
cybenko run below. Without the course data (mnist/ and dnnex/ in CYBENKO_DATA) the tests skip.
"""

from __future__ import annotations

import math
import re

import pytest

from notes_harness import DATA, ENGINES, compare, finish, missing_data, start, tokens

pytestmark = pytest.mark.oracle

SCRIPT = "seed_000_deep_nets.py"
TIMED_LISTINGS = 4  # the 시간측정 warm-up, then CPU (512), CPU (20480), CPU (204800)
GPU_LISTINGS = 10  # the guarded cells of "GPU 사용방법" (7), GPU (512), GPU (20480), GPU (204800)
FIGURES = 29
DIAGRAMS = 12  # the gv() listings of 신경망의 표현
TEST_DEVICE = "cybenko on the test device"
GPU_SKIPPED = "GPU listing skipped: no CUDA device"


def _why_skip() -> str | None:
    return missing_data("mnist") or missing_data("dnnex")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple]:
    """(return code, stdout, stderr, figures folder) of the script under each engine."""
    pytest.importorskip("torch")
    if why := _why_skip():
        pytest.skip(why)
    from cybenko.vision.fastai import URLs, untar_data

    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:  # once here, not twice at once in the scripts
        mp.setenv("CYBENKO_DATA", DATA)
        untar_data(URLs.MNIST, base=cache)
    procs = {}
    for engine in ENGINES:
        out = tmp_path_factory.mktemp(f"seed000_{engine}")
        procs[engine] = (
            start(SCRIPT, engine, out, CYBENKO_CACHE=str(cache), CUDA_VISIBLE_DEVICES=""),
            out,
        )
    out = tmp_path_factory.mktemp("seed000_test_device")
    procs[TEST_DEVICE] = (
        start(SCRIPT, "cybenko", out, CYBENKO_CACHE=str(cache), CYBENKO_TEST_CUDA="1"),
        out,
    )
    return {engine: (*finish(proc), out) for engine, (proc, out) in procs.items()}


def _output(runs, engine: str) -> str:
    rc, stdout, stderr, _ = runs[engine]
    assert rc == 0, stderr[-3000:]
    return stdout


def _untimed(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("time:"))


@pytest.mark.parametrize("engine", ENGINES)
def test_runs_and_saves_its_figures(runs, engine):
    stdout = _output(runs, engine)
    out = runs[engine][3]
    assert len(list(out.glob("*.png"))) == FIGURES
    diagrams = sorted(out.glob("000_gv_*.gv"))
    assert len(diagrams) == DIAGRAMS
    assert all(
        p.read_text(encoding="utf-8").startswith('digraph G{ rankdir="LR"') for p in diagrams
    )
    assert stdout.count("GPU listing skipped: no CUDA device") == GPU_LISTINGS


@pytest.mark.parametrize("engine", ENGINES)
def test_timings_are_printed_not_compared(runs, engine):
    times = re.findall(r"^time:.* ([-+0-9.e]+)$", _output(runs, engine), re.M)
    assert len(times) == TIMED_LISTINGS
    assert all(float(t) >= 0 for t in times)


def test_prints_as_torch(runs):
    got, want = (_untimed(_output(runs, engine)) for engine in ENGINES)
    compare(got, want)


@pytest.mark.parametrize("engine", ENGINES)
def test_every_100th_point_fits_the_line(runs, engine):
    """'대충 이거만 가지고 적합해도 충분히 정확할것 같은데': 1000 of the 100000 points suffice."""
    slope = float(re.search(r"slope of every 100th: ([-+0-9.e]+)", _output(runs, engine))[1])
    assert abs(slope - 2) < 0.05


# What the notes print, as they print it (a `...` row stands for rows left out).
NOTES_NET_CPU = [
    "tensor([[-0.3467]], requires_grad=True)",
    "tensor([-0.8470], requires_grad=True)",
]
NOTES_EXAMPLE1 = """tensor([[-0.8470],
        [-0.8817],
        [-0.9164]], grad_fn=<AddmmBackward0>)"""
NOTES_EXAMPLE5 = "tensor(1.2068, grad_fn=<MeanBackward0>)"
NOTES_BATCHES = """tensor([0., 1., 2.]) tensor([1., 1., 1.])
tensor([3., 4., 5.]) tensor([1., 1., 0.])
tensor([6., 7., 8.]) tensor([0., 0., 0.])
tensor([9.]) tensor([0.])"""
NOTES_SHAPES = [
    "(6131, 6265)",
    "torch.Size([2, 1, 28, 28])",
    "torch.Size([6131, 1, 28, 28])",
    "torch.Size([6265, 1, 28, 28])",
    "(torch.Size([6131, 1, 28, 28]), torch.Size([6265, 1, 28, 28]))",
    "12396",
    "torch.Size([12396, 1, 28, 28])",
    "torch.Size([12396, 784])",
    "torch.Size([12396, 1])",
    "(torch.Size([12665, 784]), torch.Size([12665, 1]))",
    "6.18408203125",
    "0\n1\n2\n3\n4\n5\n6\n",
    "{'__iter__'}",
    "(#6131) [Path(",
]
# training/3/37912.png: rows 5 to 8 of the 28 the notes print
NOTES_37912_ROWS = [
    [0] * 11 + [17, 66, 138, 149, 180, 138, 138, 86] + [0] * 9,
    [0] * 8 + [22, 162, 161, 228, 252, 252, 253, 252, 252, 252, 252, 74] + [0] * 8,
    [0] * 8 + [116, 253, 252, 252, 252, 189, 184, 110, 119, 252, 252, 32] + [0] * 8,
    [0] * 8 + [74, 161, 160, 77, 45, 4, 0, 0, 70, 252, 210] + [0] * 9,
]
NOTES_NAN = """tensor([[nan],
        [nan],
        [nan],
        ...,
        [nan],
        [nan],
        [nan]])"""


def test_prints_what_the_notes_print(runs):
    out = _output(runs, "cybenko")
    for text in [*NOTES_NET_CPU, NOTES_EXAMPLE1, NOTES_EXAMPLE5, NOTES_BATCHES, *NOTES_SHAPES]:
        assert text in out, text
    rows = ", ".join(str(row) for row in NOTES_37912_ROWS)
    assert " ".join(tokens(rows)) in " ".join(tokens(out))
    assert "dtype=torch.uint8)\ntorch.Size([1, 28, 28])" in out


def test_bceloss_is_finite_where_the_handwritten_bce_is_nan(runs):
    """숙제: on raw pixels (0..255) nn.BCELoss trains (it clamps its logs), the BCE typed in by
    hand meets log(0) and ŷ becomes nan ('학습이 잘 되지 않았다')."""
    out = _output(runs, "cybenko")
    assert math.isfinite(float(re.search(r"BCELoss: ([-+0-9.e]+|nan)", out)[1]))
    assert NOTES_NAN in out


# What the notes print for the GPU listings (GPU 사용방법). 예시2's last row is -0.9163 on the
# notes' GPU and -0.9164 on a CPU (float32 rounding of the GPU's matmul); the test device
# computes with NumPy, so that row is left out. 예시3 and 예시4 are printed in torch 2.13's
# words, which name the argument (the notes' older torch said "found at least two devices").
NOTES_GPU = [
    "tensor([[0.0000],\n        [0.1000],\n        [0.2000]], device='cuda:0')",
    "tensor([[0.0000],\n        [0.2000],\n        [0.4000]], device='cuda:0')",
    "tensor([[-0.3467]], device='cuda:0', requires_grad=True)",
    "tensor([-0.8470], device='cuda:0', requires_grad=True)",
    "tensor([[-0.8470],\n        [-0.8817],",
    "device='cuda:0', grad_fn=<AddmmBackward0>)",
    "tensor(1.2068, device='cuda:0', grad_fn=<MeanBackward0>)",
]
MIXED = "RuntimeError: Expected all tensors to be on the same device, but "
NOTES_MIXED = [  # 예시3, 예시4 (addmm, torch 2.13's words), 예시7, 예시8 (the notes' words)
    MIXED + "got mat1 is on cuda:0, different from other tensors on cpu "
    "(when checking argument in method wrapper_CUDA_addmm)",
    MIXED + "got mat1 is on cpu, different from other tensors on cuda:0 "
    "(when checking argument in method wrapper_CUDA_addmm)",
    MIXED + "found at least two devices, cuda:0 and cpu!",
    MIXED + "found at least two devices, cuda:0 and cpu!",
]


def test_gpu_listings_run_on_the_test_device_as_the_notes_print_them(runs):
    stdout = _output(runs, TEST_DEVICE)
    assert GPU_SKIPPED not in stdout
    for text in NOTES_GPU:
        assert text in stdout, text
    assert [line for line in stdout.splitlines() if line.startswith(MIXED)] == NOTES_MIXED


def test_the_test_device_changes_nothing_but_the_gpu_listings(runs):
    """Every line the CPU run prints (but its skip notes) comes, in order, in the test-device
    run, and each GPU timing listing ends at the loss of its CPU twin (the same seed and ops)."""
    on_cpu = [
        line for line in _untimed(_output(runs, "cybenko")).splitlines() if line != GPU_SKIPPED
    ]
    on_device = iter(_untimed(_output(runs, TEST_DEVICE)).splitlines())
    missing = [line for line in on_cpu if line not in on_device]  # consumes: an in-order match
    assert not missing, missing[:3]
    losses = re.findall(r"^(CPU|GPU) \((\d+)\) loss (\S+)$", _output(runs, TEST_DEVICE), re.M)
    by_width = {}
    for device, width, loss in losses:
        by_width.setdefault(width, {})[device] = float(loss)
    assert sorted(by_width, key=int) == ["512", "20480", "204800"], losses
    for width, pair in by_width.items():
        assert pair["GPU"] == pair["CPU"], (width, pair)
