"""Optimizers and learning-rate schedules, as `torch.optim`.

    opt = cybenko.optim.Adam(params, lr=1e-3)
    sched = cybenko.optim.lr_scheduler.StepLR(opt, step_size=10)

Every optimizer updates its parameters' arrays in place with NumPy, outside the autograd
graph, following torch's single-tensor algorithm operation by operation, so float32
trainings agree with torch's to rounding.
"""

from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .asgd import ASGD
from .lbfgs import LBFGS
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD
from .sparse_adam import SparseAdam

__all__ = [
    "ASGD",
    "LBFGS",
    "SGD",
    "SparseAdam",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Optimizer",
    "RMSprop",
    "Rprop",
    "lr_scheduler",
]
