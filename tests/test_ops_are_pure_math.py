"""The ops are the textbook: every Function class in cybenko/ops states its math and nothing
else. What torch keeps besides the math lives in one place each: node names in
autograd/naming.py, views and version counters in autograd/views.py, devices in _device.py.

Each Function class defined under src/cybenko/ops is found by importing the ops and walking
Function's subclasses; its source must not mention torch's node names, devices or version
counters, nor take a `name` parameter.
"""

import importlib
import inspect
import pkgutil
import re

import pytest

import cybenko.ops
from cybenko.autograd.function import Function

BOOKKEEPING = {
    "a torch node name": r"Backward\d|torch_name|AccumulateGrad|CopySlices|NotImplemented\b",
    "a device": r"device",
    "a version counter": r"version",
    "a name= parameter": r"\bname\s*=",
}


def _ops_functions() -> list[type]:
    for module in pkgutil.iter_modules(cybenko.ops.__path__):
        importlib.import_module(f"cybenko.ops.{module.name}")
    found, stack = [], [Function]
    while stack:
        for cls in stack.pop().__subclasses__():
            stack.append(cls)
            if cls.__module__.startswith("cybenko.ops."):
                found.append(cls)
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


OPS = _ops_functions()


def test_the_ops_functions_are_found():
    names = {cls.__name__ for cls in OPS}
    assert {"Add", "Linear", "Sum", "View", "Conv2d", "ToCopy", "Fill"} <= names
    assert len(OPS) > 70


@pytest.mark.parametrize("cls", OPS, ids=lambda c: f"{c.__module__.rsplit('.', 1)[1]}.{c.__name__}")
def test_a_function_is_pure_math(cls):
    source = inspect.getsource(cls)
    for what, pattern in BOOKKEEPING.items():
        found = re.search(pattern, source)
        assert found is None, f"{cls.__name__} mentions {what}: {found.group()!r}"
    for method in ("forward", "backward"):
        if method in vars(cls):
            assert "name" not in inspect.signature(getattr(cls, method)).parameters


@pytest.mark.parametrize("cls", OPS, ids=lambda c: f"{c.__module__.rsplit('.', 1)[1]}.{c.__name__}")
def test_a_backward_states_its_derivative(cls):
    if "backward" in vars(cls):
        assert "#" in inspect.getsource(cls), f"{cls.__name__}.backward has no derivative comment"


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ('    torch_name = "AddBackward0"\n', "a torch node name"),
        ("        ctx.device = device\n", "a device"),
        ("        t._version[0] += 1\n", "a version counter"),
        ("    def forward(ctx, a, name=None):\n", "a name= parameter"),
    ],
)
def test_the_check_catches_each_kind_of_bookkeeping(source, what):
    assert re.search(BOOKKEEPING[what], source)
