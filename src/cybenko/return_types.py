"""torch.return_types: the named tuples of ops that return several tensors.

    values, indices = x.sort(dim=1)       # unpacks like a tuple
    x.sort(dim=1).values                  # or reads by name

Each type prints as torch's does (`torch.return_types.sort(values=..., indices=...)`).
"""

from collections import namedtuple


def _named_result(name: str, fields: tuple[str, ...]) -> type:
    def __repr__(self) -> str:
        parts = ",\n".join(f"{field}={value!r}" for field, value in zip(fields, self, strict=True))
        return f"torch.return_types.{name}(\n{parts})"

    cls = type(name, (namedtuple(name, fields),), {"__slots__": (), "__repr__": __repr__})
    cls.__module__ = __name__
    return cls


_VALUES_INDICES = ("values", "indices")

max = _named_result("max", _VALUES_INDICES)  # noqa: A001
min = _named_result("min", _VALUES_INDICES)  # noqa: A001
sort = _named_result("sort", _VALUES_INDICES)
topk = _named_result("topk", _VALUES_INDICES)
kthvalue = _named_result("kthvalue", _VALUES_INDICES)
median = _named_result("median", _VALUES_INDICES)
nanmedian = _named_result("nanmedian", _VALUES_INDICES)
mode = _named_result("mode", _VALUES_INDICES)
cummax = _named_result("cummax", _VALUES_INDICES)
cummin = _named_result("cummin", _VALUES_INDICES)
aminmax = _named_result("aminmax", ("min", "max"))
slogdet = _named_result("slogdet", ("sign", "logabsdet"))
linalg_slogdet = _named_result("linalg_slogdet", ("sign", "logabsdet"))
svd = _named_result("svd", ("U", "S", "V"))
linalg_svd = _named_result("linalg_svd", ("U", "S", "Vh"))
qr = _named_result("qr", ("Q", "R"))
linalg_qr = _named_result("linalg_qr", ("Q", "R"))
linalg_eigh = _named_result("linalg_eigh", ("eigenvalues", "eigenvectors"))
linalg_lstsq = _named_result("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))
