"""save and load, without pickle: loading a file never runs code from it.

`save(obj, path)` writes a ZIP archive holding `cybenko.json` (the object's structure:
dicts, lists, tuples, numbers, strings, None, and references to tensors) and one `.npy`
file per tensor, read back with `allow_pickle=False`. ZIP's checksums catch corrupt files.
The file is written beside its destination and moved into place in one step, so a crash
mid-save leaves the previous file intact.

To move a model between cybenko and PyTorch, use the formats both read: a path ending in
`.safetensors` is written and read as safetensors (the format of the `safetensors`
package), and a `.npz` path as NumPy's archive of named arrays. Both hold flat
`{name: tensor}` dicts, which is what `state_dict()` is:

    # in PyTorch:  safetensors.torch.save_file(model.state_dict(), "net.safetensors")
    net.load_state_dict(cybenko.load("net.safetensors"))

Each tensor is loaded back onto the device it was saved from (cybenko's archive records it;
the shared formats hold CPU tensors), unless `map_location` says otherwise: a device
('cpu'), a dict from saved to wanted device ({'cuda:0': 'cpu'}), or a function
`(tensor_on_cpu, saved_location) -> tensor or None` (None keeps the saved location).
"""

from __future__ import annotations

import collections
import io
import json
import os
import struct
import tempfile
import zipfile

import numpy as np

from . import _device, _dtype
from ._tensor import Tensor, _wrap

FORMAT = "cybenko-archive-1"


def save(obj, f) -> None:
    """Save tensors and containers of them (e.g. a state_dict or an optimizer's) to `f`."""
    path = os.fspath(f)
    if path.endswith(".safetensors"):
        payload = _safetensors_bytes(_flat_tensors(obj, "safetensors"))
    elif path.endswith(".npz"):
        buffer = io.BytesIO()
        arrays = {k: _host(v) for k, v in _flat_tensors(obj, "npz").items()}
        np.savez(buffer, **arrays)
        payload = buffer.getvalue()
    else:
        payload = _archive_bytes(obj)
    _write_atomically(path, payload)


def load(f, map_location=None, weights_only: bool = True):
    """Load what save() wrote (or a .safetensors / .npz file of named tensors), each tensor
    on the device it was saved from or where `map_location` sends it."""
    path = os.fspath(f)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such file: '{path}'")
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "cybenko.json" in archive.namelist():
                    return _read_archive(archive, map_location)
                return _placed(_read_npz(archive), map_location)
        return _placed(_read_safetensors(data), map_location)
    except (zipfile.BadZipFile, ValueError, KeyError, EOFError, struct.error) as e:
        raise RuntimeError(
            f"'{path}' is not a readable checkpoint: it is truncated, corrupt, or not a file "
            f"that cybenko.save wrote ({type(e).__name__}: {e}). Save it again."
        ) from None


def _write_atomically(path: str, payload: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".cybenko-save-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


# --- cybenko's own archive ----------------------------------------------------------------------


def _archive_bytes(obj) -> bytes:
    tensors: list[np.ndarray] = []
    structure = _encode(obj, tensors)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        header = {"format": FORMAT, "object": structure}
        archive.writestr("cybenko.json", json.dumps(header))
        for i, array in enumerate(tensors):
            npy = io.BytesIO()
            np.save(npy, np.array(array, order="C"), allow_pickle=False)
            archive.writestr(f"tensors/{i}.npy", npy.getvalue())
    return buffer.getvalue()


def _host(t: Tensor) -> np.ndarray:
    """A tensor's values in host memory, where files are written from."""
    return _device.move(t._array, _device.CPU)


def _encode(obj, tensors: list):
    """The object as JSON, with each tensor replaced by a reference to its .npy entry (and
    the device it lives on, when that is not the CPU)."""
    if isinstance(obj, Tensor):
        tensors.append(_host(obj))
        entry = {"tensor": len(tensors) - 1, "requires_grad": obj._requires_grad}
        if obj._device is not _device.CPU:
            entry["device"] = str(obj._device)
        return entry
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, dict):
        kind = "odict" if isinstance(obj, collections.OrderedDict) else "dict"
        return {kind: [[_encode(k, tensors), _encode(v, tensors)] for k, v in obj.items()]}
    if isinstance(obj, tuple):
        return {"tuple": [_encode(v, tensors) for v in obj]}
    if isinstance(obj, list):
        return [_encode(v, tensors) for v in obj]
    if isinstance(obj, (np.generic,)):
        return obj.item()
    raise TypeError(
        f"cybenko.save cannot store a {type(obj).__name__}: it stores tensors, numbers, "
        "strings, None and dicts, lists and tuples of them. Save model.state_dict() rather "
        "than the model itself."
    )


def _read_archive(archive: zipfile.ZipFile, map_location):
    header = json.loads(archive.read("cybenko.json"))
    if header.get("format") != FORMAT:
        raise ValueError(f"unknown format {header.get('format')!r}")
    arrays = {}

    def array(i: int) -> np.ndarray:
        if i not in arrays:
            with archive.open(f"tensors/{i}.npy") as entry:
                arrays[i] = np.load(io.BytesIO(entry.read()), allow_pickle=False)
        return arrays[i]

    def tensor(entry: dict) -> Tensor:
        t = _place(_wrap(array(entry["tensor"])), entry.get("device", "cpu"), map_location)
        t._requires_grad = entry["requires_grad"]
        return t

    return _decode(header["object"], tensor)


def _decode(obj, tensor):
    if isinstance(obj, list):
        return [_decode(v, tensor) for v in obj]
    if not isinstance(obj, dict):
        return obj
    if "tensor" in obj:
        return tensor(obj)
    if "tuple" in obj:
        return tuple(_decode(v, tensor) for v in obj["tuple"])
    pairs = obj.get("dict", obj.get("odict"))
    items = [(_decode(k, tensor), _decode(v, tensor)) for k, v in pairs]
    return collections.OrderedDict(items) if "odict" in obj else dict(items)


def _place(t: Tensor, location: str, map_location) -> Tensor:
    """A loaded CPU tensor `t`, saved from `location`, moved where `map_location` says."""
    if callable(map_location):
        mapped = map_location(t, location)
        if isinstance(mapped, Tensor):
            return mapped
    elif isinstance(map_location, dict):
        location = str(map_location.get(location, location))
    elif map_location is not None:
        location = str(map_location)
    if location == "cpu":
        return t
    if _device.device(location).type == "cuda" and _device.cuda_device_count() == 0:
        raise RuntimeError(
            "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() "
            "is False. If you are running on a CPU-only machine, please use torch.load with "
            "map_location=torch.device('cpu') to map your storages to the CPU."
        )
    return t.to(location)


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


def _read_npz(archive: zipfile.ZipFile) -> collections.OrderedDict:
    out = collections.OrderedDict()
    for name in archive.namelist():
        if not name.endswith(".npy"):
            raise ValueError(f"unexpected entry {name!r} in an .npz archive")
        with archive.open(name) as entry:
            array = np.load(io.BytesIO(entry.read()), allow_pickle=False)
        _dtype.from_numpy_dtype(array.dtype)
        out[name[: -len(".npy")]] = _wrap(array)
    return out


_SAFETENSORS_DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32,
                       "U8": np.uint8, "BOOL": np.bool_}  # fmt: skip
_SAFETENSORS_NAMES = {np.dtype(v): k for k, v in _SAFETENSORS_DTYPES.items()}


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
    (size,) = struct.unpack("<Q", data[:8])
    if size > len(data) - 8:
        raise ValueError("header runs past the end of the file")
    header = json.loads(data[8 : 8 + size])
    body = data[8 + size :]
    out = collections.OrderedDict()
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in _SAFETENSORS_DTYPES:
            raise ValueError(f"tensor {name!r} has dtype {info['dtype']}, which cybenko lacks")
        start, end = info["data_offsets"]
        if end > len(body):
            raise ValueError(f"tensor {name!r} runs past the end of the file")
        dtype = np.dtype(_SAFETENSORS_DTYPES[info["dtype"]]).newbyteorder("<")
        array = np.frombuffer(body[start:end], dtype=dtype).astype(dtype.newbyteorder("="))
        out[name] = _wrap(array.reshape(info["shape"]))
    return out
