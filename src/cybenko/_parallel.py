"""Large work on cybenko's own worker threads: matrix products, and the copies and
elementwise passes over large arrays.

NumPy's BLAS can split one product over several threads itself, but its threads wait for
each other at every step by spinning: when another program keeps a core busy, the thread on
that core falls behind and the others spin, and a product can take ten times as long. So
work large enough to gain from threads is cut here into blocks, and `get_num_threads()`
worker threads take blocks from a queue, each block an ordinary one-thread BLAS product or
NumPy loop (NumPy lets go of the GIL in both); the thread that asked is one of them. A worker
the system pauses just takes fewer blocks, and no more workers run than the machine has cores
free (_free_cores.py). Small work runs as it is: below MIN_WORK multiply-adds, handing out
blocks costs more than it saves. Results never depend on which thread ran a block: partial
sums are added in block order. Work asked for inside a block runs on that block's thread.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import _free_cores, _memory, _threads

MIN_WORK = 1 << 23  # multiply-adds: about 0.2 ms on one core
# What one number of an elementwise pass costs, in multiply-adds (measured on AVX2):
COPY_COST = 16  # a strided or transposing copy, or a few passes (a backward's formula)
EXP_COST = 200  # an exp in double precision (sigmoid's; a scalar loop in NumPy on AVX2)
# One contiguous pass (relu, an outer product) is bound by the memory one core reaches,
# which differs between machines more than arithmetic does: two million float32 took
# 0.41 ms on an AMD EPYC VM and 0.80 on an Intel Xeon VM. Split, the first lost 10-35%
# (a helper wakes 0.1-0.2 ms late, and its share of memory is small), the second gained
# 30%; both gain once one thread would take half a millisecond. So a pass's cost is the
# machine's own, measured once (pass_cost).
PASS_SPLIT_SECONDS = 5e-4
BLOCKS_PER_WORKER = 4  # several blocks each, so a paused worker leaves its share to the others

_pool = {"executor": None, "workers": 0, "pid": 0}


def _executor(workers: int) -> ThreadPoolExecutor:
    pool = _pool
    if pool["executor"] is None or pool["workers"] != workers or pool["pid"] != os.getpid():
        pool["executor"] = ThreadPoolExecutor(workers, thread_name_prefix="cybenko")
        pool["workers"], pool["pid"] = workers, os.getpid()
    return pool["executor"]


_in_block = threading.local()  # .active while this thread runs a block


_pass_cost = None  # multiply-adds, once measured


def pass_cost() -> int:
    """What one number of a contiguous pass costs on this machine, in multiply-adds: so
    much that a pass one thread takes PASS_SPLIT_SECONDS over is worth splitting."""
    global _pass_cost
    if _pass_cost is None:
        _pass_cost = round(2 * MIN_WORK * _seconds_per_number() / PASS_SPLIT_SECONDS)
    return _pass_cost


def _seconds_per_number() -> float:
    """One thread's time per float32 of a pass that reads one array and writes another, as
    relu does, over more numbers than a core's own caches hold: the fastest of five, since a
    busy moment of the machine only ever adds time."""
    a = np.ones(1 << 20, np.float32)
    out = np.empty_like(a)
    fastest = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        np.negative(a, out=out)
        fastest = min(fastest, time.perf_counter() - start)
    return fastest / a.size


def _threads_for(work: int, parts: int) -> int:
    """How many workers a product of `work` multiply-adds, cut into at most `parts`, gets."""
    if work < 2 * MIN_WORK or getattr(_in_block, "active", False):
        return 1  # small, or asked for inside a block: a worker must not wait for workers
    most = _threads.get_num_threads()
    if most > 1:
        most = _free_cores.free_cores(most)  # none on a core another program keeps busy
    return max(1, min(most, parts, work // MIN_WORK))


def _run(tasks, workers: int) -> list:
    """Run the block functions on `workers` threads, the calling one among them, each
    taking the next block until none is left (NumPy's BLAS is on one thread in each, as
    _threads set it). The caller waits for the blocks, not for the helpers: waking a
    sleeping thread can take a tenth of a millisecond on a virtual machine, and a helper
    that wakes after the caller took every block just finds none left."""
    count = len(tasks)
    results = [None] * count
    errors = []
    next_block = itertools.count()  # next() on these is atomic under the GIL
    finished_blocks = itertools.count(1)
    all_done = threading.Event()

    def work():
        _in_block.active = True
        try:
            for i in iter(next_block.__next__, None):
                if i >= count:
                    return
                try:
                    results[i] = tasks[i]()
                except BaseException as error:  # raised in the caller's thread below
                    errors.append(error)
                if next(finished_blocks) == count:
                    all_done.set()
        finally:
            _in_block.active = False

    pool = _executor(_threads.get_num_threads() - 1)  # one pool, sized for the most workers
    for _ in range(workers - 1):
        pool.submit(work)
    work()
    all_done.wait()
    if errors:
        raise errors[0]
    return results


def _bounds(size: int, count: int) -> list:
    """`count` (start, stop) blocks of nearly equal length covering range(size)."""
    edges = [size * i // count for i in range(count + 1)]
    return [(a, b) for a, b in zip(edges[:-1], edges[1:]) if b > a]  # noqa: B905


def matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """a (M, K) @ b (K, N), the rows of a (or the columns of b, whichever are more) split
    over the workers."""
    (m, k), n = a.shape, b.shape[1]
    if m * k * n < 2 * MIN_WORK:  # most products: as they are, at once
        # a.dot: the BLAS call np.matmul makes for 2-D arrays (the same bits, except for a
        # vector-shaped product of an array with negative strides, which dot copies first),
        # without the ufunc machinery: 0.7 us less, much of a small net's product
        return a.dot(b) if out is None else np.matmul(a, b, out=out)
    if out is None:
        out = _memory.empty((m, n), np.result_type(a, b))
    along_rows = m >= n
    workers = _threads_for(m * k * n, m if along_rows else n)
    if workers == 1:
        return np.matmul(a, b, out=out)

    def block(s, e):
        if along_rows:
            return lambda: np.matmul(a[s:e], b, out=out[s:e])
        return lambda: np.matmul(a, b[:, s:e], out=out[:, s:e])

    count = workers * BLOCKS_PER_WORKER
    _run([block(s, e) for s, e in _bounds(m if along_rows else n, count)], workers)
    return out


def matmul_summed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (M, K) @ b (K, N) for a long K (a weight gradient: a sum over the batch): each
    worker sums its stretch of K, and the partial products are added."""
    (m, k), n = a.shape, b.shape[1]
    if m * k * n < 2 * MIN_WORK:
        return a.dot(b)  # as in matmul
    workers = _threads_for(m * k * n, k // 64)
    if workers == 1:
        return np.matmul(a, b)
    bounds = _bounds(k, workers * BLOCKS_PER_WORKER)
    parts = _run([lambda s=s, e=e: np.matmul(a[:, s:e], b[s:e]) for s, e in bounds], workers)
    return np.add.reduce(parts)


def for_blocks(fn, size: int, elements: int, cost: int = COPY_COST) -> list:
    """fn(start, stop) over blocks of range(size) covering it, on the workers when the
    arrays it copies or adds hold many `elements`, each costing `cost` multiply-adds (NumPy
    lets go of the GIL in those loops too); each block must write its own part of the
    result. Returns fn's results in block order."""
    workers = _threads_for(elements * cost, size)
    if workers == 1:
        return [fn(0, size)]
    bounds = _bounds(size, workers * BLOCKS_PER_WORKER)
    return _run([lambda s=s, e=e: fn(s, e) for s, e in bounds], workers)


def by_rows(fn, out: np.ndarray, *arrays: np.ndarray, cost: int = COPY_COST) -> np.ndarray:
    """fn(out[a:b], *(x[a:b] for x in arrays)) over blocks of rows (the first axis) on the
    workers, for an elementwise op on large arrays of out's shape, each element costing
    `cost` multiply-adds; `out` returned."""
    if out.size * cost < 2 * MIN_WORK or out.ndim == 0 or type(out) is not np.ndarray:
        fn(out, *arrays)  # the common small case at once, before any splitting machinery
        return out

    def block(a, b):
        fn(out[a:b], *(x[a:b] for x in arrays))

    for_blocks(block, out.shape[0], out.size, cost)
    return out
