"""Devices, and the one place that decides which array module holds a device's values.

`cpu` tensors hold NumPy arrays. `cuda` tensors hold CuPy arrays when CuPy can see an NVIDIA
GPU. Without one, setting the environment variable CYBENKO_TEST_CUDA=1 makes `cuda:0` a test
device: its tensors hold NumPy arrays too, but carry the cuda device, so every device rule
(transfers, the error when devices mix, Module.to, optimizer state, checkpoints) runs and is
tested on any machine. The variable is read each time it matters, so tests can set it.
"""

from __future__ import annotations

import functools
import os
import re

import numpy as np

TEST_SWITCH = "CYBENKO_TEST_CUDA"
# torch's device-string grammar: a lowercase type, then optionally ':' and an index.
_DEVICE_STRING = re.compile(r"[a-z_]+(:[0-9]+)?")
TEST_DEVICE_NAME = "cybenko test device (NumPy)"

# Set once a tensor lives off the CPU: until then no op spends time comparing devices.
in_use = False


class device:
    """Where a tensor lives: `device('cpu')`, `device('cuda')`, `device('cuda:0')`,
    `device('cuda', 0)`.

    >>> from cybenko import device
    >>> device("cuda:0")
    device(type='cuda', index=0)
    """

    __slots__ = ("type", "index")

    def __init__(self, type: str | device, index: int | None = None):  # noqa: A002
        if isinstance(type, device):
            type, index = type.type, type.index
        elif not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments: {type!r}")
        if not _DEVICE_STRING.fullmatch(type):
            raise RuntimeError(f"Invalid device string: '{type}'")
        name, colon, number = type.partition(":")
        if name not in ("cpu", "cuda"):
            raise RuntimeError(
                "Expected one of cpu, cuda device type at start of device string: " + type
            )
        if colon:
            if not number.isdigit() or (number.startswith("0") and number != "0"):
                raise RuntimeError(f"Invalid device string: '{type}'")
            index = int(number)
        if index is not None and index < 0:
            raise RuntimeError(f"Device index must not be negative, got {index}")
        self.type = name
        self.index = index

    def __repr__(self) -> str:
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other) -> bool:
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


CPU = device("cpu")
_default = CPU  # where tensors are made when no device is named (torch.set_default_device)
_cuda_devices: dict[int, device] = {}  # one object per GPU, so tensors compare devices by `is`


# --- which cuda, if any -----------------------------------------------------------------------


@functools.cache
def cupy():
    """The CuPy module when it is installed and sees a GPU, else None (asked once)."""
    try:
        import cupy as cp

        return cp if cp.cuda.runtime.getDeviceCount() > 0 else None
    except Exception:  # not installed, no driver, no device: all mean "no real GPU"
        return None


def test_device_enabled() -> bool:
    return os.environ.get(TEST_SWITCH) == "1"


def cuda_device_count() -> int:
    cp = cupy()
    if cp is not None:
        return cp.cuda.runtime.getDeviceCount()
    return 1 if test_device_enabled() else 0


def unavailable_error() -> RuntimeError:
    return RuntimeError(
        "CUDA is not available: install cupy-cudaXX and run on a machine with an NVIDIA GPU, "
        "or use device='cpu'. (For tests without a GPU, CYBENKO_TEST_CUDA=1 makes cuda a "
        "second device backed by NumPy.)"
    )


def tensor_device(where) -> device:
    """The device a tensor asked to live at `where` gets: the default device for None, cuda:0
    for 'cuda'. Refuses cuda when none is available, as torch does."""
    global in_use
    if where is None:
        return _default
    if where is CPU:
        return CPU
    if isinstance(where, int):
        where = device("cuda", where)
    if where == "cpu":
        return CPU
    d = device(where)
    if d.type == "cpu":
        return CPU
    count = cuda_device_count()
    if count == 0:
        raise unavailable_error()
    index = 0 if d.index is None else d.index
    if index >= count:
        raise RuntimeError(
            "CUDA error: invalid device ordinal\nCUDA kernel errors might be asynchronously "
            "reported at some other API call, so the stacktrace below might be incorrect."
        )
    in_use = True
    return _cuda_devices.setdefault(index, device("cuda", index))


def set_default_device(where) -> None:
    """torch.set_default_device: where tensors and module parameters are made when no device
    is named (None goes back to the CPU)."""
    global _default
    _default = CPU if where is None else tensor_device(where)


def get_default_device() -> device:
    return _default


def check_device(where) -> None:
    """Accept any device a tensor can live on here; refuse cuda when none is available."""
    tensor_device(where)


# --- arrays on a device -------------------------------------------------------------------------


def array_module(where: device):
    """NumPy for the CPU and the test device; CuPy for a real GPU."""
    if where.type == "cpu":
        return np
    cp = cupy()
    return np if cp is None else cp


def move(array, where: device):
    """`array` as an array of the module behind `where` (the same array when it already is)."""
    module = array_module(where)
    if module is np:
        return array if isinstance(array, np.ndarray) else _to_host(array)
    with module.cuda.Device(where.index or 0):
        return module.asarray(array)


def _to_host(array):
    get = getattr(array, "get", None)  # a CuPy array copies itself to host memory
    return get() if get is not None else np.asarray(array)


def is_device_array(array) -> bool:
    """True for a CuPy array (the values of a tensor on a real GPU)."""
    cp = cupy()
    return cp is not None and isinstance(array, cp.ndarray)


def device_of_array(array) -> device:
    """Where a raw array lives: the CPU for NumPy, the GPU holding a CuPy array."""
    if is_device_array(array):
        return tensor_device(f"cuda:{array.device.id}")
    return CPU


# --- torch's device rules for ops ---------------------------------------------------------------
# Tensors are the operands with a `_device` (numbers and arrays have none). Until a tensor lives
# off the CPU (`in_use`), Function.apply asks none of this.


def common_device(operands) -> device:
    """The device an op on `operands` runs on, checked as torch's TensorIterator does: the
    first tensor off the CPU decides; a 0-dim CPU tensor may join it (it acts as a number)."""
    tensors = [x for x in operands if hasattr(x, "_device")]
    common = next((t._device for t in tensors if t._device is not CPU), CPU)
    for t in tensors:
        if t._device is not common and not (t._device is CPU and t._array.ndim == 0):
            raise RuntimeError(
                "Expected all tensors to be on the same device, but found at least two "
                f"devices, {common} and {t._device}!"
            )
    return common


def checked_arguments_device(method: str, named) -> device:
    """The device of ops whose generated wrapper checks each argument in turn (addmm, mm,
    bmm, cat, nll_loss_forward): the first argument's device, or torch's error naming the
    argument that differs."""
    common = None
    for tensor, name in named:
        if tensor is None:
            continue
        if common is None:
            common = tensor._device
        elif tensor._device is not common:
            raise RuntimeError(
                f"Expected all tensors to be on the same device, but got {name} is on "
                f"{tensor._device}, different from other tensors on {common} (when checking "
                f"argument in method {method})"
            )
    return common or CPU


def output_device(op, inputs, params) -> device:
    """Where the output of the Function `op` on `inputs` lives, after torch's checks that the
    inputs may meet: the op's own rule from `op_rules()`, else TensorIterator's."""
    rule = op_rules().get(op)
    return common_device(inputs) if rule is None else rule(inputs, params)


def arrays_on(where: device, arrays: list) -> list:
    """An op's input arrays, moved to the GPU it runs on (NumPy arrays stay on the CPU and
    the test device)."""
    if where is CPU or cupy() is None:
        return arrays
    return [move(a, where) if type(a) is np.ndarray else a for a in arrays]


def _named(method: str, *names: str):
    """A rule checking the inputs in turn under torch's argument names (the last name goes
    on for any further input: cat's `tensors`)."""

    def rule(inputs, params):
        named = ((t, names[min(i, len(names) - 1)]) for i, t in enumerate(inputs))
        return checked_arguments_device(method, named)

    return rule


def _linear(inputs, params) -> device:
    """F.linear runs as addmm(bias, x, weight.t()), or mm without a bias."""
    x, weight, bias = inputs
    if bias is None:
        return checked_arguments_device("wrapper_CUDA_mm", ((x, "self"), (weight, "mat2")))
    named = ((bias, "self"), (x, "mat1"), (weight, "mat2"))
    return checked_arguments_device("wrapper_CUDA_addmm", named)


@functools.cache
def op_rules() -> dict:
    """The ops whose device torch decides otherwise than TensorIterator: those its generated
    wrappers check argument by argument (their errors name the argument), and `.to()`, whose
    output lives where it is sent. Keyed by the Function class, read once devices are in use."""
    from .ops import convert, layers, linalg, shape  # the ops import this module

    return {
        layers.Linear: _linear,
        linalg.MatMul: _named("wrapper_CUDA_mm", "self", "mat2"),
        linalg.Bmm: _named("wrapper_CUDA_bmm", "self", "mat2"),
        shape.Cat: _named("wrapper_CUDA_cat", "tensors"),
        shape.Stack: _named("wrapper_CUDA_cat", "tensors"),
        convert.ToCopy: lambda inputs, params: params["target"],
    }
