"""The parsed bundle kept on disk, so a server's second and later start-ups skip parsing the workbooks.

The cache key is the sha256 of every file in the data folder (path and bytes) and of the analysis code
that reads them (its own version, so a changed reader never serves an old parse). A changed, added or
removed source file, or any change to `analysis/`, gives a new key and a fresh parse. The file is a
pickle of the `Dataset` (it keeps every dtype); it is written atomically into the server's own state
folder and read only from there, never from anything a visitor sends.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import TypeVar

from analysis.councils.geography import PreparedBoundaries, prepare_boundaries, read_topology
from analysis.dataset import Dataset, load_dataset

CODE_DIR = Path(__file__).resolve().parent
KEEP = 2  # cache files kept per folder: the current one and the one before (a server still starting)
log = logging.getLogger(__name__)
T = TypeVar("T")


def _digest_tree(digest: hashlib._Hash, folder: Path, pattern: str) -> None:
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def cache_key(data_dir: Path) -> str:
    """sha256 of every data file and every module of the analysis code."""
    digest = hashlib.sha256()
    _digest_tree(digest, data_dir, "*")
    digest.update(b"\0code\0")
    _digest_tree(digest, CODE_DIR, "*.py")
    return digest.hexdigest()


def load_dataset_cached(data_dir: Path, cache_dir: Path) -> tuple[Dataset, bool]:
    """The dataset, and whether it came from the cache. Any cache fault falls back to parsing."""
    key = cache_key(data_dir)
    path = cache_dir / f"dataset-{key[:32]}.pickle"
    if (cached := _read(path, Dataset)) is not None:
        return cached, True
    dataset = load_dataset(data_dir)
    _write(dataset, path)
    return dataset, False


def load_boundaries_cached(data_dir: Path, cache_dir: Path) -> tuple[PreparedBoundaries, bool]:
    """The boundaries decoded and simplified for drawing (`prepare_boundaries`), and whether they came
    from the cache: keyed on the sha256 of the boundary file and of the code that prepares it."""
    source = data_dir / "geo" / "topo.json"
    digest = hashlib.sha256(source.read_bytes())
    digest.update(b"\0code\0" + (CODE_DIR / "councils" / "geography.py").read_bytes())
    path = cache_dir / f"boundaries-{digest.hexdigest()[:32]}.pickle"
    if (cached := _read(path, PreparedBoundaries)) is not None:
        return cached, True
    prepared = prepare_boundaries(read_topology(source))
    _write(prepared, path, "boundaries")
    return prepared, False


def _read(path: Path, kind: type[T]) -> T | None:
    """What a cache file holds, if it is there, readable and of the kind expected; else None (parse again)."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        log.warning("cache %s unreadable; reading the sources again", path)
        return None
    return value if isinstance(value, kind) else None


def _write(value: object, path: Path, kind: str = "dataset") -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{kind}-", delete=False) as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
        old = sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError as exc:  # a read-only or full disk costs speed, never the app
        log.warning("%s cache not written to %s: %s", kind, path.parent, exc)
