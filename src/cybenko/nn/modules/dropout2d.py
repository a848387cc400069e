"""Dropout2d: randomly zero whole channels in training."""

from __future__ import annotations

from ..._tensor import Tensor
from .. import functional as F
from .dropout import Dropout


class Dropout2d(Dropout):
    """In training, zero each channel input[n, c] with probability p and scale the others by
    1 / (1 - p); in eval mode, the identity.

    >>> import cybenko as torch
    >>> torch.nn.Dropout2d(0.2)
    Dropout2d(p=0.2, inplace=False)
    """

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout2d(input, self.p, self.training, self.inplace)
