"""torch.cuda: is there a GPU, which, and how to time work on it.

Course code starts with `device = 'cuda' if torch.cuda.is_available() else 'cpu'` and
`torch.cuda.manual_seed_all(777)`. With CuPy and an NVIDIA GPU, cuda is that GPU. Without
one, `is_available()` is False and asking for cuda explains how to get one, unless the
environment variable CYBENKO_TEST_CUDA=1 makes cuda:0 a test device backed by NumPy (see
cybenko._device), on which every device rule can be exercised without a GPU.
"""

from __future__ import annotations

import time

from . import _device
from ._generator import Generator


def is_available() -> bool:
    """True when tensors can live on cuda: a GPU CuPy can see, or the test device."""
    return _device.cuda_device_count() > 0


def device_count() -> int:
    return _device.cuda_device_count()


def _require() -> None:
    if not is_available():
        raise _device.unavailable_error()


def current_device() -> int:
    """The index of the GPU that 'cuda' means: always 0 here (set_device is not kept)."""
    _require()
    return 0


def set_device(device) -> None:
    """Only cuda:0 can be made current here."""
    _require()
    if _device.device(device if not isinstance(device, int) else f"cuda:{device}").index:
        raise RuntimeError("cybenko uses cuda:0 as the current device; set_device cannot change it")


def get_device_name(device=None) -> str:
    _require()
    cp = _device.cupy()
    if cp is None:
        return _device.TEST_DEVICE_NAME
    index = _index(device)
    name = cp.cuda.runtime.getDeviceProperties(index)["name"]
    return name.decode() if isinstance(name, bytes) else name


def _index(device) -> int:
    if device is None:
        return 0
    if isinstance(device, int):
        return device
    return _device.tensor_device(device).index


def synchronize(device=None) -> None:
    """Wait until the GPU has finished all queued work (nothing to wait for on the test
    device, whose work runs as it is called). Time GPU work only after this."""
    _require()
    cp = _device.cupy()
    if cp is not None:
        with cp.cuda.Device(_index(device)):
            cp.cuda.runtime.deviceSynchronize()


# --- random numbers -----------------------------------------------------------------------------


def _make_generator(index: int) -> Generator:
    """A generator for cuda:index. Torch's CUDA generator is Philox, which cybenko does not
    reproduce: this one is cybenko's CPU algorithm, so seeded cuda draws repeat, but differ
    from torch's."""
    g = Generator()
    g.device = f"cuda:{index}"
    return g


default_generators: tuple[Generator, ...] = (_make_generator(0),)


def manual_seed(seed: int) -> None:
    """Seed the current GPU's generator (harmless without a GPU, as torch)."""
    default_generators[0].manual_seed(seed)


def manual_seed_all(seed: int) -> None:
    """Seed every GPU's generator (harmless without a GPU, as torch)."""
    for g in default_generators:
        g.manual_seed(seed)


def seed() -> None:
    default_generators[0].seed()


def initial_seed() -> int:
    return default_generators[0].initial_seed()


# --- timing -------------------------------------------------------------------------------------


class Event:
    """A point in the GPU's stream of work, for timing it:

    >>> import cybenko as torch
    >>> if torch.cuda.is_available():  # a GPU, or the test device (CYBENKO_TEST_CUDA=1)
    ...     x = torch.ones(256, 256, device="cuda")
    ...     start = torch.cuda.Event(enable_timing=True)
    ...     end = torch.cuda.Event(enable_timing=True)
    ...     start.record(); y = x @ x; end.record(); end.synchronize()
    ...     milliseconds = start.elapsed_time(end)

    On a GPU this is a CUDA event (through CuPy); on the test device the clock is read when
    record() is called (its work has finished by then).
    """

    def __init__(self, enable_timing: bool = False, blocking: bool = False, interprocess=False):
        _require()
        self.enable_timing = enable_timing
        cp = _device.cupy()
        self._event = (
            None if cp is None else cp.cuda.Event(block=blocking, disable_timing=not enable_timing)
        )
        self._time = None

    def record(self, stream=None) -> None:
        if self._event is not None:
            self._event.record(stream)
        self._time = time.perf_counter()

    def synchronize(self) -> None:
        if self._event is not None:
            self._event.synchronize()

    def query(self) -> bool:
        return True if self._event is None else self._event.done

    def elapsed_time(self, end_event: Event) -> float:
        """Milliseconds from this event to `end_event`; both recorded, with timing enabled."""
        if not (self.enable_timing and end_event.enable_timing):
            raise RuntimeError("Both events must be created with argument 'enable_timing=True'.")
        if self._time is None or end_event._time is None:
            raise RuntimeError("Both events must be recorded before calculating elapsed time.")
        if self._event is not None:
            cp = _device.cupy()
            return cp.cuda.get_elapsed_time(self._event, end_event._event)
        return (end_event._time - self._time) * 1000.0
