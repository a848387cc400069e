"""How many cores the rest of the machine leaves free, so large work is not split over a core
that another program keeps busy.

A worker thread on a core another program also wants gets half of it, and the blocks it holds
arrive late while the others wait. So the number of workers is capped by the cores left over:
all cores, less the CPU time the other programs used lately (Linux's /proc/stat for the whole
machine, less /proc/self/stat for this process), read again at most every READ_EVERY
seconds. Where those files do not exist, every core counts as free.
"""

from __future__ import annotations

import os
import time

READ_EVERY = 0.25  # seconds between readings: the cost of a reading is about 50 us
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

_state = {"at": 0.0, "machine": None, "own": None, "free": None}
_clock = time.monotonic


def _machine_busy_ticks() -> int | None:
    """CPU time (in ticks) the whole machine spent busy: user, nice, system, irq, softirq
    and steal (what the host of a virtual machine gave others); not idle and iowait, and not
    guest time, which user already holds."""
    try:
        with open("/proc/stat", "rb") as f:
            fields = [int(v) for v in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields + [0] * (8 - len(fields))
    return user + nice + system + irq + softirq + steal


def _own_ticks() -> int | None:
    """CPU time (in ticks) this process spent, its threads included (utime + stime)."""
    try:
        with open("/proc/self/stat", "rb") as f:
            after_name = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(after_name[11]) + int(after_name[12])


def free_cores(cores: int) -> int:
    """Of `cores`, how many the other programs left free lately (at least 1)."""
    now = _clock()
    state = _state
    if state["free"] is not None and now - state["at"] < READ_EVERY:
        return min(state["free"], cores)
    machine, own = _machine_busy_ticks(), _own_ticks()
    free = cores
    if machine is not None and own is not None and state["machine"] is not None:
        elapsed = (now - state["at"]) * _TICKS
        if elapsed > 0:
            others = ((machine - state["machine"]) - (own - state["own"])) / elapsed
            free = max(1, cores - int(others + 0.5))
    state.update(at=now, machine=machine, own=own, free=free)
    return min(free, cores)
