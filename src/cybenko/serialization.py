"""save and load, without pickle: loading a file never runs code from it.

**cybenko's archive.** `save(obj, "ckpt.pt")` (any path not ending in `.safetensors` or `.npz`,
and any file-like object) writes a ZIP file, stored uncompressed, holding

- `cybenko.json`: `{"format": "cybenko-archive-2", "storages": [...], "tensors": [...],
  "object": ...}`. `object` is the saved object as JSON: numbers, strings, None and lists as
  themselves, `{"tuple": [...]}`, `{"size": [...]}` for a torch.Size,
  `{"dict": [[key, value], ...]}` (or `"odict"` for an OrderedDict; keys keep their types)
  and `{"tensor": i}` for entry i of `tensors`; sets, bytes (base64), complex numbers, dtypes
  and devices as `{"set": [...]}`, `{"bytes": "..."}`, `{"complex": [re, im]}`,
  `{"dtype": "float32"}` and `{"device": "cpu"}`, the other values torch's weights_only load
  accepts.
- `storages/<k>.npy`: the values of storage k, a 1-D array; `storages[k]` is `{"device": "cpu"}`
  (or `"cuda:0"`, ...), where its tensors lived.
- `tensors[i]`: `{"storage": k, "offset": o, "shape": [...], "stride": [...],
  "requires_grad": bool, "parameter": bool}`, the elements of storage k the tensor shows, with
  torch's meaning of `storage_offset()` and `stride()`; `parameter` marks an `nn.Parameter`.

**Sharing.** Tensors that view the same memory (`x` and `x[:2]`, `x.T`, an expanded `x`, a
Parameter and its `.data`) are saved as views of one storage and load back as views of one
array, so writing into one shows in the others, as in torch; one tensor saved twice loads as
one object. A storage holds only the span of elements its tensors reach (torch writes the whole
storage). Tensors on a real GPU (CuPy) are copied to the host one by one: each gets a storage
of its own.

**Atomic writes.** A path is written as a hidden temporary `.NAME.<random>.partial` beside it,
flushed to disk, then renamed over NAME in one step. A process killed mid-save leaves the
previous NAME whole and, at most, that temporary: no checkpoint suffix, never read by `load`
(loading it by name gives the error below); delete it. A missing folder raises torch's
"Parent directory X does not exist.", a folder as the destination a RuntimeError saying so, and
an OS error while writing (a full disk) names the destination, never the temporary. A file-like
object is written at its current position;
`load` reads from its current position, so `seek(0)` after saving into a buffer.

**Validation.** `load` reads the file once and checks every size it claims against the file's
real length before allocating, the JSON's nesting depth before parsing it, and every record's
types and bounds; any malformed file raises `RuntimeError: '<file>' is not a readable
checkpoint: <what is wrong>`. Arrays must be float32, float64, float16, int64, int32, int16,
int8, uint8 or bool:
an object (pickled) or complex array is refused, never unpickled, and so is a file torch.save
wrote (pickle inside), with the way to convert it. A missing file raises
FileNotFoundError and a folder IsADirectoryError, as in torch. Files in the first format
(`cybenko-archive-1`: one `.npy` per tensor, no sharing) still load.

**Formats shared with PyTorch.** A path ending in `.safetensors` is written and read as
safetensors (the `safetensors` package's format, validated as its reference implementation
does: the header at most 100,000,000 bytes and a JSON object, each entry a known dtype, a
shape of whole numbers and data_offsets that tile the data from 0 to the end of the file with
no gap or overlap, each exactly shape x dtype bytes; `__metadata__` maps strings to strings),
and a `.npz` path as NumPy's archive of named arrays. Both hold flat `{name: tensor}` dicts,
which is what `state_dict()` is:

    # in PyTorch:  safetensors.torch.save_file(model.state_dict(), "net.safetensors")
    net.load_state_dict(cybenko.load("net.safetensors"))

Each tensor is loaded back onto the device it was saved from (the shared formats hold CPU
tensors), unless `map_location` says otherwise: a device ('cpu'), a dict from saved to wanted
device ({'cuda:0': 'cpu'}), or a function `(storage, saved_location) -> tensor or None` called
once per storage (a 1-D tensor on the CPU; None keeps the saved location).
"""

from __future__ import annotations

import base64
import collections
import contextlib
import io
import json
import math
import os
import re
import struct
import tempfile
import zipfile
import zlib

import numpy as np

from . import _device, _dtype
from ._size import Size
from ._tensor import Tensor, _wrap

FORMAT = "cybenko-archive-2"
FORMAT_1 = "cybenko-archive-1"
MAX_JSON_DEPTH = 200  # a checkpoint's structure needs a few levels; this bounds the parsers
_SAFETENSORS_HEADER_LIMIT = 100_000_000  # the reference implementation's limit
_DEFLATE_MAX_RATIO = 1032  # no deflate stream expands more than this
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, struct.error, ValueError,
               KeyError, NotImplementedError, OverflowError, zlib.error)  # fmt: skip
_SEEKABLE = (
    "You can only torch.load from a file that is seekable. Please pre-load the data into a "
    "buffer like io.BytesIO and try to load from it instead."
)


class _Unreadable(Exception):
    """What is wrong with the file being loaded; load() reports it as the documented error."""


def save(obj, f) -> None:
    """Save tensors and containers of them (e.g. a state_dict or an optimizer's) to `f`, a
    path or a binary file-like object."""
    if not isinstance(f, (str, os.PathLike)):
        if not hasattr(f, "write"):
            raise AttributeError(
                "expected 'f' to be string, path, or a file-like object with a 'write' attribute"
            )
        _write_archive(f, *_layout(obj))
        return
    path = os.fspath(f)
    _check_destination(path)
    _write_atomically(path, _writer(obj, path))


def load(f, map_location=None, weights_only: bool = True):
    """Load what save() wrote (or a .safetensors / .npz file of named tensors) from `f`, a path
    or a binary file-like object read from its current position, each tensor on the device it
    was saved from or where `map_location` sends it. `weights_only` is accepted for torch's
    sake: nothing is ever unpickled."""
    name, data, position = _read_input(f)
    try:
        return _parse(data, position, map_location)
    except _Unreadable as problem:
        raise RuntimeError(f"{name} is not a readable checkpoint: {problem}") from None


# --- files and file-likes -----------------------------------------------------------------------


def _check_destination(path: str) -> None:
    parent = os.path.dirname(path)
    if parent and not os.path.isdir(parent):
        raise RuntimeError(f"Parent directory {parent} does not exist.")
    if os.path.isdir(path) or not os.path.basename(path):
        example = os.path.join(path or ".", "checkpoint.pt")
        raise RuntimeError(
            f"cannot save to '{path}': it names a directory, not a file. Give a file name, "
            f"such as '{example}'."
        )


def _writer(obj, path: str):
    """A function writing `obj` in the format `path`'s suffix asks for to an open file (the
    object is checked before any file is touched)."""
    if path.endswith(".safetensors"):
        payload = _safetensors_bytes(_flat_tensors(obj, "safetensors"))
        return lambda handle: handle.write(payload)
    if path.endswith(".npz"):
        arrays = {k: _host(v) for k, v in _flat_tensors(obj, "npz").items()}
        return lambda handle: np.savez(handle, **arrays)
    layout = _layout(obj)
    return lambda handle: _write_archive(handle, *layout)


def _write_atomically(path: str, write) -> None:
    folder, name = os.path.split(os.path.abspath(path))
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name[:100]}.", suffix=".partial")
    except OSError as e:
        raise _about(e, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(e, OSError):
            raise _about(e, path) from None
        raise


def _about(error: OSError, path: str) -> OSError:
    """The same OS error, naming the destination rather than the temporary file."""
    return type(error)(error.errno, error.strerror, path) if error.errno else error


def _read_input(f) -> tuple[str, bytes, int]:
    """The file's name for messages, its bytes, and the position reading started at."""
    if isinstance(f, (str, os.PathLike)):
        path = os.fspath(f)
        with open(path, "rb") as handle:  # FileNotFoundError, IsADirectoryError: torch's own
            return f"'{path}'", handle.read(), 0
    for attribute in ("seek", "read"):
        if not hasattr(f, attribute):
            raise AttributeError(
                f"'{type(f).__name__}' object has no attribute '{attribute}'. {_SEEKABLE}"
            )
    name = getattr(f, "name", None)
    name = f"'{name}'" if isinstance(name, str) else f"'<{type(f).__name__}>'"
    position = f.tell() if hasattr(f, "tell") else 0
    return name, f.read(), position


def _parse(data: bytes, position: int, map_location):
    if not data:
        if position:
            raise _Unreadable(
                f"it is empty: nothing is left to read after position {position} (after saving "
                "into a buffer, seek(0) before loading)"
            )
        raise _Unreadable("it is empty (0 bytes)")
    if data[:2] != b"PK":
        return _placed(_read_safetensors(data), map_location)
    archive = _open_zip(data)
    names = archive.namelist()
    if "cybenko.json" in names:
        return _read_archive(archive, len(data), map_location)
    if any(name.endswith("data.pkl") for name in names):
        raise _Unreadable(
            "it was written by torch.save, which stores objects with pickle, and cybenko never "
            "unpickles. In PyTorch, save a state_dict as safetensors "
            "(safetensors.torch.save_file(model.state_dict(), 'net.safetensors')) and load that"
        )
    return _placed(_read_npz(archive, len(data)), map_location)


def _corrupt(error: Exception) -> str:
    return (
        "it is truncated, corrupt, or not a file that cybenko.save wrote "
        f"({type(error).__name__}: {error}). Save it again"
    )


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as e:
        raise _Unreadable(_corrupt(e)) from None


def _member(archive: zipfile.ZipFile, name: str, limit: int, deflate: bool = False) -> bytes:
    """A member's bytes, once its claimed sizes fit in a file of `limit` bytes."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _Unreadable(f"the archive lacks its member '{name}'") from None
    if info.compress_type == zipfile.ZIP_STORED:
        bound = limit
    elif deflate and info.compress_type == zipfile.ZIP_DEFLATED:
        bound = _DEFLATE_MAX_RATIO * info.compress_size
    else:
        raise _Unreadable(f"its member '{name}' uses compression method {info.compress_type}")
    if info.compress_size > limit or info.file_size > bound:
        raise _Unreadable(
            f"its member '{name}' claims {info.file_size} bytes, more than a file of {limit} "
            "bytes can hold"
        )
    try:
        return archive.read(name)
    except _ZIP_ERRORS as e:
        raise _Unreadable(_corrupt(e)) from None


# --- JSON and .npy, read with bounded depth and size --------------------------------------------

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _json_depth(raw: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest (strings skipped)."""
    codes = np.frombuffer(_JSON_STRING.sub(b"", raw), dtype=np.uint8)
    opens = (codes == ord("[")) | (codes == ord("{"))
    closes = (codes == ord("]")) | (codes == ord("}"))
    return int(np.cumsum(opens.astype(np.int64) - closes).max(initial=0))


def _parse_json(raw: bytes, what: str):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _Unreadable(f"{what} is not UTF-8 text ({e.reason} at byte {e.start})") from None
    depth = _json_depth(raw)
    if depth > MAX_JSON_DEPTH:
        raise _Unreadable(f"{what} nests {depth} levels deep, more than {MAX_JSON_DEPTH}")
    try:
        return json.loads(text)
    except ValueError as e:
        raise _Unreadable(f"{what} is not valid JSON ({e})") from None


def _json_kind(value) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    return kinds.get(type(value), "null" if value is None else "a number")


def _read_npy(raw: bytes, what: str) -> np.ndarray:
    """A .npy file's array, after checking its dtype, shape and length (never unpickles)."""
    stream = io.BytesIO(raw)
    fmt = np.lib.format
    try:
        version = fmt.read_magic(stream)
        readers = {(1, 0): fmt.read_array_header_1_0, (2, 0): fmt.read_array_header_2_0}
        if version not in readers:
            raise ValueError(f"unsupported .npy version {version}")
        shape, fortran_order, dtype = readers[version](stream)
    except ValueError as e:
        raise _Unreadable(f"{what} is not a readable .npy array ({e})") from None
    if dtype not in _dtype._BY_NUMPY:
        raise _Unreadable(
            f"{what} holds {dtype} values; cybenko loads float32, float64, float16, int64, int32, "
            "int16, int8, uint8 and bool arrays, and never unpickles objects"
        )
    if not all(type(n) is int and n >= 0 for n in shape):
        raise _Unreadable(f"{what} has the shape {shape}, not a tuple of whole numbers")
    count = math.prod(shape)
    held, needed = len(raw) - stream.tell(), count * dtype.itemsize
    if held != needed:
        raise _Unreadable(f"{what} has shape {shape}, {needed} bytes, but holds {held}")
    flat = np.frombuffer(raw, dtype=dtype, count=count, offset=stream.tell()).copy()
    return flat.reshape(shape, order="F" if fortran_order else "C")


# --- cybenko's archive: writing -------------------------------------------------------------------


def _host(t: Tensor) -> np.ndarray:
    """A tensor's values in host memory, where files are written from."""
    return _device.move(t._array, _device.CPU)


def _layout(obj) -> tuple[str, list]:
    """The archive of `obj`: the text of cybenko.json and the storage arrays."""
    tensors, index = [], {}

    def reference(t: Tensor) -> dict:
        if id(t) not in index:  # one tensor saved twice loads as one object, as with pickle
            index[id(t)] = len(tensors)
            tensors.append(t)
        return {"tensor": index[id(t)]}

    structure = _encode(obj, reference)
    storages, devices, records = _storages_of(tensors)
    header = {
        "format": FORMAT,
        "storages": [{"device": d} for d in devices],
        "tensors": records,
        "object": structure,
    }
    text = json.dumps(header)
    if _json_depth(text.encode()) > MAX_JSON_DEPTH:
        raise ValueError(
            f"cybenko.save: the object nests more than {MAX_JSON_DEPTH} levels of JSON deep; "
            "save a flatter structure"
        )
    return text, storages


def _write_archive(handle, text: str, storages: list) -> None:
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("cybenko.json", text)
        for k, array in enumerate(storages):
            with archive.open(f"storages/{k}.npy", "w", force_zip64=array.nbytes > 2**30) as out:
                np.lib.format.write_array(out, array, allow_pickle=False)


def _encode(obj, reference):
    """The object as JSON, each tensor replaced by `reference(tensor)`."""
    if isinstance(obj, Tensor):
        return reference(obj)
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, dict):
        kind = "odict" if isinstance(obj, collections.OrderedDict) else "dict"
        return {kind: [[_encode(k, reference), _encode(v, reference)] for k, v in obj.items()]}
    if isinstance(obj, Size):  # before tuple: a Size loads back as a Size
        return {"size": list(obj)}
    if isinstance(obj, tuple):
        return {"tuple": [_encode(v, reference) for v in obj]}
    if isinstance(obj, list):
        return [_encode(v, reference) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return _encode_value(obj, reference)


def _encode_value(obj, reference):
    """The other values torch's weights_only load accepts: sets, bytes, complex numbers,
    dtypes and devices."""
    if isinstance(obj, complex):
        return {"complex": [obj.real, obj.imag]}
    if type(obj) is set:  # torch's weights_only load refuses a frozenset
        return {"set": [_encode(v, reference) for v in obj]}
    if isinstance(obj, (bytes, bytearray)):
        kind = "bytearray" if isinstance(obj, bytearray) else "bytes"
        return {kind: base64.b64encode(obj).decode("ascii")}
    if isinstance(obj, _dtype.dtype) and obj in _dtype.ALL:
        return {"dtype": obj.name}
    if isinstance(obj, _device.device):
        return {"device": str(obj)}
    raise TypeError(
        f"cybenko.save cannot store a {type(obj).__name__}: it stores tensors, numbers, "
        "strings, None and dicts, lists and tuples of them. Save model.state_dict() rather "
        "than the model itself."
    )


def _span(offset: int, shape, stride) -> tuple[int, int]:
    """The first element a view reaches and one past its last (for a non-empty view)."""
    low = high = offset
    for n, s in zip(shape, stride, strict=True):
        if s > 0:
            high += s * (n - 1)
        else:
            low += s * (n - 1)
    return low, high + 1


def _place_in_root(array: np.ndarray):
    """(root, element offset, element strides) of `array` within the contiguous array whose
    memory it views, or None where that cannot be said in whole elements."""
    root = array
    while isinstance(root.base, np.ndarray):
        root = root.base
    if array.size == 0 or root.dtype != array.dtype:
        return None
    if not (root.flags.c_contiguous or root.flags.f_contiguous):
        return None
    size = array.itemsize
    offset, rest = divmod(
        array.__array_interface__["data"][0] - root.__array_interface__["data"][0], size
    )
    if rest or any(s % size for s in array.strides):
        return None
    stride = [s // size for s in array.strides]
    low, high = _span(offset, array.shape, stride)
    if low < 0 or high > root.size:
        return None
    return root, offset, stride


def _contiguous_strides(shape) -> list:
    strides, step = [], 1
    for n in reversed(shape):
        strides.insert(0, step)
        step *= max(n, 1)
    return strides


def _storages_of(tensors: list) -> tuple[list, list, list]:
    """Group tensors by the memory they view: one storage per group, holding the span of
    elements its tensors reach. Returns the storage arrays, their devices, the tensor records."""
    from .nn.parameter import Parameter

    groups: dict = {}  # (id of root array, device) -> [root, device, members]
    for i, t in enumerate(tensors):
        host = _host(t)
        found = _place_in_root(host)
        if found is None:  # a copy of its own, laid out C-contiguously
            found = np.array(host, order="C").reshape(-1), 0, _contiguous_strides(host.shape)
        root, offset, stride = found
        group = groups.setdefault((id(root), str(t._device)), [root, str(t._device), []])
        group[2].append((i, offset, stride))
    storages, devices, records = [], [], [None] * len(tensors)
    for root, device, members in groups.values():
        spans = [_span(o, tensors[i].shape, s) for i, o, s in members if tensors[i].numel()]
        low = min((lo for lo, _ in spans), default=0)
        high = max((hi for _, hi in spans), default=0)
        for i, offset, stride in members:
            t = tensors[i]
            records[i] = {
                "storage": len(storages),
                "offset": offset - low,
                "shape": list(t.shape),
                "stride": stride,
                "requires_grad": t._requires_grad,
                "parameter": isinstance(t, Parameter),
            }
        storages.append(root.ravel(order="K")[low:high])
        devices.append(device)
    return storages, devices, records


# --- cybenko's archive: reading -----------------------------------------------------------------


def _read_archive(archive: zipfile.ZipFile, limit: int, map_location):
    header = _parse_json(_member(archive, "cybenko.json", limit), "its cybenko.json")
    if not isinstance(header, dict):
        raise _Unreadable(f"its cybenko.json holds {_json_kind(header)}, not an object")
    fmt = header.get("format")
    if fmt == FORMAT:
        tensors = _archive_tensors(archive, header, limit, map_location)
        tensor_of = _reference_reader(tensors)
    elif fmt == FORMAT_1:
        tensor_of = _format_1_reader(archive, limit, map_location)
    else:
        raise _Unreadable(
            f"its format is {fmt!r}; this cybenko reads {FORMAT!r} and {FORMAT_1!r} (was it "
            "written by a newer cybenko?)"
        )
    if "object" not in header:
        raise _Unreadable("its cybenko.json has no 'object'")
    return _decode(header["object"], tensor_of)


def _records(header: dict, key: str) -> list:
    records = header.get(key)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise _Unreadable(f"its cybenko.json's {key!r} is not a list of objects")
    return records


def _whole(value, what: str, signed: bool = False) -> int:
    """`value` if it is an int from 0 (or, `signed`, from -2**62) to 2**62."""
    if type(value) is not int or (value < 0 and not signed) or abs(value) >= 2**62:
        kind = "an integer within +-2**62" if signed else "a whole number from 0 to 2**62"
        raise _Unreadable(f"{what} is {value!r}, not {kind}")
    return value


def _flag(value, what: str) -> bool:
    if type(value) is not bool:
        raise _Unreadable(f"{what} is {value!r}, not true or false")
    return value


def _location(value, what: str) -> str:
    try:
        return str(_device.device(value))
    except (TypeError, RuntimeError):
        raise _Unreadable(f"{what} is {value!r}, not a device such as 'cpu'") from None


def _archive_tensors(archive, header: dict, limit: int, map_location) -> list:
    """Every tensor of a cybenko-archive-2 file, as views of its storages."""
    storage_records, tensor_records = _records(header, "storages"), _records(header, "tensors")
    hosts = []
    for k in range(len(storage_records)):
        array = _read_npy(_member(archive, f"storages/{k}.npy", limit), f"storage {k}")
        if array.ndim != 1:
            raise _Unreadable(f"storage {k} has shape {array.shape}; storages are 1-D")
        hosts.append(array)
    checked = [_checked_view(r, i, hosts) for i, r in enumerate(tensor_records)]
    storages = [
        _place_storage(host, _location(r.get("device"), f"storage {k}'s device"), map_location)
        for k, (host, r) in enumerate(zip(hosts, storage_records, strict=True))
    ]
    return [_view(storages[view[0]], *view[1:]) for view in checked]


def _checked_view(record: dict, i: int, hosts: list) -> tuple:
    what = f"tensor {i}"
    k = _whole(record.get("storage"), f"{what}'s storage")
    if k >= len(hosts):
        raise _Unreadable(f"{what} refers to storage {k}, but there are {len(hosts)}")
    offset = _whole(record.get("offset"), f"{what}'s offset")
    shape, stride = record.get("shape"), record.get("stride")
    if not isinstance(shape, list) or not isinstance(stride, list) or len(shape) != len(stride):
        raise _Unreadable(f"{what}'s shape {shape!r} and stride {stride!r} do not match")
    shape = [_whole(n, f"{what}'s shape") for n in shape]
    stride = [_whole(s, f"{what}'s stride", signed=True) for s in stride]
    requires_grad = _flag(record.get("requires_grad"), f"{what}'s requires_grad")
    parameter = _flag(record.get("parameter", False), f"{what}'s parameter")
    length, dtype = len(hosts[k]), hosts[k].dtype
    if requires_grad and dtype.kind != "f":
        raise _Unreadable(f"{what} requires grad but holds {dtype} values")
    if math.prod(shape) * dtype.itemsize >= 2**62:
        raise _Unreadable(f"{what}'s shape {shape} is too large")
    low, high = _span(offset, shape, stride) if math.prod(shape) else (offset, offset)
    if low < 0 or high > length:
        raise _Unreadable(
            f"{what} (offset {offset}, shape {shape}, stride {stride}) reaches elements "
            f"{low} to {high - 1} of storage {k}, which has {length}"
        )
    return k, offset, shape, stride, requires_grad, parameter


def _place_storage(host: np.ndarray, location: str, map_location) -> Tensor:
    placed = _place(_wrap(host), location, map_location)
    if placed._array.shape != host.shape or placed._array.dtype != host.dtype:
        raise RuntimeError(
            "map_location returned a tensor of another shape or dtype than the storage it was "
            "given; return the storage itself, moved (e.g. storage.cpu())"
        )
    return placed


def _view(storage: Tensor, offset: int, shape, stride, requires_grad: bool, parameter: bool):
    array = storage._array
    size = array.itemsize
    if isinstance(array, np.ndarray):
        view = np.ndarray(shape, array.dtype, buffer=array, offset=offset * size,
                          strides=[s * size for s in stride])  # fmt: skip
    else:  # a CuPy array
        view = _device.cupy().lib.stride_tricks.as_strided(
            array[offset:], shape, [s * size for s in stride]
        )
    t = _wrap(view, device=storage._device)
    t._requires_grad = requires_grad
    if parameter:
        from .nn.parameter import Parameter

        return Parameter(t, requires_grad=requires_grad)
    return t


def _reference_reader(tensors: list):
    def tensor_of(entry: dict) -> Tensor:
        i = entry["tensor"]
        if len(entry) != 1 or type(i) is not int or not 0 <= i < len(tensors):
            raise _Unreadable(f"its structure holds a bad tensor reference {_preview(entry)}")
        return tensors[i]

    return tensor_of


def _format_1_reader(archive, limit: int, map_location):
    """Tensors of a cybenko-archive-1 file: {"tensor": i, "requires_grad": b, "device": d}
    in the structure, the values in tensors/<i>.npy."""

    def tensor_of(entry: dict) -> Tensor:
        i = _whole(entry["tensor"], "a tensor reference")
        requires_grad = _flag(entry.get("requires_grad"), f"tensor {i}'s requires_grad")
        location = _location(entry.get("device", "cpu"), f"tensor {i}'s device")
        array = _read_npy(_member(archive, f"tensors/{i}.npy", limit), f"tensor {i}")
        if requires_grad and array.dtype.kind != "f":
            raise _Unreadable(f"tensor {i} requires grad but holds {array.dtype} values")
        t = _place(_wrap(array), location, map_location)
        t._requires_grad = requires_grad
        return t

    return tensor_of


def _preview(value) -> str:
    text = json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _decode(obj, tensor_of):
    if obj is None or type(obj) in (bool, int, float, str):
        return obj
    if type(obj) is list:
        return [_decode(v, tensor_of) for v in obj]
    if type(obj) is dict:
        if "tensor" in obj:
            return tensor_of(obj)
        if len(obj) == 1:
            ((kind, value),) = obj.items()
            if kind == "tuple" and type(value) is list:
                return tuple([_decode(v, tensor_of) for v in value])
            if kind == "size" and type(value) is list:
                return Size([_whole(v, "a torch.Size entry", signed=True) for v in value])
            if kind in _VALUE_DECODERS:
                return _VALUE_DECODERS[kind](value, tensor_of)
            if kind in ("dict", "odict") and type(value) is list:
                items = [_decode_pair(pair, tensor_of) for pair in value]
                return collections.OrderedDict(items) if kind == "odict" else dict(items)
    raise _Unreadable(f"its structure holds an unknown record {_preview(obj)}")


def _decode_set(value, tensor_of) -> set:
    items = [_decode(v, tensor_of) for v in _checked_list(value)]
    try:
        return set(items)
    except TypeError:
        raise _Unreadable(f"its structure holds unhashable set items {_preview(value)}") from None


def _decode_bytes(value, tensor_of) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (TypeError, ValueError):
        raise _Unreadable(f"its structure holds bad bytes {_preview(value)}") from None


def _decode_complex(value, tensor_of) -> complex:
    parts = _checked_list(value)
    if len(parts) != 2 or not all(type(v) in (int, float) for v in parts):
        raise _Unreadable(f"its structure holds a bad complex number {_preview(value)}")
    return complex(*parts)


def _decode_dtype(value, tensor_of):
    found = [d for d in _dtype.ALL if d.name == value]
    if not found:
        raise _Unreadable(f"its structure holds an unknown dtype {_preview(value)}")
    return found[0]


_VALUE_DECODERS = {
    "complex": _decode_complex,
    "set": _decode_set,
    "bytes": _decode_bytes,
    "bytearray": lambda value, tensor_of: bytearray(_decode_bytes(value, tensor_of)),
    "dtype": _decode_dtype,
    "device": lambda value, tensor_of: _device.device(_location(value, "a saved device")),
}


def _checked_list(value) -> list:
    if type(value) is not list:
        raise _Unreadable(f"its structure holds {_preview(value)}, not a list")
    return value


def _decode_pair(pair, tensor_of) -> tuple:
    if type(pair) is not list or len(pair) != 2:
        raise _Unreadable(f"its structure holds a dict item {_preview(pair)}, not a [key, value]")
    key = _decode(pair[0], tensor_of)
    try:
        hash(key)
    except TypeError:
        raise _Unreadable(f"its structure holds a dict key {_preview(pair[0])}") from None
    return key, _decode(pair[1], tensor_of)


def _place(t: Tensor, location: str, map_location) -> Tensor:
    """A loaded CPU tensor `t`, saved from `location`, moved where `map_location` says."""
    if callable(map_location):
        mapped = map_location(t, location)
        if isinstance(mapped, Tensor):
            return mapped
    elif isinstance(map_location, dict):
        location = _mapped_location(map_location.get(location, location))
    elif isinstance(map_location, (str, _device.device)):
        location = str(map_location)
    elif map_location is not None:  # torch calls anything else as a function
        raise TypeError(f"'{type(map_location).__name__}' object is not callable")
    if location == "cpu":
        return t
    if not location.startswith("cuda"):  # torch restores only 'cpu' itself, not 'cpu:0'
        raise RuntimeError(
            "don't know how to restore data location of torch.storage.UntypedStorage "
            f"(tagged with {location})"
        )
    if _device.device(location).type == "cuda" and _device.cuda_device_count() == 0:
        raise RuntimeError(
            "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() "
            "is False. If you are running on a CPU-only machine, please use torch.load with "
            "map_location=torch.device('cpu') to map your storages to the CPU."
        )
    return t.to(location)


def _mapped_location(location) -> str:
    """A map_location dict's value: torch matches it against device names as a string."""
    if not isinstance(location, str):
        kind = "torch.device" if isinstance(location, _device.device) else type(location).__name__
        raise TypeError(f"expected string or bytes-like object, got '{kind}'")
    return location


def _placed(tensors: dict, map_location) -> dict:
    """The tensors of a shared-format file (all saved from the CPU), placed."""
    if map_location is None:
        return tensors
    return collections.OrderedDict((k, _place(v, "cpu", map_location)) for k, v in tensors.items())


# --- formats shared with PyTorch ----------------------------------------------------------------


def _flat_tensors(obj, fmt: str) -> dict:
    if not isinstance(obj, dict) or not all(
        isinstance(k, str) and isinstance(v, Tensor) for k, v in obj.items()
    ):
        raise TypeError(f"a .{fmt} file holds a flat dict of named tensors, such as a state_dict")
    return obj


def _read_npz(archive: zipfile.ZipFile, limit: int) -> collections.OrderedDict:
    out = collections.OrderedDict()
    for name in archive.namelist():
        if not name.endswith(".npy"):
            raise _Unreadable(f"it holds {name!r}; an .npz archive holds only .npy arrays")
        raw = _member(archive, name, limit, deflate=True)  # np.savez_compressed deflates
        out[name[: -len(".npy")]] = _wrap(_read_npy(raw, f"its array {name!r}"))
    return out


_SAFETENSORS_DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32,
                       "U8": np.uint8, "BOOL": np.bool_, "F16": np.float16, "I16": np.int16,
                       "I8": np.int8}  # fmt: skip
_SAFETENSORS_NAMES = {np.dtype(v): k for k, v in _SAFETENSORS_DTYPES.items()}
# every dtype name the reference implementation knows; cybenko reads those above
_SAFETENSORS_KNOWN = (
    "BOOL F4 F6_E2M3 F6_E3M2 U8 I8 F8_E5M2 F8_E4M3 F8_E8M0 F8_E4M3FNUZ F8_E5M2FNUZ I16 U16 F16 "
    "BF16 I32 U32 F32 C64 F64 I64 U64"
).split()


def _safetensors_bytes(tensors: dict) -> bytes:
    """The safetensors layout: an 8-byte little-endian header size, a JSON header naming each
    tensor's dtype, shape and byte range, then the raw little-endian bytes."""
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        raw = np.array(_host(t), order="C", dtype=t._array.dtype.newbyteorder("<")).tobytes()
        header[name] = {
            "dtype": _SAFETENSORS_NAMES[t._array.dtype],
            "shape": list(t._array.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the format aligns the data to 8 bytes
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def _read_safetensors(data: bytes) -> collections.OrderedDict:
    header, start = _safetensors_header(data)
    entries = [(name, _safetensors_entry(name, info)) for name, info in header.items()]
    end = 0
    for name, (dtype, shape, first, last) in sorted(entries, key=lambda e: e[1][2:]):
        if first != end or last < first:
            raise _Unreadable(
                f"tensor {name!r} has data_offsets [{first}, {last}], but the tensors' data must "
                f"follow each other from byte 0 without gaps or overlaps: it should start at {end}"
            )
        needed = math.prod(shape) * dtype.itemsize
        if last - first != needed:
            raise _Unreadable(
                f"tensor {name!r} spans {last - first} bytes, but shape {shape} of "
                f"{_SAFETENSORS_NAMES[dtype]} needs {needed}"
            )
        end = last
    if start + end != len(data):
        raise _Unreadable(
            f"its tensors' data ends at byte {end}, but the file holds {len(data) - start} bytes "
            "of data: it is truncated, or has bytes no tensor claims"
        )
    out = collections.OrderedDict()
    for name, (dtype, shape, first, _) in entries:
        little = dtype.newbyteorder("<")
        array = np.frombuffer(data, little, math.prod(shape), start + first).astype(dtype)
        out[name] = _wrap(array.reshape(shape))
    return out


def _safetensors_header(data: bytes) -> tuple[dict, int]:
    """The header's tensor entries (metadata checked and dropped) and where the data starts."""
    if len(data) < 8:
        raise _Unreadable(f"it is {len(data)} bytes long, too short to be a checkpoint")
    (size,) = struct.unpack("<Q", data[:8])
    if size > _SAFETENSORS_HEADER_LIMIT:
        limit = f"the safetensors limit of {_SAFETENSORS_HEADER_LIMIT}"
    elif 8 + size > len(data):
        limit = f"the {len(data) - 8} bytes that follow"
    else:
        limit = None
    if limit:
        raise _Unreadable(
            "it is not a ZIP archive (what cybenko.save writes), and as a safetensors file its "
            f"first 8 bytes give a header of {size} bytes, more than {limit}"
        )
    header = _parse_json(data[8 : 8 + size], "its safetensors header")
    if not isinstance(header, dict):
        raise _Unreadable(f"its safetensors header is {_json_kind(header)}, not an object")
    metadata = header.pop("__metadata__", None)
    if metadata is not None and not (
        isinstance(metadata, dict) and all(isinstance(v, str) for v in metadata.values())
    ):
        raise _Unreadable(f"its __metadata__ is {_preview(metadata)}, not a map of strings")
    return header, 8 + size


def _safetensors_entry(name: str, info) -> tuple:
    """(dtype, shape, first byte, end byte) of one header entry, each checked."""
    if not isinstance(info, dict):
        raise _Unreadable(
            f"tensor {name!r} is described by {_preview(info)}, not an object with dtype, shape "
            "and data_offsets"
        )
    missing = [key for key in ("dtype", "shape", "data_offsets") if key not in info]
    if missing:
        raise _Unreadable(f"tensor {name!r} lacks {', '.join(missing)}")
    kind, shape, offsets = info["dtype"], info["shape"], info["data_offsets"]
    if kind not in _SAFETENSORS_DTYPES:
        known = kind in _SAFETENSORS_KNOWN if isinstance(kind, str) else False
        why = "which cybenko lacks" if known else "which is not a safetensors dtype"
        raise _Unreadable(
            f"tensor {name!r} has dtype {kind!r}, {why} (it reads {', '.join(_SAFETENSORS_DTYPES)})"
        )
    if not isinstance(shape, list):
        raise _Unreadable(f"tensor {name!r} has shape {_preview(shape)}, not a list")
    shape = [_whole(n, f"a shape entry of tensor {name!r}") for n in shape]
    if not isinstance(offsets, list) or len(offsets) != 2:
        raise _Unreadable(f"tensor {name!r} has data_offsets {_preview(offsets)}, not [begin, end]")
    first, last = (_whole(n, f"a data offset of tensor {name!r}") for n in offsets)
    return np.dtype(_SAFETENSORS_DTYPES[kind]), shape, first, last
