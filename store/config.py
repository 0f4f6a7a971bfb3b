"""Where the store lives and its limits, from the environment (with defaults that need nothing set)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_STATE_DIR = Path(__file__).resolve().parent.parent / "state"


def state_dir() -> Path:
    """`SSD_STATE_DIR`, or ./state/ beside app.py (git-ignored)."""
    return Path(os.environ.get("SSD_STATE_DIR") or DEFAULT_STATE_DIR)


def database_url() -> str:
    """`SSD_DATABASE_URL` (e.g. postgresql+psycopg://user:pw@host/db), or a SQLite file in the state folder."""
    return os.environ.get("SSD_DATABASE_URL") or f"sqlite+pysqlite:///{state_dir() / 'datasets.sqlite3'}"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class StoreLimits:
    max_rows: int = 250_000  # records (schemes + spending rows) per dataset
    max_bytes: int = 64_000_000  # stored bytes per dataset: records, report and kept originals
    keep_original_bytes: int = 5_000_000  # an uploaded file is kept when no larger than this
    publishes_per_hour: int = 20  # per browser session
    store_max_bytes: int = 2_000_000_000  # every live dataset together


def limits_from_env() -> StoreLimits:
    d = StoreLimits()
    return StoreLimits(
        max_rows=_env_int("SSD_PUBLISH_MAX_ROWS", d.max_rows),
        max_bytes=_env_int("SSD_PUBLISH_MAX_BYTES", d.max_bytes),
        keep_original_bytes=_env_int("SSD_PUBLISH_KEEP_ORIGINAL_BYTES", d.keep_original_bytes),
        publishes_per_hour=_env_int("SSD_PUBLISHES_PER_HOUR", d.publishes_per_hour),
        store_max_bytes=_env_int("SSD_STORE_MAX_BYTES", d.store_max_bytes),
    )
