"""cybenko.lab.data and cybenko.lab.csv: the course datasets, offline.

Local copies come from CYBENKO_DATA (default: ../shared/data beside the repository); the
network is never used: where a test needs a download, urllib is replaced by a stub.
"""

import gzip
import hashlib
import io
import os
import shutil
import urllib.error
import urllib.request
import zipfile

import numpy as np
import pytest

import cybenko as torch
from cybenko.lab import data
from cybenko.lab.csv import read_csv
from oracle import torch as real_torch

pytestmark = pytest.mark.oracle

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("CYBENKO_DATA") or os.path.join(REPO, "..", "shared", "data")
needs_data = pytest.mark.skipif(
    not os.path.isdir(os.path.join(SHARED, "dnnex")),
    reason=f"no local course data in {SHARED} (set CYBENKO_DATA to the course data folder)",
)
DNNEX0_URL = (
    "https://raw.githubusercontent.com/guebin/DL2022/master/_notebooks/2022-10-04-dnnex0.csv"
)


@pytest.fixture
def offline(monkeypatch):
    """urllib.request.urlopen raises, as with no network; the calls are recorded."""
    calls = []

    def urlopen(url, *args, **kwargs):
        calls.append(url)
        raise urllib.error.URLError("network is unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return calls


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CYBENKO_CACHE", str(folder))
    return folder


@pytest.fixture
def shared(monkeypatch, cache, offline):
    monkeypatch.setenv("CYBENKO_DATA", SHARED)


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _serve(monkeypatch, payload: bytes):
    """urlopen answers every URL with `payload`."""
    calls = []

    def urlopen(url, *args, **kwargs):
        calls.append(url)
        return io.BytesIO(payload)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return calls


# --- the registry -------------------------------------------------------------------------------


def test_registry_holds_every_course_file_with_url_sha256_and_size():
    names = set(data.REGISTRY)
    assert {"mnist-train-images", "mnist-test-labels", "dnnex0", "dnnex3", "bbc-news"} <= names
    for r in data.REGISTRY.values():
        assert len(r.sha256) == 64 and r.size > 0 and r.urls
        assert all(u.startswith(("https://", "http://")) for u in r.urls)
    mnist = data.resource("mnist-train-images")
    assert (
        mnist.urls[0] == "https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz"
    )
    assert data.resource("dnnex/2022-10-04-dnnex0.csv") is data.resource(DNNEX0_URL)


def test_an_unknown_dataset_is_a_key_error_listing_the_known_ones():
    with pytest.raises(KeyError, match="dnnex0"):
        data.fetch("cifar10")


@needs_data
@pytest.mark.parametrize("name", [n for n, r in data.REGISTRY.items() if not r.folder])
def test_fetch_finds_each_file_in_cybenko_data(shared, cache, offline, name):
    path = data.fetch(name)
    assert str(path) == os.path.join(SHARED, data.resource(name).path)
    assert not offline and not cache.exists()


@needs_data
def test_fetch_verifies_the_news_folder_against_its_manifest(shared):
    path = data.fetch("bbc-news")
    assert path.name == "bbc" and len(list(path.glob("*/*.txt"))) == 2225


@needs_data
def test_a_wrong_checksum_in_cybenko_data_names_the_file_and_the_fix(tmp_path, cache, monkeypatch):
    local = tmp_path / "data"
    (local / "dnnex").mkdir(parents=True)
    text = open(os.path.join(SHARED, "dnnex", "2022-10-04-dnnex0.csv"), "rb").read()
    (local / "dnnex" / "2022-10-04-dnnex0.csv").write_bytes(text.replace(b"0.0", b"1.0", 1))
    monkeypatch.setenv("CYBENKO_DATA", str(local))
    with pytest.raises(data.ChecksumError) as e:
        data.fetch("dnnex0")
    message = str(e.value)
    assert "2022-10-04-dnnex0.csv" in message and "sha256" in message
    assert "raw.githubusercontent.com" in message and "Replace it" in message
    assert not cache.exists()


@needs_data
def test_a_truncated_gzip_is_reported_as_truncated(tmp_path, cache, monkeypatch):
    local = tmp_path / "data"
    (local / "mnist").mkdir(parents=True)
    gz = open(os.path.join(SHARED, "mnist", "t10k-labels-idx1-ubyte.gz"), "rb").read()
    (local / "mnist" / "t10k-labels-idx1-ubyte.gz").write_bytes(gz[:1000])
    monkeypatch.setenv("CYBENKO_DATA", str(local))
    with pytest.raises(data.ChecksumError, match=r"t10k-labels.*1000 bytes of 4542.*truncated"):
        data.fetch("mnist-test-labels")
    assert not cache.exists()


def test_offline_with_no_copy_says_where_to_put_the_file(tmp_path, cache, offline, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("CYBENKO_DATA", str(tmp_path / "empty"))
    with pytest.raises(data.DataNotFound) as e:
        data.fetch("mnist-train-labels")
    assert isinstance(e.value, RuntimeError)
    message = str(e.value)
    assert "https://ossci-datasets.s3.amazonaws.com/mnist/train-labels-idx1-ubyte.gz" in message
    assert "$CYBENKO_DATA/mnist/train-labels-idx1-ubyte.gz" in message
    assert str(cache / "mnist" / "train-labels-idx1-ubyte.gz") in message
    assert offline  # it did try the network
    assert _files(cache) == []  # and left nothing behind


@needs_data
def test_a_cache_hit_is_verified_and_needs_no_network(cache, offline, monkeypatch):
    monkeypatch.delenv("CYBENKO_DATA", raising=False)
    (cache / "dnnex").mkdir(parents=True)
    shutil.copy(os.path.join(SHARED, "dnnex", "2022-10-04-dnnex2.csv"), cache / "dnnex")
    assert data.fetch("dnnex2") == cache / "dnnex" / "2022-10-04-dnnex2.csv"
    assert not offline


def test_a_damaged_cached_copy_is_removed_and_refetched(cache, offline, monkeypatch):
    monkeypatch.delenv("CYBENKO_DATA", raising=False)
    (cache / "dnnex").mkdir(parents=True)
    (cache / "dnnex" / "2022-10-04-dnnex1.csv").write_text("x,y\n1,2\n")
    with pytest.raises(data.DataNotFound, match="damaged cached copy.*was removed"):
        data.fetch("dnnex1")
    assert _files(cache) == []


@needs_data
def test_a_download_is_verified_then_renamed_into_the_cache(cache, monkeypatch):
    monkeypatch.delenv("CYBENKO_DATA", raising=False)
    payload = open(os.path.join(SHARED, "dnnex", "2022-10-04-dnnex3.csv"), "rb").read()
    calls = _serve(monkeypatch, payload)
    path = data.fetch("dnnex3")
    assert path == cache / "dnnex" / "2022-10-04-dnnex3.csv" and path.read_bytes() == payload
    assert calls == [data.resource("dnnex3").urls[0]]
    assert _files(cache) == ["dnnex/2022-10-04-dnnex3.csv"]


def test_a_download_with_a_wrong_checksum_leaves_nothing_in_the_cache(cache, monkeypatch):
    monkeypatch.delenv("CYBENKO_DATA", raising=False)
    _serve(monkeypatch, b"<html>Rate limit exceeded</html>")
    with pytest.raises(data.ChecksumError, match=r"dnnex0.csv downloaded from https://.*sha256"):
        data.fetch("dnnex0")
    assert _files(cache) == []


@needs_data
def test_the_news_folder_is_unpacked_from_a_downloaded_zip(tmp_path, cache, monkeypatch):
    monkeypatch.delenv("CYBENKO_DATA", raising=False)
    buffer = io.BytesIO()
    bbc = os.path.join(SHARED, "news", "bbc")
    with zipfile.ZipFile(buffer, "w") as z:
        for root, _, files in os.walk(bbc):
            for f in files:
                full = os.path.join(root, f)
                z.write(full, os.path.join("archive-top", "bbc", os.path.relpath(full, bbc)))
    _serve(monkeypatch, buffer.getvalue())
    path = data.fetch("bbc-news")
    assert path == cache / "news" / "bbc" and len(list(path.glob("*/*.txt"))) == 2225
    assert sorted(os.listdir(cache / "news")) == ["bbc"]


@needs_data
def test_load_dnnex_gives_the_csv_columns_as_float32_tensors(shared):
    columns = data.load_dnnex(2)
    assert list(columns) == ["x", "underlying", "y"]
    assert tuple(columns["x"].shape) == (2000, 1) and columns["y"].dtype == torch.float32
    csv = np.loadtxt(
        os.path.join(SHARED, "dnnex", "2022-10-04-dnnex2.csv"), delimiter=",", skiprows=1
    )
    assert np.array_equal(columns["y"].numpy()[:, 0], csv[:, 2].astype(np.float32))
    assert list(data.load_dnnex(3)) == ["x1", "x2", "y"]


# --- the generators -------------------------------------------------------------------------


def _csv(k):
    path = os.path.join(SHARED, "dnnex", f"2022-10-04-dnnex{k}.csv")
    return np.loadtxt(path, delimiter=",", skiprows=1)


@needs_data
def test_dnnex2_regenerates_the_lecture_csv():
    x, underlying, y = data.dnnex2()
    csv = _csv(2)
    assert tuple(y.shape) == (2000, 1) and y.dtype == torch.float32
    assert np.abs(x.numpy()[:, 0] - csv[:, 0]).max() < 1e-6
    assert np.abs(underlying.numpy()[:, 0] - csv[:, 1]).max() < 1e-5
    assert np.abs(y.numpy()[:, 0] - csv[:, 2]).max() < 1e-5


@needs_data
@pytest.mark.parametrize("k", [0, 1])
def test_dnnex0_and_dnnex1_underlying_match_the_csv(k):
    x, underlying, y = getattr(data, f"dnnex{k}")(seed=0)
    assert np.abs(underlying.numpy()[:, 0] - _csv(k)[:, 1]).max() < 1e-6
    assert set(np.unique(y.numpy())) <= {0.0, 1.0} and y.dtype == torch.float32
    assert abs(float(y.mean()) - _csv(k)[:, 2].mean()) < 0.05


def test_dnnex3_draws_correlated_inputs_and_binary_labels():
    x, underlying, y = data.dnnex3(n=20000, seed=0)
    assert tuple(x.shape) == (20000, 2) and tuple(y.shape) == (20000, 1)
    corr = np.corrcoef(x.numpy().T)[0, 1]
    assert abs(corr - 0.5) < 0.03 and abs(float(y.mean()) - 0.419) < 0.03


def test_generators_draw_from_cybenko_generator_as_torch_would():
    x, underlying, y = data.sin_exp()
    real_torch.manual_seed(43052)
    rx = real_torch.linspace(-10, 10, 200).reshape(-1, 1)
    ru = real_torch.sin(2 * rx) + real_torch.sin(0.5 * rx) + real_torch.exp(-0.2 * rx)
    ry = ru + real_torch.randn(200).reshape(-1, 1) * 0.1
    assert np.allclose(y.numpy(), ry.numpy(), atol=1e-6)
    x, v, y = data.logistic()
    real_torch.manual_seed(43052)
    rx = real_torch.linspace(-1, 1, 2000).reshape(2000, 1)
    ru = -1 + 5 * rx
    rv = real_torch.exp(ru) / (1 + real_torch.exp(ru))
    assert np.allclose(v.numpy(), rv.numpy(), atol=1e-6)
    assert np.array_equal(y.numpy(), real_torch.bernoulli(rv).numpy())


def test_generators_are_repeatable_after_manual_seed():
    torch.manual_seed(7)
    first = data.dnnex0().y
    torch.manual_seed(7)
    assert torch.equal(first, data.dnnex0().y)


def test_dataset_generator_makes_the_lecture_line():
    gen = data.dataset_generator()
    gen.set_coefficient([5, 0])
    torch.manual_seed(0)
    x_data, y_data = gen.make_dataset()
    assert x_data.shape == (100, 1) and y_data.shape == (100, 1)
    assert np.array_equal(y_data, 5 * x_data)
    torch.manual_seed(0)
    assert np.array_equal(gen.make_dataset()[0], x_data)
    with pytest.raises(ValueError, match="expected 2 coefficients"):
        gen.set_coefficient([5])


def test_xor_is_the_four_points():
    x, y = data.xor()
    assert x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]] and y.tolist() == [[0], [1], [1], [0]]


# --- read_csv -----------------------------------------------------------------------------------


@needs_data
def test_read_csv_of_the_notes_url_works_offline(shared):
    df = read_csv(DNNEX0_URL)
    assert df.columns == ["x", "underlying", "y"] and len(df) == 2000 and df.shape == (2000, 3)
    x = torch.tensor(df.x).reshape(-1, 1).float()
    assert tuple(x.shape) == (2000, 1) and float(x[0, 0]) == -1.0
    assert df["y"].to_numpy().dtype == np.float64 and len(df["y"]) == 2000
    assert np.array_equal(df["underlying"].values, _csv(0)[:, 1])
    assert df.values.shape == (2000, 3)


def test_read_csv_keeps_text_columns_as_text(tmp_path):
    (tmp_path / "t.csv").write_text("name,score\nann,1.5\nbob,2\n")
    df = read_csv(tmp_path / "t.csv")
    assert df["name"].tolist() == ["ann", "bob"] and df.score.tolist() == [1.5, 2.0]
    with pytest.raises(KeyError, match="'age'.*columns are"):
        df["age"]


def test_read_csv_names_the_file_and_line_of_a_malformed_row(tmp_path):
    (tmp_path / "bad.csv").write_text("x,y\n1,2\n3,4\n5\n6,7\n")
    with pytest.raises(ValueError, match=r"bad.csv, line 4: expected 2 fields \(x, y\), found 1"):
        read_csv(tmp_path / "bad.csv")


def test_fetch_of_a_gzip_file_gives_the_original_bytes(shared):
    if not os.path.isdir(os.path.join(SHARED, "mnist")):
        pytest.skip(f"no local MNIST copy in {SHARED}")
    with gzip.open(data.fetch("mnist-test-labels")) as f:
        raw = f.read()
    assert raw[:4] == b"\0\0\x08\x01" and len(raw) == 10008
    expected = data.resource("mnist-test-labels").sha256
    assert hashlib.sha256(data.fetch("mnist-test-labels").read_bytes()).hexdigest() == expected


@needs_data
def test_load_news_labels_each_article_by_its_folder(shared):
    news = data.load_news()
    assert news.categories == ["business", "entertainment", "politics", "sport", "tech"]
    counts = [news.labels.count(k) for k in range(5)]
    assert counts == [510, 386, 417, 511, 401]  # SOURCE.md's counts, 2225 in all
    assert news.texts[0].splitlines()[0] == "Ad sales boost Time Warner profit"  # business/001
    sport_199 = news.texts[sum(counts[:3]) + 198]
    assert "a \ufffd15.8m" in sport_199  # the stray Latin-1 '£' byte reads as U+FFFD


def test_mnist_offline_with_no_copy_is_scikit_learns_digits_framed_as_mnist(
    tmp_path, cache, offline, monkeypatch, capsys
):
    from sklearn.datasets import load_digits

    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("CYBENKO_DATA", str(tmp_path / "empty"))
    train, test = data.load_mnist_sets()
    assert capsys.readouterr().out.count("scikit-learn's 8x8 digits") == 1  # said once
    assert train.images.shape == (1437, 28, 28) and test.images.shape == (360, 28, 28)
    assert train.images.dtype == np.uint8 and train.labels.dtype == np.int64
    digits = load_digits()
    # each 8x8 pixel (0..16) a 3x3 block (0..255) inside a 2-pixel frame
    first = train.images[0]
    assert not first[:2].any() and not first[:, :2].any() and not first[-2:].any()
    np.testing.assert_array_equal(first[2:-2:3, 2:-2:3], (digits.images[0] * 255 / 16).round())
    np.testing.assert_array_equal(np.concatenate([train.labels, test.labels]), digits.target)
    assert train.source == test.source == data.MNIST_STAND_IN
    assert offline  # it tried the network first


@needs_data
def test_mnist_from_the_course_files(shared):
    test = data.load_mnist(train=False)
    assert test.images.shape == (10000, 28, 28) and test.source == "MNIST"
    assert test.labels[:4].tolist() == [7, 2, 1, 0]
