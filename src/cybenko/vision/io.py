"""Reading and writing images as torchvision.io does: uint8 tensors shaped C×H×W.

    from cybenko.vision.io import read_image, write_png
    write_png(torch.zeros(1, 28, 28, dtype=torch.uint8), "blank.png")
    read_image("blank.png").shape        # torch.Size([1, 28, 28])

PNG needs nothing beyond NumPy and zlib: 8-bit grayscale, gray+alpha, RGB, RGBA and palette
images, not interlaced. Other PNGs and JPEGs are read through Pillow when it is installed.
"""

from __future__ import annotations

import enum
import os
import struct
import zlib

import numpy as np

from .._tensor import Tensor, _wrap

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# PNG colour type -> channels, for 8-bit samples.
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_COLOUR_TYPE = {1: 0, 2: 4, 3: 2, 4: 6}


class ImageReadMode(enum.Enum):
    """What read_image returns: the file's own channels, or converted ones."""

    UNCHANGED = 0
    GRAY = 1
    GRAY_ALPHA = 2
    RGB = 3
    RGB_ALPHA = 4


def read_image(path: str | os.PathLike, mode: ImageReadMode = ImageReadMode.UNCHANGED) -> Tensor:
    """A uint8 tensor C×H×W of the image at `path`, as torchvision.io.read_image.

    A grayscale PNG gives 1 channel, gray+alpha 2, RGB 3 and RGBA 4; a palette PNG gives RGB
    (RGBA when it has transparency). `mode` may ask for GRAY, RGB or RGB_ALPHA instead.
    A damaged or unreadable image raises RuntimeError naming the file, as torchvision's."""
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(PNG_SIGNATURE):
        try:
            array = decode_png_bytes(data)
        except NotImplementedError:
            array = _decode_with_pillow(path, "this PNG variant")
        except ValueError as e:
            raise RuntimeError(f"read_image: {os.fspath(path)!r} is not a valid PNG: {e}") from None
    else:
        array = _decode_with_pillow(path, "JPEG and other non-PNG images")
    return _wrap(_convert(array, mode))


def write_png(input: Tensor, filename: str | os.PathLike, compression_level: int = 6) -> None:
    """Write a uint8 tensor C×H×W (C = 1, 2, 3 or 4) or H×W as a PNG file."""
    with open(filename, "wb") as f:
        f.write(_png_bytes(_as_hwc(input), compression_level))


def encode_png(input: Tensor, compression_level: int = 6) -> Tensor:
    """The PNG file of a uint8 tensor C×H×W, as a 1-D uint8 tensor (torchvision's encode_png)."""
    data = _png_bytes(_as_hwc(input), compression_level)
    return _wrap(np.frombuffer(data, dtype=np.uint8).copy())


def decode_png(input: Tensor, mode: ImageReadMode = ImageReadMode.UNCHANGED) -> Tensor:
    """Decode a 1-D uint8 tensor holding a PNG file into a uint8 tensor C×H×W."""
    data = np.asarray(input._array if isinstance(input, Tensor) else input, np.uint8).tobytes()
    try:
        array = decode_png_bytes(data)
    except ValueError as e:
        raise RuntimeError(f"decode_png: the data is not a valid PNG: {e}") from None
    return _wrap(_convert(array, mode))


# --- encoding -------------------------------------------------------------------------------


def _as_hwc(input) -> np.ndarray:
    array = input._array if isinstance(input, Tensor) else np.asarray(input)
    if array.dtype != np.uint8:
        raise RuntimeError(f"Input tensor dtype should be uint8, got {array.dtype}")
    if array.ndim == 2:
        array = array[None]
    if array.ndim != 3 or array.shape[0] not in _COLOUR_TYPE:
        raise RuntimeError(
            f"The input must be a C×H×W uint8 tensor with C in 1..4, got shape {array.shape}"
        )
    return np.ascontiguousarray(array.transpose(1, 2, 0))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _header(height: int, width: int, channels: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPE[channels], 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", ihdr)


_IEND = _chunk(b"IEND", b"")


def _png_bytes(hwc: np.ndarray, level: int = 6) -> bytes:
    h, w, c = hwc.shape
    rows = np.zeros((h, 1 + w * c), np.uint8)  # filter byte 0 (None) on every row
    rows[:, 1:] = hwc.reshape(h, w * c)
    return _header(h, w, c) + _chunk(b"IDAT", zlib.compress(rows.tobytes(), level)) + _IEND


def encode_png_batch(images: np.ndarray, level: int = 6) -> list[bytes]:
    """PNG files of many same-sized images at once: `images` is N×H×W (gray) or N×H×W×C.

    The rows of all images are laid out in one array, so only zlib runs per image."""
    if images.ndim == 3:
        images = images[..., None]
    n, h, w, c = images.shape
    rows = np.zeros((n, h, 1 + w * c), np.uint8)
    rows[:, :, 1:] = images.reshape(n, h, w * c)
    head, idat = _header(h, w, c), b"IDAT"
    out = []
    for raw in rows:
        body = zlib.compress(raw.tobytes(), level)
        crc = zlib.crc32(body, zlib.crc32(idat))
        out.append(
            head + struct.pack(">I", len(body)) + idat + body + struct.pack(">I", crc) + _IEND
        )
    return out


# --- decoding -------------------------------------------------------------------------------


def decode_png_bytes(data: bytes) -> np.ndarray:
    """The pixels of a PNG file as a uint8 array C×H×W.

    Raises NotImplementedError for what this decoder leaves to Pillow (bit depths other
    than 8, interlacing) and ValueError for a damaged file."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("missing PNG signature")
    pos, idat, header, palette, transparency = 8, [], None, None, None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise ValueError(f"chunk {kind!r} is truncated")
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"chunk {kind!r} has a wrong CRC")
        pos += 12 + length
        if kind == b"IHDR":
            if length != 13:
                raise ValueError(f"IHDR chunk of {length} bytes, expected 13")
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = np.frombuffer(body, np.uint8).reshape(-1, 3)
        elif kind == b"tRNS":
            transparency = np.frombuffer(body, np.uint8)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None or not idat:
        raise ValueError("no IHDR or no IDAT chunk")
    width, height, depth, colour, _, _, interlace = header
    if width == 0 or height == 0:
        raise ValueError(f"image of {width}×{height} pixels")
    if depth != 8 or interlace != 0 or colour not in _CHANNELS:
        raise NotImplementedError(f"bit depth {depth}, colour type {colour}, interlace {interlace}")
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise ValueError(f"image data cannot be decompressed ({e})") from None
    bpp = _CHANNELS[colour]
    stride = width * bpp
    if len(raw) < height * (stride + 1):
        raise ValueError("image data is truncated")
    rows = np.frombuffer(raw, np.uint8)[: height * (stride + 1)].reshape(height, stride + 1)
    pixels = _unfilter(rows[:, 0], rows[:, 1:], bpp).reshape(height, width, bpp)
    if colour == 3:
        if palette is None:
            raise ValueError("palette image without a PLTE chunk")
        index = pixels[..., 0]
        if index.max() >= len(palette):
            raise ValueError(f"palette index {index.max()} past the {len(palette)} colours")
        pixels = palette[index]
        if transparency is not None:
            alpha = np.full(len(palette), 255, np.uint8)
            alpha[: len(transparency)] = transparency[: len(palette)]
            pixels = np.concatenate([pixels, alpha[index][..., None]], axis=2)
    return np.ascontiguousarray(pixels.transpose(2, 0, 1))


def _unfilter(filters: np.ndarray, rows: np.ndarray, bpp: int) -> np.ndarray:
    """Undo PNG's per-row filters: 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth."""
    height, stride = rows.shape
    if not filters.any():
        return rows
    out = np.zeros((height, stride), np.uint8)
    prior = np.zeros(stride, np.uint8)
    for y in range(height):
        f, row = filters[y], rows[y]
        if f == 0:
            cur = row.copy()
        elif f == 1:  # Sub: running sum along each channel, modulo 256
            cur = np.cumsum(row.reshape(-1, bpp), axis=0, dtype=np.uint8).reshape(-1)
        elif f == 2:
            cur = row + prior
        elif f in (3, 4):
            cur = _unfilter_sequential(f, row, prior, bpp)
        else:
            raise ValueError(f"unknown filter type {f} on row {y}")
        out[y] = cur
        prior = cur
    return out


def _unfilter_sequential(f: int, row: np.ndarray, prior: np.ndarray, bpp: int) -> np.ndarray:
    cur = bytearray(row.tobytes())
    up = prior.tobytes()
    for i in range(len(cur)):
        a = cur[i - bpp] if i >= bpp else 0
        b = up[i]
        if f == 3:
            cur[i] = (cur[i] + ((a + b) >> 1)) & 255
        else:
            c = up[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            cur[i] = (cur[i] + pred) & 255
    return np.frombuffer(bytes(cur), np.uint8)


def _decode_with_pillow(path, what: str) -> np.ndarray:
    try:
        from PIL import Image
    except ImportError:
        raise RuntimeError(
            f"read_image: cannot decode {os.fspath(path)!r}: {what} need Pillow "
            "(pip install pillow); without it only 8-bit non-interlaced PNGs are read"
        ) from None
    try:
        array = _pillow_pixels(Image, path)
    except (OSError, ValueError, SyntaxError) as e:  # Pillow's ways of saying "damaged"
        raise RuntimeError(
            f"read_image: cannot decode {os.fspath(path)!r}: {e}; the file "
            "is damaged or not an image (PNG, JPEG, GIF, ...)"
        ) from None
    if array.ndim == 2:
        array = array[..., None]
    return np.ascontiguousarray(array.transpose(2, 0, 1))


def _pillow_pixels(Image, path) -> np.ndarray:
    with Image.open(path) as image:
        if image.mode == "P":
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        elif image.mode in ("1", "I", "I;16", "I;16B", "F"):  # other grayscale: to 8 bits
            image = image.convert("L")
        elif image.mode not in ("L", "LA", "RGB", "RGBA"):
            image = image.convert("RGB")
        return np.asarray(image, dtype=np.uint8)


def _convert(chw: np.ndarray, mode: ImageReadMode) -> np.ndarray:
    c = chw.shape[0]
    if mode == ImageReadMode.UNCHANGED:
        return chw
    if mode == ImageReadMode.GRAY and c in (1, 2):
        return chw[:1].copy()
    if mode == ImageReadMode.GRAY_ALPHA and c == 2:
        return chw
    if mode == ImageReadMode.RGB and c in (1, 2):
        return np.repeat(chw[:1], 3, axis=0)
    if mode == ImageReadMode.RGB and c in (3, 4):
        return chw[:3].copy()
    if mode == ImageReadMode.RGB_ALPHA and c == 4:
        return chw
    if mode == ImageReadMode.RGB_ALPHA and c == 3:
        return np.concatenate([chw, np.full_like(chw[:1], 255)])
    raise NotImplementedError(f"read_image: converting {c} channels to {mode.name}")
