"""cybenko.save / cybenko.load: exact round trips, no pickle, atomic writes, clear errors,
and state dicts moving between cybenko and PyTorch through safetensors and .npz."""

import collections
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest

import cybenko
from oracle import safetensors, torch

pytestmark = pytest.mark.oracle


def tensors_of_every_kind():
    rng = np.random.default_rng(3)
    return {
        "f32": cybenko.tensor(rng.standard_normal((3, 4)).astype(np.float32)),
        "f64": cybenko.tensor(rng.standard_normal(5)),
        "i64": cybenko.arange(6).reshape(2, 3),
        "i32": cybenko.tensor([1, -2], dtype=cybenko.int32),
        "u8": cybenko.tensor([0, 255], dtype=cybenko.uint8),
        "bool": cybenko.tensor([True, False]),
        "scalar": cybenko.tensor(2.5),
        "empty": cybenko.zeros(0, 3),
        "transposed": cybenko.arange(12.0).reshape(3, 4).T,
        "special": cybenko.tensor([float("nan"), float("inf"), -0.0]),
    }


def assert_same_tensor(a, b):
    assert a.dtype is b.dtype and a.shape == b.shape
    assert np.array_equal(a.numpy(), b.numpy(), equal_nan=True)


def test_round_trip_of_nested_structures(tmp_path):
    data = tensors_of_every_kind()
    obj = {
        "state": {0: {"step": cybenko.tensor(3.0), "momentum_buffer": data["f32"]}, 1: None},
        "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "params": [0, 1], "name": "a"}],
        "ordered": collections.OrderedDict(data),
        "numbers": [1, 2.5, float("inf"), True, None, "text"],
    }
    cybenko.save(obj, tmp_path / "ckpt.pt")
    back = cybenko.load(tmp_path / "ckpt.pt")
    assert isinstance(back["ordered"], collections.OrderedDict)
    assert list(back["ordered"]) == list(data)
    for name, t in data.items():
        assert_same_tensor(back["ordered"][name], t)
    assert list(back["state"]) == [0, 1] and back["state"][1] is None
    assert back["param_groups"][0]["betas"] == (0.9, 0.999)
    assert back["numbers"][:2] == [1, 2.5] and back["numbers"][3:] == [True, None, "text"]


def test_requires_grad_is_kept(tmp_path):
    cybenko.save({"w": cybenko.ones(2, requires_grad=True)}, tmp_path / "w.pt")
    assert cybenko.load(tmp_path / "w.pt")["w"].requires_grad


def test_a_crash_mid_save_leaves_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.pt"
    cybenko.save({"v": cybenko.ones(3)}, path)
    before = path.read_bytes()

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        cybenko.save({"v": cybenko.zeros(3)}, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["ckpt.pt"]  # no half-written temporary left behind


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_damaged_file_gives_a_clear_error(tmp_path, damage):
    path = tmp_path / "ckpt.pt"
    cybenko.save({"v": cybenko.arange(1000.0)}, path)
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data[len(data) // 2] ^= 0xFF  # inside the tensor bytes: ZIP's CRC catches it
    path.write_bytes(bytes(data))
    with pytest.raises(RuntimeError, match="truncated, corrupt"):
        cybenko.load(path)


def test_pickled_content_is_refused_not_run(tmp_path):
    ran = []

    class Payload:
        def __reduce__(self):
            return (ran.append, ("executed",))

    path = tmp_path / "evil.npz"
    np.savez(path, x=np.array([Payload()], dtype=object))
    with pytest.raises(RuntimeError, match="not a readable checkpoint"):
        cybenko.load(path)
    assert ran == []


def test_objects_that_are_not_data_are_refused():
    with pytest.raises(TypeError, match="state_dict"):
        cybenko.save({"f": print}, "never-written.pt")


def test_missing_file():
    with pytest.raises(FileNotFoundError):
        cybenko.load("no/such/file.pt")


def torch_state_dict():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
    state = net.state_dict()
    state["steps"] = torch.tensor(7)
    state["mask"] = torch.tensor([True, False])
    return state


def assert_matches_torch(ours: dict, theirs: dict):
    assert list(ours) == list(theirs)
    for name, t in theirs.items():
        assert str(ours[name].dtype) == str(t.dtype)
        assert np.array_equal(ours[name].numpy(), t.numpy())


def test_safetensors_from_torch_loads_in_cybenko_and_back(tmp_path):
    theirs = torch_state_dict()
    safetensors.torch.save_file(theirs, tmp_path / "from_torch.safetensors")
    ours = cybenko.load(tmp_path / "from_torch.safetensors")
    assert sorted(ours) == sorted(theirs)
    assert_matches_torch({k: ours[k] for k in theirs}, theirs)

    cybenko.save(ours, tmp_path / "from_cybenko.safetensors")
    again = safetensors.torch.load_file(tmp_path / "from_cybenko.safetensors")
    for name, t in theirs.items():
        assert torch.equal(again[name], t)


def test_npz_from_torch_loads_in_cybenko_and_back(tmp_path):
    theirs = torch_state_dict()
    np.savez(tmp_path / "from_torch.npz", **{k: v.numpy() for k, v in theirs.items()})
    ours = cybenko.load(tmp_path / "from_torch.npz")
    assert_matches_torch(ours, theirs)

    cybenko.save(ours, tmp_path / "from_cybenko.npz")
    with np.load(tmp_path / "from_cybenko.npz", allow_pickle=False) as again:
        for name, t in theirs.items():
            assert np.array_equal(again[name], t.numpy())


def test_flat_formats_need_a_flat_dict_of_tensors(tmp_path):
    with pytest.raises(TypeError, match="flat dict of named tensors"):
        cybenko.save({"nested": {"a": cybenko.ones(1)}}, tmp_path / "x.safetensors")


@pytest.mark.parametrize("suffix", [".safetensors", ".npz"])
def test_a_model_moves_between_torch_and_cybenko(tmp_path, suffix):
    def net(lib):
        return lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.ReLU(), lib.nn.Linear(4, 1))

    torch.manual_seed(1)
    theirs, ours = net(torch), net(cybenko)
    path = tmp_path / f"net{suffix}"
    if suffix == ".safetensors":
        safetensors.torch.save_file(theirs.state_dict(), path)
    else:
        np.savez(path, **{k: v.numpy() for k, v in theirs.state_dict().items()})
    ours.load_state_dict(cybenko.load(path))
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    expected = theirs(torch.tensor(x)).detach().numpy()
    np.testing.assert_allclose(ours(cybenko.tensor(x)).detach().numpy(), expected, rtol=1e-6)

    # and back: cybenko's state dict, saved by cybenko, loaded into a fresh torch model
    back = tmp_path / f"back{suffix}"
    cybenko.save(ours.state_dict(), back)
    fresh = net(torch)
    if suffix == ".safetensors":
        fresh.load_state_dict(safetensors.torch.load_file(back))
    else:
        with np.load(back) as arrays:
            fresh.load_state_dict({k: torch.from_numpy(arrays[k]) for k in arrays.files})
    np.testing.assert_allclose(fresh(torch.tensor(x)).detach().numpy(), expected, rtol=1e-6)


# --- storage sharing, as torch keeps it --------------------------------------------------------


def round_trip(T, obj):
    buffer = io.BytesIO()
    T.save(obj, buffer)
    buffer.seek(0)
    return T.load(buffer)


def leaves(obj) -> list:
    """The tensors of a loaded object, in a fixed order (dicts by insertion)."""
    if isinstance(obj, dict):
        return [t for v in obj.values() for t in leaves(v)]
    if isinstance(obj, (list, tuple)):
        return [t for v in obj for t in leaves(v)]
    return [obj] if hasattr(obj, "stride") else []


def trained_adam(T):
    T.manual_seed(0)
    net = T.nn.Linear(3, 2)
    optimizer = T.optim.Adam(net.parameters(), lr=0.1)
    net(T.ones(4, 3)).sum().backward()
    optimizer.step()
    return {"model": net.state_dict(), "optimizer": optimizer.state_dict()}


def parameter_and_data(T):
    p = T.nn.Parameter(T.arange(4.0))
    return {"p": p, "data": p.data}


SHARING = {
    "the same tensor twice": lambda T, x: {"a": x, "b": x},
    "a slice": lambda T, x: {"a": x, "b": x[:2]},
    "a slice saved before its base": lambda T, x: {"b": x[3:7], "a": x},
    "a transpose": lambda T, x: {"m": x.view(3, 4), "t": x.view(3, 4).T},
    "a view with other strides": lambda T, x: {"a": x, "v": x.view(3, 4)[:, 1::2]},
    "views of a non-contiguous base": lambda T, x: {
        "base": x.view(3, 4).T,
        "v": x.view(3, 4).T[1:, ::2],
    },
    "an expanded row": lambda T, x: {"row": x[:4], "e": x[:4].expand(3, 4)},
    "disjoint slices": lambda T, x: {"lo": x[:3], "hi": x[6:]},
    "a Parameter and its .data": lambda T, x: parameter_and_data(T),
    "an optimizer state_dict": lambda T, x: trained_adam(T),
}


@pytest.mark.parametrize("case", SHARING)
def test_views_share_storage_after_load_as_in_torch(case):
    """Writing into each loaded tensor in turn changes exactly the tensors torch changes."""
    build = SHARING[case]
    loaded = {T: leaves(round_trip(T, build(T, T.arange(12.0)))) for T in (torch, cybenko)}
    theirs, ours = loaded[torch], loaded[cybenko]
    for written in range(len(theirs)):
        for T, tensors in loaded.items():
            if 0 not in theirs[written].stride():  # torch refuses writes into expanded memory
                with T.no_grad():
                    tensors[written].add_(1000 * (written + 1))
        for t, c in zip(theirs, ours, strict=True):
            assert type(c).__name__ == type(t).__name__ and c.requires_grad == t.requires_grad
            assert c.stride() == t.stride()
            np.testing.assert_allclose(c.detach().numpy(), t.detach().numpy(), rtol=1e-6)
        identity = [[a is b for b in theirs] for a in theirs]
        assert [[a is b for b in ours] for a in ours] == identity


def test_a_slice_saved_alone_keeps_only_its_elements():
    big, small = io.BytesIO(), io.BytesIO()
    cybenko.save({"s": cybenko.arange(100_000.0)[3:5]}, small)
    cybenko.save({"s": cybenko.arange(100_000.0)}, big)
    assert len(small.getvalue()) < 1000 < len(big.getvalue())
    assert round_trip(cybenko, {"s": cybenko.arange(10.0)[3:5]})["s"].tolist() == [3.0, 4.0]


def test_sharing_survives_map_location(monkeypatch):
    monkeypatch.setenv("CYBENKO_TEST_CUDA", "1")
    x = cybenko.arange(6.0).to("cuda")
    buffer = io.BytesIO()
    cybenko.save({"a": x, "b": x[1:3]}, buffer)
    maps = [None, "cpu", {"cuda:0": "cpu"}, lambda storage, loc: storage]
    for map_location, device in zip(maps, ["cuda:0", "cpu", "cpu", "cpu"], strict=True):
        buffer.seek(0)
        loaded = cybenko.load(buffer, map_location=map_location)
        loaded["a"].add_(10)
        assert str(loaded["b"].device) == device and loaded["b"].tolist() == [11.0, 12.0]


def test_an_archive_of_the_first_format_still_loads(tmp_path):
    """cybenko-archive-1: the tensor's device and requires_grad in the structure, one .npy
    per tensor."""
    header = {
        "format": "cybenko-archive-1",
        "object": {"dict": [["w", {"tensor": 0, "requires_grad": True}], ["n", 3]]},
    }
    npy = io.BytesIO()
    np.save(npy, np.arange(6, dtype=np.float32).reshape(2, 3))
    path = tmp_path / "old.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("cybenko.json", json.dumps(header))
        archive.writestr("tensors/0.npy", npy.getvalue())
    loaded = cybenko.load(path)
    assert loaded["n"] == 3 and loaded["w"].requires_grad
    assert loaded["w"].tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]


# --- file-like objects --------------------------------------------------------------------------


@pytest.mark.parametrize("T", [torch, cybenko], ids=["torch", "cybenko"])
def test_a_buffer_is_written_and_read_at_its_position(T):
    buffer = io.BytesIO(b"header")
    buffer.seek(6)
    T.save({"w": T.arange(3.0)}, buffer)
    buffer.seek(6)
    assert T.load(buffer)["w"].tolist() == [0.0, 1.0, 2.0]
    assert buffer.getvalue()[:6] == b"header"


@pytest.mark.parametrize("T", [torch, cybenko], ids=["torch", "cybenko"])
def test_an_open_binary_file_is_written_and_read(tmp_path, T):
    with open(tmp_path / "ckpt.pt", "wb") as handle:
        T.save({"w": T.arange(3.0)}, handle)
    with open(tmp_path / "ckpt.pt", "rb") as handle:
        assert T.load(handle)["w"].tolist() == [0.0, 1.0, 2.0]


# --- a process killed while saving --------------------------------------------------------------

SAVER = """
import sys
import cybenko

for k in range(1, 10**6):
    cybenko.save({"k": k, "values": cybenko.full((2_000_000,), float(k))}, sys.argv[1])
    print(k, flush=True)
"""


def test_a_process_killed_while_saving_leaves_the_previous_file(tmp_path):
    path = tmp_path / "ckpt.pt"
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert saver.stdout.readline().strip() == "1"  # one whole save is on disk
        deadline = time.monotonic() + 20
        while not list(tmp_path.glob(".*.partial")) and time.monotonic() < deadline:
            time.sleep(0.0005)  # kill it while a later save is being written
        saver.send_signal(signal.SIGKILL)
    finally:
        saver.kill()
        saver.wait()
    checkpoint = cybenko.load(path)
    values = checkpoint["values"].numpy()
    assert checkpoint["k"] >= 1 and (values == checkpoint["k"]).all()
    leftovers = [p for p in tmp_path.iterdir() if p != path]
    assert all(p.name.startswith(".ckpt.pt.") and p.suffix == ".partial" for p in leftovers)
    assert list(tmp_path.glob("*.pt")) == [path]  # a temporary never looks like a checkpoint
    for leftover in leftovers:
        with pytest.raises(RuntimeError, match="is not a readable checkpoint"):
            cybenko.load(leftover)


# The non-tensor values torch's weights_only load accepts come back as the same objects.
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda T: T.Size([2, 3]), id="size"),
        pytest.param(lambda T: {"shape": T.Size([]), "tuple": (2, 3)}, id="size_beside_tuple"),
        pytest.param(lambda T: {1, 2.5, "a"}, id="set"),
        pytest.param(lambda T: b"\x00bytes\xff", id="bytes"),
        pytest.param(lambda T: bytearray(b"ab"), id="bytearray"),
        pytest.param(lambda T: [1 + 2j, complex(float("inf"), -0.0)], id="complex"),
        pytest.param(lambda T: [T.float16, T.bool, T.int64], id="dtypes"),
        pytest.param(lambda T: {"on": T.device("cpu"), "gpu": T.device("cuda:1")}, id="devices"),
    ],
)
def test_other_values_round_trip_as_in_torch(tmp_path, make):
    loaded = []
    for lib in (torch, cybenko):
        lib.save(make(lib), tmp_path / "values.pt")
        loaded.append(lib.load(tmp_path / "values.pt"))
    assert repr(loaded[1]) == repr(loaded[0])
    assert type(loaded[1]).__name__ == type(loaded[0]).__name__
