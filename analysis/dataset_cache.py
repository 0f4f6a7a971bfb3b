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

from analysis.dataset import Dataset, load_dataset

CODE_DIR = Path(__file__).resolve().parent
KEEP = 2  # cache files kept per folder: the current one and the one before (a server still starting)
log = logging.getLogger(__name__)


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
    if path.exists():
        try:
            with path.open("rb") as fh:
                dataset = pickle.load(fh)
            if isinstance(dataset, Dataset):
                return dataset, True
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            log.warning("dataset cache %s unreadable; parsing the workbooks", path)
    dataset = load_dataset(data_dir)
    _write(dataset, path)
    return dataset, False


def _write(dataset: Dataset, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".dataset-", delete=False) as fh:
            pickle.dump(dataset, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
        old = sorted(path.parent.glob("dataset-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError as exc:  # a read-only or full disk costs speed, never the app
        log.warning("dataset cache not written to %s: %s", path.parent, exc)
