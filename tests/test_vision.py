"""cybenko.vision: PNG reading and writing, MNIST from its IDX files, fastai's MNIST folders.

The MNIST tests read the course's local copies in CYBENKO_DATA (default: ../shared/data beside
the repository) and never touch the network.
"""

import gzip
import os
import shutil
import struct
import zlib

import numpy as np
import pytest

import cybenko as torch
from cybenko.vision import ImageReadMode, decode_png, encode_png, read_image, write_png
from cybenko.vision.datasets import MNIST, read_idx
from cybenko.vision.fastai import URLs, label_counts, materialise_mnist_png, untar_data

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("CYBENKO_DATA") or os.path.join(REPO, "..", "shared", "data")
MNIST_DIR = os.path.join(SHARED, "mnist")
needs_mnist = pytest.mark.skipif(
    not os.path.isfile(os.path.join(MNIST_DIR, "train-images-idx3-ubyte.gz")),
    reason=f"no local MNIST copy in {MNIST_DIR} (set CYBENKO_DATA to the course data folder)",
)


@pytest.fixture
def env(tmp_path, monkeypatch):
    """CYBENKO_DATA at the shared course data, CYBENKO_CACHE in a fresh temporary folder."""
    monkeypatch.setenv("CYBENKO_DATA", SHARED)
    monkeypatch.setenv("CYBENKO_CACHE", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture(scope="module")
def mnist_train():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CYBENKO_DATA", SHARED)
        return MNIST("unused-root", train=True)


def _raw(name):
    with gzip.open(os.path.join(MNIST_DIR, name)) as f:
        return f.read()


# --- PNG --------------------------------------------------------------------------------------


@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_write_png_then_read_image_gives_back_the_pixels(tmp_path, channels):
    torch.manual_seed(0)
    image = torch.randint(0, 256, (channels, 17, 23), dtype=torch.uint8)
    write_png(image, tmp_path / "x.png")
    back = read_image(tmp_path / "x.png")
    assert back.dtype == torch.uint8 and tuple(back.shape) == (channels, 17, 23)
    assert np.array_equal(back.numpy(), image.numpy())


def test_write_png_takes_a_two_dimensional_gray_image(tmp_path):
    image = torch.arange(28 * 28).reshape(28, 28).to(torch.uint8)
    write_png(image, tmp_path / "g.png")
    assert np.array_equal(read_image(tmp_path / "g.png").numpy()[0], image.numpy())


def test_encode_png_and_decode_png_are_inverse():
    image = (torch.arange(3 * 5 * 7) * 3).reshape(3, 5, 7).to(torch.uint8)
    data = encode_png(image)
    assert data.dtype == torch.uint8 and data.dim() == 1
    assert bytes(data.numpy()[:8]) == b"\x89PNG\r\n\x1a\n"
    assert np.array_equal(decode_png(data).numpy(), image.numpy())


def test_write_png_refuses_other_dtypes_and_shapes(tmp_path):
    with pytest.raises(RuntimeError, match="uint8"):
        write_png(torch.zeros(1, 4, 4), tmp_path / "f.png")
    with pytest.raises(RuntimeError, match="C×H×W"):
        write_png(torch.zeros(5, 4, 4, dtype=torch.uint8), tmp_path / "f.png")


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def _reference_png(hwc, filters, colour, extra=b""):
    """A PNG written by the book (PNG spec 1.2, section 6), one filter type per row."""
    h, w, c = hwc.shape
    rows = hwc.reshape(h, w * c).astype(int)
    out = b""
    for y in range(h):
        f = filters[y % len(filters)]
        line = [f]
        for i in range(w * c):
            a = rows[y, i - c] if i >= c else 0
            b = rows[y - 1, i] if y else 0
            cc = rows[y - 1, i - c] if y and i >= c else 0
            pred = [0, a, b, (a + b) // 2, _paeth(a, b, cc)][f]
            line.append((rows[y, i] - pred) % 256)
        out += bytes(line)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + extra
        + _chunk(b"IDAT", zlib.compress(out))
        + _chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("channels,colour", [(1, 0), (2, 4), (3, 2), (4, 6)])
def test_read_image_undoes_every_png_filter(tmp_path, channels, colour):
    torch.manual_seed(1)
    hwc = torch.randint(0, 256, (9, 11, channels), dtype=torch.uint8).numpy()
    (tmp_path / "f.png").write_bytes(_reference_png(hwc, [0, 1, 2, 3, 4], colour))
    assert np.array_equal(read_image(tmp_path / "f.png").numpy(), hwc.transpose(2, 0, 1))


def test_read_image_expands_a_palette_with_transparency_to_rgba(tmp_path):
    palette = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255]], np.uint8)
    index = np.array([[0, 1, 2], [2, 1, 0]], np.uint8)[..., None]
    extra = _chunk(b"PLTE", palette.tobytes()) + _chunk(b"tRNS", bytes([10, 20]))
    (tmp_path / "p.png").write_bytes(_reference_png(index, [4], 3, extra))
    chw = read_image(tmp_path / "p.png").numpy()
    assert chw.shape == (4, 2, 3)
    assert np.array_equal(chw[:3].transpose(1, 2, 0), palette[index[..., 0]])
    assert chw[3].tolist() == [[10, 20, 255], [255, 20, 10]]


def test_read_image_modes_convert_channels(tmp_path):
    gray = torch.arange(12).reshape(1, 3, 4).to(torch.uint8)
    write_png(gray, tmp_path / "g.png")
    rgb = read_image(tmp_path / "g.png", ImageReadMode.RGB)
    assert tuple(rgb.shape) == (3, 3, 4) and np.array_equal(rgb.numpy()[2], gray.numpy()[0])


def test_read_image_names_a_damaged_png(tmp_path):
    write_png(torch.zeros(1, 4, 4, dtype=torch.uint8), tmp_path / "ok.png")
    data = bytearray((tmp_path / "ok.png").read_bytes())
    data[20] ^= 0xFF  # inside IHDR: its CRC no longer matches
    (tmp_path / "bad.png").write_bytes(bytes(data))
    with pytest.raises(RuntimeError, match="bad.png.*not a valid PNG"):
        read_image(tmp_path / "bad.png")


def test_read_image_of_a_jpeg_without_pillow_says_to_install_it(tmp_path):
    try:
        import PIL  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("Pillow is installed: JPEGs are read through it")
    (tmp_path / "x.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 20)
    with pytest.raises(RuntimeError, match="pillow"):
        read_image(tmp_path / "x.jpg")


def test_read_image_agrees_with_pillow(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    torch.manual_seed(2)
    for mode, c in [("L", 1), ("RGB", 3), ("RGBA", 4)]:
        hwc = torch.randint(0, 256, (13, 7, c), dtype=torch.uint8).numpy()
        Image.fromarray(hwc[..., 0] if c == 1 else hwc, mode).save(tmp_path / f"{mode}.png")
        assert np.array_equal(read_image(tmp_path / f"{mode}.png").numpy(), hwc.transpose(2, 0, 1))
        write_png(torch.from_numpy(hwc.transpose(2, 0, 1).copy()), tmp_path / f"w{mode}.png")
        pillow = np.asarray(Image.open(tmp_path / f"w{mode}.png"))
        assert np.array_equal(pillow.reshape(hwc.shape), hwc)
    rgb = torch.randint(0, 256, (16, 16, 3), dtype=torch.uint8).numpy()
    Image.fromarray(rgb).save(tmp_path / "x.jpg", quality=90)
    jpeg = read_image(tmp_path / "x.jpg")
    assert np.array_equal(
        jpeg.numpy(), np.asarray(Image.open(tmp_path / "x.jpg")).transpose(2, 0, 1)
    )
    Image.fromarray(rgb[..., 0] > 127).save(tmp_path / "bits.png")  # 1-bit: through Pillow
    assert np.array_equal(read_image(tmp_path / "bits.png").numpy()[0], (rgb[..., 0] > 127) * 255)


# --- MNIST ------------------------------------------------------------------------------------


@needs_mnist
def test_mnist_has_60000_training_and_10000_test_images(mnist_train, env):
    test = MNIST(env / "root", train=False)
    assert tuple(mnist_train.data.shape) == (60000, 28, 28)
    assert mnist_train.data.dtype == torch.uint8 and mnist_train.targets.dtype == torch.int64
    assert len(mnist_train) == 60000 and len(test) == 10000
    assert tuple(test.data.shape) == (10000, 28, 28)


@needs_mnist
def test_mnist_label_counts_are_the_notes(mnist_train):
    counts = np.bincount(mnist_train.targets.numpy(), minlength=10)
    assert counts[3] == 6131 and counts[7] == 6265 and counts[0] + counts[1] == 12665


@needs_mnist
def test_mnist_pixels_and_labels_are_the_idx_bytes(mnist_train):
    images, labels = _raw("train-images-idx3-ubyte.gz"), _raw("train-labels-idx1-ubyte.gz")
    assert mnist_train.data.numpy().tobytes() == images[16:]
    assert mnist_train.targets.numpy().astype(np.uint8).tobytes() == labels[8:]


@needs_mnist
def test_mnist_item_is_a_uint8_image_and_an_int_label_with_transforms(mnist_train, env):
    image, label = mnist_train[0]
    assert tuple(image.shape) == (28, 28) and image.dtype == torch.uint8
    assert label == 5 and isinstance(label, int)
    test = MNIST(env, train=False, transform=lambda x: x.float() / 255, target_transform=str)
    image, label = test[0]
    assert image.dtype == torch.float32 and float(image.max()) == 1.0 and label == "7"


@needs_mnist
def test_mnist_reads_uncompressed_files_from_root_mnist_raw(tmp_path, monkeypatch):
    monkeypatch.delenv("CYBENKO_DATA", raising=False)
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        (raw / name).write_bytes(_raw(name + ".gz"))
    test = MNIST(tmp_path, train=False)
    assert (
        len(test) == 10000 and test.data.numpy().tobytes() == _raw("t10k-images-idx3-ubyte.gz")[16:]
    )


def test_mnist_missing_files_say_where_they_were_looked_for(tmp_path, monkeypatch):
    monkeypatch.setenv("CYBENKO_DATA", str(tmp_path / "empty"))
    with pytest.raises(RuntimeError, match="Dataset not found.*MNIST/raw.*download=True"):
        MNIST(tmp_path, train=False)


@needs_mnist
def test_mnist_truncated_gzip_is_named_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.delenv("CYBENKO_DATA", raising=False)
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    data = open(os.path.join(MNIST_DIR, "t10k-images-idx3-ubyte.gz"), "rb").read()
    (raw / "t10k-images-idx3-ubyte.gz").write_bytes(data[: len(data) // 2])
    shutil.copy(os.path.join(MNIST_DIR, "t10k-labels-idx1-ubyte.gz"), raw)
    with pytest.raises(RuntimeError, match="t10k-images.*truncated.*download it again"):
        MNIST(tmp_path, train=False)


@needs_mnist
def test_mnist_download_copies_the_verified_files_into_root(tmp_path, monkeypatch):
    monkeypatch.delenv("CYBENKO_DATA", raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("CYBENKO_CACHE", str(cache))
    (cache / "mnist").mkdir(parents=True)
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        shutil.copy(os.path.join(MNIST_DIR, name), cache / "mnist")  # as if downloaded before
    test = MNIST(tmp_path / "root", train=False, download=True)
    assert len(test) == 10000
    assert sorted(os.listdir(tmp_path / "root" / "MNIST" / "raw")) == [
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ]


def test_read_idx_reads_big_endian_types(tmp_path):
    values = np.arange(6, dtype=">i4").reshape(2, 3)
    (tmp_path / "a.idx").write_bytes(b"\0\0\x0c\x02" + struct.pack(">II", 2, 3) + values.tobytes())
    assert np.array_equal(read_idx(tmp_path / "a.idx"), values)


# --- fastai's untar_data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mnist_png(tmp_path_factory):
    if not os.path.isdir(MNIST_DIR):
        pytest.skip(f"no local MNIST copy in {MNIST_DIR}")
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CYBENKO_DATA", SHARED)
        mp.setenv("CYBENKO_CACHE", str(cache))
        return untar_data(URLs.MNIST)


@needs_mnist
def test_untar_data_lays_mnist_out_as_fastai(mnist_png):
    path = mnist_png
    assert path.name == "mnist_png" and isinstance(path, os.PathLike)
    assert [p.name for p in path.ls()] == ["testing", "training"]
    assert [p.name for p in (path / "training").ls()] == [str(d) for d in range(10)]
    assert repr(path.ls()).startswith(f"(#2) [Path('{path / 'testing'}'),")
    threes = (path / "training/3").ls()
    assert len(threes) == 6131 and len((path / "training/7").ls()) == 6265
    assert repr(threes).startswith("(#6131) [Path(") and repr(threes).endswith(",...]")
    assert len((path / "training/0").ls()) + len((path / "training/1").ls()) == 12665
    assert sum(label_counts(path / "testing").values()) == 10000


@needs_mnist
def test_untar_data_pngs_hold_the_mnist_pixels(mnist_png, mnist_train):
    index = int((mnist_png / "training/3").ls()[0].stem)
    image = read_image(mnist_png / f"training/3/{index}.png")
    assert tuple(image.shape) == (1, 28, 28)
    assert np.array_equal(image.numpy()[0], mnist_train.data.numpy()[index])
    assert mnist_train.targets[index].item() == 3


@needs_mnist
def test_untar_data_materialises_once(mnist_png, monkeypatch):
    monkeypatch.setenv("CYBENKO_CACHE", str(mnist_png.parent))
    before = os.stat(mnist_png / "training").st_mtime_ns
    assert untar_data(URLs.MNIST) == mnist_png
    assert os.stat(mnist_png / "training").st_mtime_ns == before
    assert os.listdir(mnist_png.parent) == ["mnist_png"]  # no temporary folder left behind


@needs_mnist
def test_materialise_a_subset_is_atomic(env, monkeypatch):
    dest = materialise_mnist_png(env / "out" / "mnist_png", limit=50)
    assert os.listdir(env / "out") == ["mnist_png"]
    assert sum(label_counts(dest / "training").values()) == 50
    monkeypatch.setattr("cybenko.vision.fastai.encode_png_batch", _boom)
    with pytest.raises(OSError, match="disk full"):
        materialise_mnist_png(env / "out2" / "mnist_png", limit=5)
    assert os.listdir(env / "out2") == []  # the half-written folder is gone


def _boom(*args, **kwargs):
    raise OSError("disk full")


def test_untar_data_knows_only_mnist():
    with pytest.raises(NotImplementedError, match="URLs.MNIST"):
        untar_data("https://example.com/other.tgz")
