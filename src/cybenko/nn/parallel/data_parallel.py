"""DataParallel: the wrapper courses put around a model to train it on several GPUs.

torch splits each batch across `device_ids`, runs a replica of the module on every GPU and
gathers the outputs on `output_device`. cybenko keeps the interface, which is what course code
touches (`model.module`, state_dict keys that start with `module.`), and runs the module once:

- without cuda, as torch does there, it simply calls the module (`device_ids` is []);
- with cuda, it moves the inputs to `device_ids[0]` (where the module must live, as in torch),
  runs the whole batch there, and moves the output to `output_device`. The numbers are those
  of one replica given the whole batch; only BatchNorm's batch statistics, which torch computes
  per GPU slice, would differ from a multi-GPU torch run.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

from ... import _device, cuda
from ..._tensor import Tensor
from ..modules.module import Module


def _device_index(where) -> int:
    """The GPU index of an int, a 'cuda:1' string or a device ('cuda' alone means 0)."""
    if isinstance(where, int):
        return where
    index = _device.device(where).index
    return 0 if index is None else index


def _to(value, where):
    """`value` with every tensor in it (through tuples, lists and dicts) moved to `where`."""
    if isinstance(value, Tensor):
        return value.to(where)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(_to(v, where) for v in value))
    if isinstance(value, (tuple, list)):
        return type(value)(_to(v, where) for v in value)
    if isinstance(value, dict):
        return type(value)((k, _to(v, where)) for k, v in value.items())
    return value


class DataParallel(Module):
    """Wrap a module for data-parallel training: `model = nn.DataParallel(model)`.

    >>> import cybenko as torch
    >>> model = torch.nn.DataParallel(torch.nn.Linear(2, 1))
    >>> list(model.state_dict())
    ['module.weight', 'module.bias']
    """

    def __init__(
        self,
        module: Module,
        device_ids: Sequence | None = None,
        output_device=None,
        dim: int = 0,
    ) -> None:
        super().__init__()
        if not cuda.is_available():  # torch then just runs the module
            self.module = module
            self.device_ids = []
            return
        if device_ids is None:
            device_ids = list(range(cuda.device_count()))
        if output_device is None:
            output_device = device_ids[0]
        self.dim = dim
        self.module = module
        self.device_ids = [_device_index(d) for d in device_ids]
        self.output_device = _device_index(output_device)
        self.src_device_obj = _device.device(f"cuda:{self.device_ids[0]}")
        if len(self.device_ids) == 1:
            self.module.to(self.src_device_obj)

    def forward(self, *inputs, **kwargs):
        if not self.device_ids:
            return self.module(*inputs, **kwargs)
        for t in chain(self.module.parameters(), self.module.buffers()):
            if t.device != self.src_device_obj:
                raise RuntimeError(
                    f"module must have its parameters and buffers on device "
                    f"{self.src_device_obj} (device_ids[0]) but found one of them on device: "
                    f"{t.device}"
                )
        inputs, kwargs = _to(inputs, self.src_device_obj), _to(kwargs, self.src_device_obj)
        if len(self.device_ids) == 1:
            return self.module(*inputs, **kwargs)
        for module in self.module.modules():  # torch refuses to replicate lazy modules
            if getattr(module, "has_uninitialized_params", lambda: False)():
                module._replicate_for_data_parallel()
        output = self.module(*inputs, **kwargs)
        return _to(output, _device.device(f"cuda:{self.output_device}"))


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0, module_kwargs=None):
    """The functional form: run `module(*inputs)` as DataParallel would, without moving the
    module (it must already live on `device_ids[0]`)."""
    if not isinstance(inputs, tuple):
        inputs = (inputs,) if inputs is not None else ()
    if not cuda.is_available():
        raise RuntimeError("device type could not be determined")
    wrapper = DataParallel.__new__(DataParallel)
    Module.__init__(wrapper)
    wrapper.module = module
    wrapper.device_ids = [_device_index(d) for d in (device_ids or range(cuda.device_count()))]
    wrapper.output_device = _device_index(
        wrapper.device_ids[0] if output_device is None else output_device
    )
    wrapper.dim = dim
    wrapper.src_device_obj = _device.device(f"cuda:{wrapper.device_ids[0]}")
    return wrapper(*inputs, **(module_kwargs or {}))
