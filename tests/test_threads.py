"""torch.set_num_threads / get_num_threads: the number of cybenko's worker threads, errors
as torch; NumPy's BLAS stays on one thread, and a product split over workers equals the
unsplit one."""

import numpy as np
import pytest

import cybenko
from cybenko import _parallel, _threads
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


def test_numpy_blas_runs_on_one_thread_whatever_the_number():
    """threadpoolctl, an independent reader of BLAS thread pools, sees one thread: BLAS's own
    threads spin while they wait, which a busy machine turns into long stalls."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    assert _threads.blas() is not None, "no BLAS found beside NumPy"
    cybenko.set_num_threads(2)
    pools = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
    (pool,) = [p for p in pools if p["filepath"] == _threads.blas()[0]]
    assert pool["num_threads"] == 1


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("shape", [(3000, 700, 40), (40, 700, 3000)], ids=["tall", "wide"])
def test_a_product_split_over_workers_equals_numpys(n, shape):
    m, k, p = shape
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((m, k)), rng.standard_normal((k, p))
    cybenko.set_num_threads(n)
    np.testing.assert_allclose(_parallel.matmul(a, b), a @ b, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(_parallel.matmul_summed(b.T, a.T), b.T @ a.T, rtol=1e-12, atol=1e-10)


def test_small_products_stay_on_the_calling_thread(monkeypatch):
    cybenko.set_num_threads(4)
    monkeypatch.setattr(_parallel, "_run", lambda tasks, workers: pytest.fail("split"))
    a = np.ones((64, 64))
    np.testing.assert_array_equal(_parallel.matmul(a, a), a @ a)


@pytest.mark.oracle
@pytest.mark.parametrize("bad", [0, -1, 2.5, "2", True], ids=repr)
def test_a_bad_number_is_refused_as_torch_refuses(bad):
    check_error(lambda T: T.set_num_threads(bad), match=True)


def test_workers_stay_off_the_cores_other_programs_keep_busy(monkeypatch):
    """With the machine's busy time growing by one core's worth more than this process's,
    one of two cores counts as taken; once the others stop, both are free again."""
    from cybenko import _free_cores

    ticks = {"machine": 0, "own": 0, "clock": 0.0}
    monkeypatch.setattr(_free_cores, "_machine_busy_ticks", lambda: ticks["machine"])
    monkeypatch.setattr(_free_cores, "_own_ticks", lambda: ticks["own"])
    monkeypatch.setattr(_free_cores, "_clock", lambda: ticks["clock"])
    fresh = {"at": 0.0, "machine": None, "own": None, "free": None}
    monkeypatch.setattr(_free_cores, "_state", fresh)

    def one_second(others: float, own: float) -> int:
        ticks["clock"] += 1.0
        ticks["machine"] += int((others + own) * _free_cores._TICKS)
        ticks["own"] += int(own * _free_cores._TICKS)
        return _free_cores.free_cores(2)

    assert _free_cores.free_cores(2) == 2  # the first reading: nothing to compare yet
    assert one_second(others=0.0, own=2.0) == 2  # only this process works
    assert one_second(others=1.0, own=1.0) == 1  # another program keeps a core busy
    assert one_second(others=2.0, own=0.0) == 1  # never fewer than one
    assert one_second(others=0.1, own=1.0) == 2  # it stopped
    cybenko.set_num_threads(2)
    assert _parallel._threads_for(10**12, 10**6) == 2
    one_second(others=1.0, own=1.0)
    assert _parallel._threads_for(10**12, 10**6) == 1


def test_an_elementwise_pass_is_split_by_its_cost_not_only_its_size(monkeypatch):
    """The MNIST net's hidden layer (12665 x 32): a copy of it is too quick to split, the
    sigmoid on it (an exp in double precision per element) is split, and its numbers are
    the one-thread ones, bit for bit."""
    monkeypatch.setattr(_parallel._free_cores, "free_cores", lambda cores: cores)
    x = np.random.default_rng(0).standard_normal((12665, 32)).astype(np.float32)
    cybenko.set_num_threads(1)
    alone = cybenko.sigmoid(cybenko.tensor(x)).numpy().copy()
    cybenko.set_num_threads(2)
    splits = []
    run = _parallel._run
    monkeypatch.setattr(
        _parallel, "_run", lambda tasks, workers: splits.append(workers) or run(tasks, workers)
    )
    _parallel.by_rows(np.copyto, np.empty_like(x), x)
    assert splits == []
    np.testing.assert_array_equal(cybenko.sigmoid(cybenko.tensor(x)).numpy(), alone)
    assert splits == [2]


# one thread's time per float32 of a pass, as measured on this project's two machines
AMD_EPYC, INTEL_XEON = 0.20e-9, 0.39e-9


@pytest.mark.parametrize("seconds_per_number, forward_splits", [(AMD_EPYC, []), (INTEL_XEON, [2])])
def test_a_single_pass_is_split_where_this_machine_takes_long_enough(
    seconds_per_number, forward_splits, monkeypatch
):
    """The notes' 1-20480-1 hidden layer (100 x 20480, two million numbers): relu's forward,
    one pass, is split where one thread would take half a millisecond or more over it (0.80
    ms on the Intel machine, gained 30% split), not where it takes 0.41 (on the AMD machine,
    10-35% slower split); its backward, two passes, is split on both."""
    monkeypatch.setattr(_parallel._free_cores, "free_cores", lambda cores: cores)
    monkeypatch.setattr(_parallel, "_pass_cost", None)
    monkeypatch.setattr(_parallel, "_seconds_per_number", lambda: seconds_per_number)
    x = np.random.default_rng(0).standard_normal((100, 20480)).astype(np.float32)
    t = cybenko.tensor(x, requires_grad=True)
    cybenko.set_num_threads(2)
    splits = []
    run = _parallel._run
    monkeypatch.setattr(
        _parallel, "_run", lambda tasks, workers: splits.append(workers) or run(tasks, workers)
    )
    out = cybenko.relu(t)
    assert splits == forward_splits
    np.testing.assert_array_equal(out.detach().numpy(), np.maximum(x, 0))
    out.backward(cybenko.ones_like(out))
    assert splits == forward_splits + [2]
    np.testing.assert_array_equal(t.grad.numpy(), (x > 0).astype(np.float32))


def test_the_pass_cost_is_measured_once_and_splits_a_pass_of_half_a_millisecond(monkeypatch):
    monkeypatch.setattr(_parallel, "_pass_cost", None)
    measured = []
    monkeypatch.setattr(_parallel, "_seconds_per_number", lambda: measured.append(1) or INTEL_XEON)
    assert _parallel.pass_cost() == _parallel.pass_cost() == 13 and measured == [1]
    # 2 MIN_WORK, where splitting starts, is 0.5 ms of one thread's passing
    assert 2 * _parallel.MIN_WORK / 13 * INTEL_XEON == pytest.approx(5e-4, rel=0.01)


def test_small_passes_never_measure_the_pass_cost(monkeypatch):
    # a learner's small net pays nothing for the measurement (6 ms, 8 MB): only arrays the
    # workers might share ask for it
    monkeypatch.setattr(_parallel, "_pass_cost", None)
    monkeypatch.setattr(_parallel, "_seconds_per_number", lambda: pytest.fail("measured"))
    cybenko.relu(cybenko.randn(100, 100))
    cybenko.nn.Linear(1, 8)(cybenko.randn(4, 1))
    assert _parallel._pass_cost is None


def test_the_time_of_a_pass_is_per_number():
    assert 1e-12 < _parallel._seconds_per_number() < 1e-8  # 0.2-0.4 ns here


def test_work_asked_for_inside_a_block_runs_there_and_never_waits_for_itself(monkeypatch):
    """A block that itself multiplies large matrices (a block inside a block) runs that
    product on its own thread: with every worker busy in the outer blocks, waiting for a
    free one would never end."""
    import threading

    monkeypatch.setattr(_parallel._free_cores, "free_cores", lambda cores: cores)
    cybenko.set_num_threads(2)
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((800, 800)), rng.standard_normal((800, 800))
    results = []

    def outer():
        sizes = _parallel.for_blocks(lambda s, e: _parallel.matmul(a, b).shape, 4, 10**8)
        results.append(sizes)

    runner = threading.Thread(target=outer, daemon=True)
    runner.start()
    runner.join(timeout=60)
    assert not runner.is_alive(), "a block waited for the workers it was running on"
    assert results and all(shape == (800, 800) for shape in results[0])


def test_blocks_return_in_order_whichever_thread_ran_them():
    cybenko.set_num_threads(3)
    tasks = [lambda i=i: i * i for i in range(40)]
    assert _parallel._run(tasks, 3) == [i * i for i in range(40)]


def test_an_error_in_any_block_reaches_the_caller_after_every_block_ran():
    cybenko.set_num_threads(2)
    ran = []

    def block(i):
        ran.append(i)
        if i == 5:
            raise ValueError("block 5 failed")
        return i

    with pytest.raises(ValueError, match="block 5 failed"):
        _parallel._run([lambda i=i: block(i) for i in range(12)], 2)
    assert sorted(ran) == list(range(12))


def test_the_caller_does_not_wait_for_helpers_that_found_no_block_left():
    """A helper that wakes after the caller took every block is not waited for: the caller
    returns while the helper is still held up."""
    import threading
    import time

    cybenko.set_num_threads(2)
    gate = threading.Event()
    pool = _parallel._executor(1)
    pool.submit(gate.wait, 30)  # the only helper is busy until the gate opens
    try:
        started = time.perf_counter()
        assert _parallel._run([lambda: 1, lambda: 2], 2) == [1, 2]
        assert time.perf_counter() - started < 10
    finally:
        gate.set()
