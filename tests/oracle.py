"""torch, the oracle the tests compare cybenko with, imported only when a test first uses it.

    from oracle import torch

gives a stand-in for the torch module: the first attribute read from it imports torch, and
from then on it holds torch's names. Where torch is not installed, the test that reads it is
skipped (a module that reads it at import time is skipped whole), so the tests that check
cybenko on its own (finite differences, the nodes, the layering, the lab on the cybenko
engine) still run on a machine without torch (`make test-notorch`). `safetensors`, the
reference implementation of that file format, is imported the same way.

Test modules that compare with torch are marked `oracle` (`pytestmark = pytest.mark.oracle`),
so `pytest -m "not oracle"` leaves them out; a test that runs torch in another process (a
script, the lab's `--engine both`) starts with `pytest.importorskip("torch")`.
"""

from __future__ import annotations

import importlib
import importlib.util
import types

import pytest


class LazyModule(types.ModuleType):
    """A module imported on first use; where it cannot be imported, the test using it skips."""

    def __getattr__(self, attribute: str):  # called only for names not copied in yet
        if attribute.startswith("__") and attribute != "__version__":
            raise AttributeError(attribute)  # tools that probe any object (inspect, copy)
        module = _load(self.__name__)
        submodule = f"{self.__name__}.{attribute}"
        if not hasattr(module, attribute) and importlib.util.find_spec(submodule) is not None:
            _load(submodule)  # e.g. safetensors.torch, an attribute once imported
        vars(self).update(vars(module))  # later reads find them here, as fast as on the module
        return getattr(module, attribute)


def _load(name: str) -> types.ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as error:
        pytest.skip(f"needs {name}, which is not installed ({error})", allow_module_level=True)


def installed(module: LazyModule) -> bool:
    """Whether `module` can be imported here, for set-up that only matters where it can."""
    return importlib.util.find_spec(module.__name__) is not None


torch = LazyModule("torch")
safetensors = LazyModule("safetensors")
