"""Download a file once, check it by sha256, keep it in a cache: the machinery behind
`MNIST(download=True)` and the course data of `cybenko.lab.data`.

    from cybenko.utils.download import Resource, fetch
    path = fetch(Resource("name", "folder/file.gz", (url, mirror), sha256, size))

`fetch(resource)` looks in three places, in order:

1. `$CYBENKO_DATA/<path>`, a folder of local copies (the shared course data is laid out so:
   `mnist/*.gz`, `dnnex/*.csv`, `news/bbc/...`); the copy must match its sha256.
2. the cache, `$CYBENKO_CACHE/<path>` (default `~/.cache/cybenko`), checked on every hit.
3. the resource's URLs, downloaded to a temporary file, verified, then renamed into the cache,
   so the cache never holds a half-written or unverified file.

Offline with no copy it raises `DataNotFound`, which says where to put the file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Resource:
    """One downloadable file (or folder): its name, its path under CYBENKO_DATA and the
    cache, the URLs it can be downloaded from, its sha256 and its size in bytes; `folder`
    marks a folder (downloaded as a zip and unpacked), `source` says where it comes from.

    A folder's sha256 is that of its manifest, the `sha256sum` lines of its files sorted by
    path (the shared copy's SHA256SUMS); its size is the sum of its files' sizes."""

    name: str
    path: str
    urls: tuple[str, ...]
    sha256: str
    size: int
    folder: bool = False
    source: str = ""


class DataError(RuntimeError):
    """A registered file cannot be provided."""


class DataNotFound(DataError):
    """No verified copy of a file is reachable: not local, not cached, not downloadable."""


class ChecksumError(DataError):
    """A copy of a file does not match its registered sha256 (damaged or truncated)."""


def cache_dir() -> Path:
    """The download cache: $CYBENKO_CACHE, or ~/.cache/cybenko."""
    return Path(os.environ.get("CYBENKO_CACHE") or Path.home() / ".cache" / "cybenko")


def fetch(r: Resource) -> Path:
    """A local copy of the resource `r`, verified against its sha256: from CYBENKO_DATA, else
    from the cache, else downloaded into the cache."""
    local = os.environ.get("CYBENKO_DATA")
    if local and (Path(local) / r.path).exists():
        candidate = Path(local) / r.path
        problem = _check(r, candidate)
        if problem:
            raise ChecksumError(
                f"{candidate} (from CYBENKO_DATA) {problem} Replace it with a fresh copy from "
                f"{r.urls[0]}, or unset CYBENKO_DATA to use the cache."
            )
        return candidate
    cached = cache_dir() / r.path
    removed = ""
    if cached.exists():
        problem = _check(r, cached)
        if not problem:
            return cached
        _remove(cached)
        removed = f" A damaged cached copy ({problem}) was removed from {cached}."
    return _download(r, cached, removed)


def _check(r: Resource, path: Path) -> str:
    """What is wrong with the copy at `path`, or "" when it matches the registry."""
    if r.folder:
        manifest, size = _manifest(path, prefix=Path(r.path).name)
        digest = hashlib.sha256(manifest.encode()).hexdigest()
        what = "folder's manifest (sorted sha256sum lines of its files)"
    else:
        size = path.stat().st_size
        digest = _sha256(path)
        what = "file"
    if digest == r.sha256:
        return ""
    hint = ""
    if size < r.size:
        hint = f" It has {size} bytes of {r.size}: it looks truncated."
    elif size != r.size:
        hint = f" It has {size} bytes, not {r.size}."
    return f"does not match: the {what} has sha256 {digest}, expected {r.sha256}.{hint}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest(folder: Path, prefix: str) -> tuple[str, int]:
    lines, size = [], 0
    for p in folder.rglob("*"):
        if p.is_file():
            rel = f"{prefix}/{p.relative_to(folder).as_posix()}"
            lines.append((rel, f"{_sha256(p)}  {rel}\n"))
            size += p.stat().st_size
    return "".join(line for _, line in sorted(lines)), size


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


def _where_to_put(r: Resource) -> str:
    return (
        f"Download it from {r.urls[0]} and put it at $CYBENKO_DATA/{r.path} "
        f"(with CYBENKO_DATA naming that folder) or at {cache_dir() / r.path}"
    )


def _download(r: Resource, dest: Path, removed: str = "") -> Path:
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:  # e.g. a read-only home: no download can be kept, so none is tried
        raise DataNotFound(
            f"{r.name} ({r.path}) is not available offline and the cache folder "
            f"{dest.parent} cannot be made ({e.strerror or e}).{removed} Set CYBENKO_CACHE to "
            f"a folder you can write to. {_where_to_put(r)}."
        ) from None
    failures, mismatches = [], []
    for url in r.urls:
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
        try:
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    payload = tmp / "download"
                    with open(payload, "wb") as f:
                        shutil.copyfileobj(response, f)
            except (OSError, ValueError) as e:
                failures.append(f"{url}: {e}")
                continue
            staged = _stage(r, payload, tmp)
            problem = _check(r, staged)
            if problem:  # a damaged or wrong download: try the next mirror
                mismatches.append(f"{r.path} downloaded from {url} {problem}")
                continue
            try:
                os.replace(staged, dest)
            except OSError:
                if not (dest.exists() and not _check(r, dest)):
                    raise
            return dest
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if mismatches:
        raise ChecksumError(
            f"{' '.join(mismatches)} Nothing was kept in the cache; try again later. "
            f"{_where_to_put(r)}."
        )
    raise DataNotFound(
        f"{r.name} ({r.path}, {r.size} bytes, sha256 {r.sha256}) is not available offline and "
        f"could not be downloaded ({'; '.join(failures)}).{removed} {_where_to_put(r)}."
    )


def _stage(r: Resource, payload: Path, tmp: Path) -> Path:
    """The downloaded file, or for a folder the folder unpacked from the downloaded zip."""
    if not r.folder:
        return payload
    target = Path(r.path).name
    try:
        with zipfile.ZipFile(payload) as z:
            z.extractall(tmp / "unpacked")
    except zipfile.BadZipFile:
        return payload
    for found in sorted((tmp / "unpacked").rglob(target)):
        if found.is_dir():
            for junk in found.rglob(".DS_Store"):
                junk.unlink()
            return found
    return payload


__all__ = ["ChecksumError", "DataError", "DataNotFound", "Resource", "cache_dir", "fetch"]
