"""cybenko.nn: modules, layers, losses, `functional` and `init`, with torch.nn's API.

import cybenko as torch
model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
loss = torch.nn.MSELoss()(model(x), y)
"""

from . import functional, init, parallel, utils
from .modules import *  # noqa: F403
from .modules import __all__ as _modules_all
from .parallel import DataParallel
from .parameter import Parameter, UninitializedBuffer, UninitializedParameter

__all__ = [
    "Parameter",
    "UninitializedParameter",
    "UninitializedBuffer",
    "functional",
    "init",
    "parallel",
    "utils",
    "DataParallel",
    *_modules_all,
]
