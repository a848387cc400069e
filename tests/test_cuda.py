"""torch.cuda on a machine without a GPU: cybenko answers as a CPU-only torch does."""

import pytest
import torch

import cybenko


def test_the_course_device_line_picks_the_cpu():
    for lib in (cybenko, torch):
        device = "cuda" if lib.cuda.is_available() else "cpu"
        lib.cuda.manual_seed_all(777)
        lib.cuda.manual_seed(777)
        assert device == "cpu" and lib.cuda.device_count() == 0


def test_asking_for_a_gpu_says_how_to_get_one():
    with pytest.raises(AssertionError):
        torch.cuda.current_device()
    with pytest.raises(AssertionError, match="cupy"):
        cybenko.cuda.current_device()
