"""Parameter: a tensor that a Module registers as one of its learnable weights."""

from __future__ import annotations

from .._tensor import Tensor


class Parameter(Tensor):
    """A tensor that, assigned as a Module attribute, joins the module's `parameters()`.

    It shares memory with the tensor it wraps and requires grad unless told otherwise (even
    inside `no_grad`, as in torch). Results of ops on parameters are plain tensors.

    >>> import cybenko as torch
    >>> w = torch.nn.Parameter(torch.zeros(2))
    >>> w
    Parameter containing:
    tensor([0., 0.], requires_grad=True)
    """

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True):
        if data is None:
            from ..ops.creation import empty

            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(
                f"Parameter(): argument 'data' must be Tensor, not {type(data).__name__}"
            )
        if requires_grad and data._array.dtype.kind != "f":
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        p = object.__new__(cls)
        p._array = data._array
        p._device = data._device
        p.grad_fn = None
        p._grad = None
        p._version = data._version
        p._base = None
        p._accumulator = None
        p._requires_grad = bool(requires_grad)
        return p

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True):
        pass

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        copy = type(self)(self.detach().clone(), self._requires_grad)
        memo[id(self)] = copy
        return copy
