"""torch.set_num_threads / get_num_threads: the number reaches NumPy's BLAS, errors as torch."""

import pytest

import cybenko
from cybenko import _threads
from helpers import check_error


@pytest.fixture(autouse=True)
def restore_threads():
    before = cybenko.get_num_threads()
    yield
    cybenko.set_num_threads(before)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_the_number_set_is_read_back(n):
    cybenko.set_num_threads(n)
    assert cybenko.get_num_threads() == n


@pytest.mark.parametrize("n", [1, 2])
def test_the_number_reaches_the_blas_numpy_loaded(n):
    """threadpoolctl, an independent reader of BLAS thread pools, sees the same number."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    assert _threads.blas() is not None, "no BLAS found beside NumPy"
    cybenko.set_num_threads(n)
    pools = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
    (pool,) = [p for p in pools if p["filepath"] == _threads.blas()[0]]
    assert pool["num_threads"] == n


def test_without_a_known_blas_the_number_is_remembered(monkeypatch):
    monkeypatch.setattr(_threads, "blas", lambda: None)
    cybenko.set_num_threads(3)
    assert cybenko.get_num_threads() == 3


@pytest.mark.oracle
@pytest.mark.parametrize("bad", [0, -1, 2.5, "2", True], ids=repr)
def test_a_bad_number_is_refused_as_torch_refuses(bad):
    check_error(lambda T: T.set_num_threads(bad), match=True)
