"""Bad checkpoints and bad save/load arguments.

Where torch applies (paths, file-like objects), both libraries run the same call and must
raise the same exception type with a message starting as torch's. Malformed files are
cybenko's own contract: `RuntimeError: '<file>' is not a readable checkpoint: <problem>`,
raised at load time, in bounded time and memory. Malformed safetensors files are also given
to the reference implementation (the `safetensors` package), which refuses them too unless a
case says otherwise.
"""

import copy
import io
import json
import pickle
import re
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest

import cybenko
from helpers import check_error
from oracle import safetensors, torch

pytestmark = pytest.mark.oracle

NOT_READABLE = "is not a readable checkpoint: "


def assert_unreadable(path, problem: str) -> None:
    """load(path) gives the documented error, naming the file and the problem."""
    with pytest.raises(RuntimeError) as info:
        cybenko.load(path)
    message = str(info.value)
    assert message.startswith(f"'{path}' {NOT_READABLE}"), message
    assert problem in message, message


# --- paths and file-like objects, side by side with torch ----------------------------------------


def missing_folder(tmp_path):
    return tmp_path / "no" / "such" / "ckpt.pt"


def under_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    return tmp_path / "notes.txt" / "ckpt.pt"


SAVE_PATHS = {
    "into a missing folder": lambda tmp: str(missing_folder(tmp)),
    "into a missing folder, as a Path": missing_folder,
    "into a folder that is a file": under_a_file,
}


@pytest.mark.parametrize("where", SAVE_PATHS)
def test_save_where_no_folder_is_says_so_as_torch(tmp_path, where):
    path = SAVE_PATHS[where](tmp_path)
    check_error(lambda T: T.save({"w": T.ones(2)}, path), match=True)  # Parent directory ...


LOAD_PATHS = {
    "a missing file": lambda tmp: str(tmp / "missing.pt"),
    "a missing file, as a Path": lambda tmp: tmp / "missing.pt",
    "a file in a missing folder": lambda tmp: str(missing_folder(tmp)),
    "a folder": lambda tmp: str(tmp),
    "a path through a file": lambda tmp: str(under_a_file(tmp)),
}


@pytest.mark.parametrize("where", LOAD_PATHS)
def test_load_of_what_is_not_a_file_raises_as_torch(tmp_path, where):
    path = LOAD_PATHS[where](tmp_path)
    check_error(lambda T: T.load(path), match=True)  # FileNotFoundError, IsADirectoryError, ...


class ReadOnly:
    def read(self, size=-1):
        return b""


NOT_FILES = {
    "save to a number": lambda T: T.save({}, 5),
    "save to None": lambda T: T.save({}, None),
    "save to a bytes path": lambda T: T.save({}, b"ckpt.pt"),
    "load from a number": lambda T: T.load(5),
    "load from None": lambda T: T.load(None),
    "load from a bytes path": lambda T: T.load(b"ckpt.pt"),
    "load from an object without seek": lambda T: T.load(ReadOnly()),
}


@pytest.mark.parametrize("call", NOT_FILES)
def test_what_is_neither_path_nor_file_is_refused_as_torch(call):
    check_error(NOT_FILES[call], match="start")  # AttributeError: ... 'write' / 'seek'


@pytest.mark.parametrize("name", ["folder", "folder/"])
def test_save_over_a_folder_says_it_is_a_folder(tmp_path, name):
    (tmp_path / "folder").mkdir()
    path = str(tmp_path / name)
    with pytest.raises(RuntimeError):  # torch: "[enforce fail at inline_container.cc...]"
        torch.save({}, path)
    with pytest.raises(RuntimeError, match="it names a directory, not a file") as info:
        cybenko.save({}, path)
    assert "partial" not in str(info.value)  # never the temporary file's name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


def test_an_os_error_while_saving_names_the_destination(tmp_path, monkeypatch):
    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    path = tmp_path / "ckpt.pt"
    with pytest.raises(OSError, match="No space left on device") as info:
        cybenko.save({"w": cybenko.ones(2)}, path)
    assert info.value.filename == str(path) and "partial" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("position", ["at its end", "empty"])
def test_a_buffer_with_nothing_left_to_read(position):
    """torch raises a bare EOFError; cybenko keeps its documented error, with the fix."""
    buffers = {}
    for T in (torch, cybenko):
        buffers[T] = io.BytesIO()
        if position == "at its end":
            T.save({"w": T.ones(2)}, buffers[T])
    with pytest.raises(EOFError):
        torch.load(buffers[torch])
    hint = "seek(0)" if position == "at its end" else "it is empty (0 bytes)"
    with pytest.raises(RuntimeError, match=rf"^'<BytesIO>' {NOT_READABLE}.*{re.escape(hint)}"):
        cybenko.load(buffers[cybenko])


# --- cybenko's archive, crafted -----------------------------------------------------------------


def valid_archive() -> tuple[dict, dict]:
    """The header and members of a small valid archive: w (2x3 float32, requires grad), its
    transpose, and n, an int64 vector."""
    w = cybenko.arange(6.0).reshape(2, 3).requires_grad_()
    buffer = io.BytesIO()
    cybenko.save({"w": w, "wt": w.T, "n": cybenko.arange(3), "step": 7}, buffer)
    with zipfile.ZipFile(buffer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(members.pop("cybenko.json")), members


def write_archive(path, header, members, raw_header: bytes | None = None) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        text = raw_header if raw_header is not None else json.dumps(header)
        archive.writestr("cybenko.json", text)
        for name, data in members.items():
            archive.writestr(name, data)


def npy(array, header: dict | None = None, data: bytes | None = None) -> bytes:
    """A .npy file; `header` and `data` replace what np.save would write."""
    out = io.BytesIO()
    if header is None and data is None:
        np.save(out, array, allow_pickle=True)
        return out.getvalue()
    fields = {"descr": np.lib.format.dtype_to_descr(array.dtype), "fortran_order": False}
    fields["shape"] = array.shape
    fields.update(header or {})
    np.lib.format.write_array_header_1_0(out, fields)
    return out.getvalue() + (array.tobytes() if data is None else data)


class Payload:
    """Unpickling it would record that code ran."""

    ran = []

    def __reduce__(self):
        return (Payload.ran.append, ("executed",))


def set_in(key_path, value):
    def change(header, members):
        node = header
        for key in key_path[:-1]:
            node = node[key]
        node[key_path[-1]] = value

    return change


def drop(key_path):
    def change(header, members):
        node = header
        for key in key_path[:-1]:
            node = node[key]
        del node[key_path[-1]]

    return change


def member(name, data):
    def change(header, members):
        if data is None:
            del members[name]
        else:
            members[name] = data

    return change


ARCHIVE_DAMAGE = {
    "unknown format": (set_in(("format",), "cybenko-archive-99"), "was it written by a newer"),
    "no object": (drop(("object",)), "has no 'object'"),
    "storages not a list": (set_in(("storages",), {"0": {}}), "'storages' is not a list"),
    "a tensor record that is not a dict": (set_in(("tensors", 0), 5), "'tensors' is not a list of"),
    "an unknown structure record": (
        set_in(("object",), {"module": "os", "call": "system"}),
        "unknown record",
    ),
    "a record of two kinds": (set_in(("object",), {"dict": [], "tuple": []}), "unknown record"),
    "a dict item that is not a pair": (set_in(("object",), {"dict": [[1, 2, 3]]}), "[key, value]"),
    "a list as a dict key": (set_in(("object",), {"dict": [[[1], 2]]}), "a dict key [1]"),
    "a tensor reference out of range": (
        set_in(("object",), {"tensor": 9}),
        "bad tensor reference",
    ),
    "a tensor reference that is a string": (
        set_in(("object",), {"tensor": "0"}),
        "bad tensor reference",
    ),
    "a storage index out of range": (set_in(("tensors", 0, "storage"), 5), "refers to storage 5"),
    "a negative offset": (set_in(("tensors", 0, "offset"), -1), "offset is -1"),
    "a negative size": (set_in(("tensors", 0, "shape"), [-2, 3]), "shape is -2"),
    "a float size": (set_in(("tensors", 0, "shape"), [2.0, 3]), "shape is 2.0"),
    "a size that overflows": (
        set_in(("tensors", 0, "shape"), [2**40, 2**40]),
        "is too large",
    ),
    "strides of another length than the shape": (
        set_in(("tensors", 0, "stride"), [1]),
        "do not match",
    ),
    "a view past its storage": (set_in(("tensors", 0, "offset"), 4), "reaches elements 4 to 9"),
    "a stride past its storage": (set_in(("tensors", 0, "stride"), [3, 2]), "reaches elements"),
    "requires_grad that is not a bool": (
        set_in(("tensors", 0, "requires_grad"), "yes"),
        "requires_grad is 'yes'",
    ),
    "requires_grad on integers": (
        set_in(("tensors", 2, "requires_grad"), True),
        "requires grad but holds int64",
    ),
    "an unknown device": (set_in(("storages", 0, "device"), "tpu"), "not a device"),
    "a missing storage member": (member("storages/0.npy", None), "lacks its member"),
    "a complex128 storage": (member("storages/0.npy", npy(np.ones(6, complex))), "complex128"),
    "a pickled object storage": (
        member("storages/0.npy", npy(np.array([Payload()] * 6, dtype=object))),
        "never unpickles",
    ),
    "a 2-D storage": (member("storages/0.npy", npy(np.ones((2, 3), np.float32))), "are 1-D"),
    "a storage of a negative size": (
        member("storages/0.npy", npy(np.ones(6, np.float32), header={"shape": (-6,)})),
        "not a tuple of whole numbers",
    ),
    "a truncated storage": (
        member("storages/0.npy", npy(np.ones(6, np.float32), data=b"\0" * 10)),
        "24 bytes, but holds 10",
    ),
    "a storage that is not .npy": (member("storages/0.npy", b"values"), "not a readable .npy"),
    "a storage of an unknown dtype name": (
        member("storages/0.npy", npy(np.ones(6, np.float32), header={"descr": "<f16x"})),
        "not a readable .npy",
    ),
}


@pytest.mark.parametrize("damage", ARCHIVE_DAMAGE)
def test_a_crafted_archive_is_refused_with_its_problem(tmp_path, damage):
    change, problem = ARCHIVE_DAMAGE[damage]
    header, members = valid_archive()
    change(header, members)
    path = tmp_path / "crafted.pt"
    write_archive(path, header, members)
    assert_unreadable(path, problem)
    assert Payload.ran == []


HEADERS = {
    "a JSON list": (b"[1, 2]", "holds an array, not an object"),
    "a JSON string": (b'"text"', "holds a string, not an object"),
    "not JSON": (b"{format: 1}", "is not valid JSON"),
    "not UTF-8": (b'{"format": "\xff"}', "is not UTF-8 text"),
    "nested 100,000 levels": (b"[" * 100_000 + b"]" * 100_000, "nests 100000 levels deep"),
    "an object nested 100,000 levels": (
        b'{"format": "cybenko-archive-2", "storages": [], "tensors": [], "object": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}",
        "nests 100001 levels deep",
    ),
}


@pytest.mark.parametrize("header", HEADERS)
def test_a_header_that_is_not_a_checkpoint_header_is_refused(tmp_path, header):
    raw, problem = HEADERS[header]
    path = tmp_path / "crafted.pt"
    write_archive(path, {}, {}, raw_header=raw)
    assert_unreadable(path, problem)


def test_an_archive_of_the_first_format_is_validated_too(tmp_path):
    header = {"format": "cybenko-archive-1", "object": {"tensor": 0, "requires_grad": False}}
    path = tmp_path / "old.pt"
    write_archive(path, header, {"tensors/0.npy": npy(np.ones(2, complex))})
    assert_unreadable(path, "holds complex128 values")


def test_a_file_torch_saved_is_refused_without_unpickling(tmp_path):
    path = tmp_path / "torch.pt"
    torch.save({"w": torch.ones(2)}, path)
    assert_unreadable(path, "written by torch.save")


def test_deflated_members_are_refused_in_cybenko_archives(tmp_path):
    header, members = valid_archive()
    path = tmp_path / "deflated.pt"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cybenko.json", json.dumps(header))
        for name, data in members.items():
            archive.writestr(name, data)
    assert_unreadable(path, "uses compression method 8")


# --- sizes claimed, never allocated -------------------------------------------------------------

EIGHTY_GB = 80 * 10**9


def archive_whose_header_member_claims_80_gb(path):
    header, members = valid_archive()
    write_archive(path, header, members)
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the central directory's entry for cybenko.json
    data[entry + 20 : entry + 28] = struct.pack("<II", 0xFFFFFFF0, 0xFFFFFFF0)
    path.write_bytes(bytes(data))


def storage_whose_shape_claims_80_gb(path):
    header, members = valid_archive()
    shape = {"shape": (EIGHTY_GB // 4,)}
    members["storages/0.npy"] = npy(np.ones(6, np.float32), header=shape)
    write_archive(path, header, members)


def safetensors_whose_header_claims_80_gb(path):
    path.write_bytes(struct.pack("<Q", EIGHTY_GB) + b"{}")


def safetensors_tensor_claiming_80_gb(path):
    entry = {"dtype": "F32", "shape": [EIGHTY_GB // 4], "data_offsets": [0, EIGHTY_GB]}
    path.write_bytes(safetensors_file({"w": entry}, b"\0" * 8))


HUGE = {
    "a zip member": (archive_whose_header_member_claims_80_gb, "claims 4294967280 bytes"),
    "a .npy shape": (storage_whose_shape_claims_80_gb, "80000000000 bytes, but holds 24"),
    "a safetensors header": (safetensors_whose_header_claims_80_gb, "more than the safetensors"),
    "a safetensors tensor": (safetensors_tensor_claiming_80_gb, "tensors' data ends at byte"),
}


@pytest.mark.parametrize("claim", HUGE)
def test_a_size_claimed_beyond_the_file_is_refused_before_allocating(tmp_path, claim):
    make, problem = HUGE[claim]
    path = tmp_path / ("huge.safetensors" if "safetensors" in claim else "huge.pt")
    make(path)
    tracemalloc.start()
    try:
        assert_unreadable(path, problem)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10**7, f"{peak} bytes allocated while refusing the file"


# --- damaged and foreign files ------------------------------------------------------------------


def saved_archive(path):
    x = cybenko.arange(64.0)
    cybenko.save({"x": x, "half": x[:32], "m": x.view(8, 8).T}, path)
    return path.read_bytes()


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.pt"
    path.write_bytes(b"")
    assert_unreadable(path, "it is empty (0 bytes)")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_bytes_are_refused(tmp_path, seed):
    path = tmp_path / "noise.pt"
    path.write_bytes(np.random.default_rng(seed).bytes(300))
    assert_unreadable(path, "not a ZIP archive")


@pytest.mark.parametrize("fraction", [0.0005, 0.003, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999])
def test_a_truncated_archive_is_refused(tmp_path, fraction):
    path = tmp_path / "ckpt.pt"
    data = saved_archive(path)
    path.write_bytes(data[: max(1, int(len(data) * fraction))])
    with pytest.raises(RuntimeError, match=f"^'{path}' {NOT_READABLE}"):
        cybenko.load(path)


def test_every_cut_of_an_archive_is_refused(tmp_path):
    """All prefixes of a small archive: the documented error, never another exception."""
    path = tmp_path / "ckpt.pt"
    data = saved_archive(path)
    for cut in range(0, len(data), 7):
        with pytest.raises(RuntimeError, match=NOT_READABLE):
            cybenko.load(io.BytesIO(data[:cut]))


# --- safetensors, crafted -----------------------------------------------------------------------


def safetensors_file(header, body: bytes = b"", raw: bytes | None = None) -> bytes:
    text = raw if raw is not None else json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + body


F32x3 = np.arange(3, dtype="<f4").tobytes()


def entry(dtype="F32", shape=(3,), offsets=(0, 12)):
    return {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets)}


SAFETENSORS_DAMAGE = {
    "a header that is a JSON list": (safetensors_file([1, 2]), "is an array, not an object"),
    "an entry that is not a dict": (safetensors_file({"w": 5}), "is described by 5"),
    "an entry without a shape": (
        safetensors_file({"w": {"dtype": "F32", "data_offsets": [0, 12]}}, F32x3),
        "lacks shape",
    ),
    "negative data_offsets": (
        safetensors_file({"w": entry(offsets=(-4, 8))}, F32x3),
        "data offset of tensor 'w' is -4",
    ),
    "data_offsets with a gap": (
        safetensors_file({"w": entry(shape=(2,), offsets=(4, 12))}, F32x3),
        "should start at 0",
    ),
    "overlapping data_offsets": (
        safetensors_file(
            {"a": entry(shape=(2,), offsets=(0, 8)), "b": entry(shape=(2,), offsets=(4, 12))},
            F32x3,
        ),
        "should start at 8",
    ),
    "data_offsets past the end of the file": (
        safetensors_file({"w": entry(shape=(4,), offsets=(0, 16))}, F32x3),
        "the file holds 12 bytes",
    ),
    "bytes after the last tensor": (
        safetensors_file({"w": entry(shape=(2,), offsets=(0, 8))}, F32x3),
        "has bytes no tensor claims",
    ),
    "a byte length that is not shape x dtype": (
        safetensors_file({"w": entry(shape=(2,))}, F32x3),
        "spans 12 bytes, but shape [2] of F32 needs 8",
    ),
    "three data_offsets": (
        safetensors_file({"w": entry(offsets=(0, 12, 12))}, F32x3),
        "not [begin, end]",
    ),
    "an unknown dtype name": (
        safetensors_file({"w": entry(dtype="F33")}, F32x3),
        "which is not a safetensors dtype",
    ),
    "a lower-case dtype name": (
        safetensors_file({"w": entry(dtype="f32")}, F32x3),
        "which is not a safetensors dtype",
    ),
    "a negative size": (
        safetensors_file({"w": entry(shape=(-3,))}, F32x3),
        "shape entry of tensor 'w' is -3",
    ),
    "a float size": (
        safetensors_file({"w": entry(shape=(3.0,))}, F32x3),
        "shape entry of tensor 'w' is 3.0",
    ),
    "a boolean size": (
        safetensors_file({"w": entry(shape=(True,), offsets=(0, 4))}, F32x3[:4]),
        "shape entry of tensor 'w' is True",
    ),
    "a size that overflows": (
        safetensors_file({"w": entry(shape=(2**62, 4))}, F32x3),
        "is 4611686018427387904, not a whole number from 0 to 2**62",
    ),
    "metadata with a number": (
        safetensors_file({"__metadata__": {"k": 1}, "w": entry()}, F32x3),
        "not a map of strings",
    ),
    "metadata that is a list": (
        safetensors_file({"__metadata__": ["k"], "w": entry()}, F32x3),
        "not a map of strings",
    ),
    "a header size beyond the file": (struct.pack("<Q", 64) + b"{}", "more than the 2 bytes"),
    "a header that is not UTF-8": (safetensors_file(None, raw=b'{"\xff": 1}'), "not UTF-8"),
    "a header that is not JSON": (safetensors_file(None, raw=b"{} {}"), "is not valid JSON"),
    "a header nested 100,000 levels": (
        safetensors_file(None, raw=b"[" * 100_000 + b"]" * 100_000),
        "nests 100000 levels deep",
    ),
    "a file shorter than the header size": (b"\x01\x02", "2 bytes long, too short"),
}


@pytest.mark.parametrize("damage", SAFETENSORS_DAMAGE)
def test_a_crafted_safetensors_file_is_refused_as_the_reference_does(tmp_path, damage):
    data, problem = SAFETENSORS_DAMAGE[damage]
    with pytest.raises(safetensors.SafetensorError):  # the reference refuses it too
        safetensors.numpy.load(data)
    path = tmp_path / "crafted.safetensors"
    path.write_bytes(data)
    assert_unreadable(path, problem)


def test_a_safetensors_dtype_cybenko_lacks_is_refused(tmp_path):
    """U16 is valid safetensors (the reference reads it); cybenko has no uint16."""
    data = safetensors_file({"w": entry(dtype="U16", shape=(2,), offsets=(0, 4))}, b"\0" * 4)
    assert safetensors.numpy.load(data)["w"].dtype == np.uint16
    path = tmp_path / "uint16.safetensors"
    path.write_bytes(data)
    assert_unreadable(path, "has dtype 'U16', which cybenko lacks")


ACCEPTED = {
    "entries out of offset order": {
        "b": entry(shape=(1,), offsets=(4, 8)),
        "a": entry(shape=(1,), offsets=(0, 4)),
    },
    "an extra field in an entry": {"w": {**entry(shape=(2,), offsets=(0, 8)), "note": 1}},
    "null metadata": {"__metadata__": None, "w": entry(shape=(2,), offsets=(0, 8))},
    "string metadata": {"__metadata__": {"format": "pt"}, "w": entry(shape=(2,), offsets=(0, 8))},
    "an empty tensor": {
        "e": entry(shape=(0, 3), offsets=(0, 0)),
        "w": entry(shape=(2,), offsets=(0, 8)),
    },
}


@pytest.mark.parametrize("variant", ACCEPTED)
def test_what_the_reference_accepts_loads(tmp_path, variant):
    data = safetensors_file(ACCEPTED[variant], F32x3[:8])
    path = tmp_path / "ok.safetensors"
    path.write_bytes(data)
    theirs, ours = safetensors.numpy.load(data), cybenko.load(path)
    assert sorted(ours) == sorted(theirs)
    for name, array in theirs.items():
        np.testing.assert_array_equal(ours[name].numpy(), array)


# --- .npz -----------------------------------------------------------------------------------------


NPZ_DAMAGE = {
    "a complex array": ({"w": np.ones(2, complex)}, "holds complex128 values"),
    "a pickled object array": (
        {"w": np.array([Payload()], dtype=object)},
        "never unpickles objects",
    ),
    "a structured array": ({"w": np.zeros(2, "i4,f4")}, "cybenko loads float32"),
}


@pytest.mark.parametrize("damage", NPZ_DAMAGE)
def test_an_npz_of_arrays_cybenko_lacks_is_refused(tmp_path, damage):
    arrays, problem = NPZ_DAMAGE[damage]
    path = tmp_path / "arrays.npz"
    np.savez(path, **arrays)
    assert_unreadable(path, problem)
    assert Payload.ran == []


def test_an_npz_with_a_member_that_is_not_an_array_is_refused(tmp_path):
    path = tmp_path / "arrays.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("w.npy", npy(np.ones(2, np.float32)))
        archive.writestr("payload.pkl", pickle.dumps([1]))
    assert_unreadable(path, "an .npz archive holds only .npy arrays")


def test_a_compressed_npz_loads(tmp_path):
    path = tmp_path / "arrays.npz"
    np.savez_compressed(path, w=np.arange(4, dtype=np.float32))
    assert cybenko.load(path)["w"].tolist() == [0.0, 1.0, 2.0, 3.0]


def test_the_valid_archive_the_crafted_cases_start_from_loads(tmp_path):
    """The valid archive the crafted cases start from loads (so each case tests its damage)."""
    header, members = valid_archive()
    path = tmp_path / "valid.pt"
    write_archive(path, copy.deepcopy(header), members)
    loaded = cybenko.load(path)
    assert loaded["w"].requires_grad and loaded["wt"].tolist() == [[0, 3], [1, 4], [2, 5]]
    assert loaded["n"].tolist() == [0, 1, 2] and loaded["step"] == 7


# Malformed records of the non-tensor values (Size, set, bytes, complex, dtype, device).
VALUE_DAMAGE = {
    "a Size of floats": ({"size": [2.5]}, "a torch.Size entry is 2.5"),
    "a set of lists": ({"set": [[1]]}, "unhashable set items"),
    "a set that is not a list": ({"set": 5}, "5, not a list"),
    "bytes that are not base64": ({"bytes": "@@"}, "bad bytes"),
    "a complex of three parts": ({"complex": [1, 2, 3]}, "bad complex number"),
    "an unknown dtype": ({"dtype": "object"}, "unknown dtype"),
    "an unknown device": ({"device": "tpu"}, "not a device such as 'cpu'"),
}


@pytest.mark.parametrize("damage", VALUE_DAMAGE)
def test_a_crafted_value_record_is_refused_with_its_problem(tmp_path, damage):
    record, problem = VALUE_DAMAGE[damage]
    header, members = valid_archive()
    set_in(("object",), record)(header, members)
    path = tmp_path / "crafted.pt"
    write_archive(path, header, members)
    assert_unreadable(path, problem)


# A map_location that is no device, dict or function is called, as torch calls it.
@pytest.mark.parametrize("map_location", [5, 2.5, [("cpu", "cpu")]])
def test_a_map_location_of_another_type_is_not_callable(tmp_path, map_location):
    def load_with(T):
        T.save(T.ones(2), tmp_path / f"{T.__name__}.pt")
        return T.load(tmp_path / f"{T.__name__}.pt", map_location=map_location)

    check_error(load_with, match=True)


# torch restores storages tagged exactly 'cpu' or 'cuda...'; anything else, and a dict
# value that is not a string, is refused in its words.
@pytest.mark.parametrize(
    "map_location",
    ["bogus", "cpu:0", "CPU", "", {"cpu": "bogus"}, {"cpu": 5}, {"cpu": None}],
    ids=repr,
)
def test_a_map_location_torch_cannot_restore_to_is_refused(tmp_path, map_location):
    def load_with(T):
        T.save(T.ones(2), tmp_path / f"{T.__name__}.pt")
        return T.load(tmp_path / f"{T.__name__}.pt", map_location=map_location)

    check_error(load_with, match=True)


def test_a_map_location_dict_of_devices_is_refused_as_torch_does(tmp_path):
    def load_with(T):
        T.save(T.ones(2), tmp_path / f"{T.__name__}.pt")
        return T.load(tmp_path / f"{T.__name__}.pt", map_location={"cpu": T.device("cpu")})

    check_error(load_with, match=True)
