"""torch.cuda with no GPU (and the test device switched off): the course's device line picks
the CPU, and asking for cuda explains how to get it."""

import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle


@pytest.fixture(autouse=True)
def no_test_device(monkeypatch):
    monkeypatch.delenv("CYBENKO_TEST_CUDA", raising=False)


def test_the_course_device_line_picks_the_cpu():
    for lib in (cybenko, torch):
        device = "cuda" if lib.cuda.is_available() else "cpu"
        lib.cuda.manual_seed_all(777)
        lib.cuda.manual_seed(777)
        assert device == "cpu" and lib.cuda.device_count() == 0


def test_asking_the_gpu_for_anything_says_how_to_get_one():
    # torch built without CUDA raises AssertionError; a CUDA build on a machine without a
    # GPU raises RuntimeError, as cybenko does, with the fix in the message.
    for ask in (
        cybenko.cuda.current_device,
        cybenko.cuda.get_device_name,
        cybenko.cuda.synchronize,
        lambda: cybenko.cuda.Event(enable_timing=True),
    ):
        with pytest.raises(RuntimeError, match="install cupy-cudaXX and run on a machine with"):
            ask()


def test_cuda_tensors_are_refused_with_the_fix():
    x = cybenko.zeros(1)
    for ask in (
        lambda: cybenko.zeros(1, device="cuda"),
        lambda: cybenko.randn(1, device="cuda:0"),
        lambda: cybenko.tensor([1.0], device=cybenko.device("cuda")),
        lambda: x.cuda(),
        lambda: x.to("cuda"),
        lambda: cybenko.nn.Linear(1, 1).cuda(),
        lambda: cybenko.nn.Linear(1, 1, device="cuda"),
    ):
        with pytest.raises(RuntimeError, match="CUDA is not available: install cupy-cudaXX"):
            ask()
