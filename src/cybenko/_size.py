"""torch.Size, and the one parser of size and integer arguments that every function shares.

`zeros(2, 3)`, `x.view((2, 3))`, `nn.Linear(784, 10)` (through `empty`) all read their sizes
with a `SizeArgument`, so a float size (`784 / 2`) is refused everywhere with torch's
TypeError and torch's words, and what torch accepts (ints, NumPy integers, integer tensors of
one element, torch.Size) is accepted everywhere. Plain ints take a fast path.
"""

from __future__ import annotations

import operator

_LIMIT = 2**63  # sizes and ints are C++ int64 in torch


class Size(tuple):
    """The shape of a tensor: `torch.Size([2, 3])`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        n = 1
        for d in self:
            n *= d
        return n

    def __getitem__(self, key):
        item = tuple.__getitem__(self, key)
        return Size(item) if isinstance(key, slice) else item

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))


def type_name(value) -> str:
    """A type as torch's argument errors name it: float, Tensor, numpy.float64."""
    cls = type(value)
    module = cls.__module__.split(".")[0]
    return f"numpy.{cls.__name__}" if module == "numpy" else cls.__name__


def as_int(value, allow_bool: bool = False) -> int | None:
    """`value` as a Python int, or None where torch refuses it as an integer."""
    if isinstance(value, bool):
        return int(value) if allow_bool else None
    try:
        return operator.index(value)  # NumPy integers, integer tensors of one element
    except TypeError:
        return None


def invalid_combination(fn: str, args: tuple, signatures: tuple, **kwargs) -> TypeError:
    """torch's error for arguments that fit none of a function's signatures."""
    got = [type_name(a) for a in args] + [f"{k}={type_name(v)}" for k, v in kwargs.items()]
    expected = "".join(f" * {signature}\n" for signature in signatures)
    return TypeError(
        f"{fn}() received an invalid combination of arguments - got ({', '.join(got)}), but "
        f"expected one of:\n{expected}"
    )


def parse_int(value, fn: str, name: str, position: int) -> int:
    """An int argument (a dim, a count) as torch reads it: bools and floats are refused."""
    if type(value) is int and -_LIMIT <= value < _LIMIT:
        return value
    number = as_int(value, allow_bool=False)
    if number is None:
        raise TypeError(
            f"{fn}(): argument '{name}' (position {position}) must be int, not {type_name(value)}"
        )
    if not -_LIMIT <= number < _LIMIT:
        raise ValueError("Overflow when unpacking long long")
    return number


class SizeArgument:
    """How one function takes a size, so that its refusals read as torch's.

    `fn`, `name` and `position` name the function and argument in messages. A size comes as
    separate ints (`view(2, 3)`) or as one tuple or list (`view((2, 3))`); with
    `sequence_only` (full, unflatten, ...) and by keyword only as a tuple or list. A function
    with other `signatures` (view also takes a dtype) reports a first argument that fits
    none of them as torch does, "received an invalid combination"; with `strict` even a lone
    one.
    """

    __slots__ = ("fn", "name", "position", "signatures", "strict", "sequence_only")

    def __init__(
        self,
        fn: str,
        name: str = "size",
        position: int = 1,
        signatures: tuple = (),
        strict: bool = False,
        sequence_only: bool = False,
    ) -> None:
        self.fn, self.name, self.position = fn, name, position
        self.signatures, self.strict = signatures, strict
        self.sequence_only = sequence_only

    def __call__(self, args: tuple, keyword: bool = False) -> tuple:
        """The sizes in `args` (the function's positional arguments) as a tuple of ints."""
        if len(args) == 1 and isinstance(args[0], (tuple, list)):
            items = args[0]
        elif args and not (self.sequence_only or keyword):
            items = args
        elif args:
            raise self._refuse_first(args, False, keyword)
        else:
            raise self._missing()
        for s in items:
            if type(s) is not int or not -_LIMIT <= s < _LIMIT:
                return self._parse_slowly(args, keyword)
        return tuple(items)

    def _parse_slowly(self, args: tuple, keyword: bool) -> tuple:
        # torch checks the first element when it picks a signature and the others only
        # when it unpacks them, so they fail with different words (and a bool passes there).
        packed = len(args) == 1 and isinstance(args[0], (tuple, list))
        items = args[0] if packed else args
        sizes = []
        for i, item in enumerate(items):
            size = as_int(item, allow_bool=i > 0)
            if size is None and i == 0:
                raise self._refuse_first(args, packed, keyword)
            if size is None:
                error = f"type must be tuple of ints,but got {type_name(item)}"
                raise TypeError(self._unpack(i, error))
            if not -_LIMIT <= size < _LIMIT:
                raise TypeError(self._unpack(i, "Overflow when unpacking long long"))
            sizes.append(size)
        return tuple(sizes)

    def _unpack(self, i: int, error: str) -> str:
        return (
            f"{self.fn}(): argument '{self.name}' failed to unpack the object at pos {i + 1} "
            f'with error "{error}"'
        )

    def _refuse_first(self, args: tuple, packed: bool, keyword: bool) -> TypeError:
        first = args[0]
        if self.signatures and (self.strict or len(args) > 1):
            return invalid_combination(self.fn, args, self.signatures)
        if len(args) > 1:
            return TypeError(f"{self.fn}() takes 1 positional argument but {len(args)} were given")
        where = "" if keyword else f" (position {self.position})"
        if packed and not keyword:
            found = f"tuple of ints, but found element of type {type_name(first[0])} at pos 0"
            return TypeError(f"{self.fn}(): argument '{self.name}'{where} must be {found}")
        return TypeError(
            f"{self.fn}(): argument '{self.name}'{where} must be tuple of ints, "
            f"not {type_name(first)}"
        )

    def _missing(self) -> TypeError:
        if self.signatures:
            return invalid_combination(self.fn, (), self.signatures)
        return TypeError(f'{self.fn}() missing 1 required positional arguments: "{self.name}"')
