"""cybenko.save / cybenko.load: exact round trips, no pickle, atomic writes, clear errors,
and state dicts moving between cybenko and PyTorch through safetensors and .npz."""

import collections
import os

import numpy as np
import pytest
import safetensors.torch
import torch

import cybenko


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
