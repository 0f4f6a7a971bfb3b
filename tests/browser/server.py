"""Starting the real app on a free loopback port for browser tests and screenshots."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from ui.pages import PAGES as REGISTRY

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PAGES = {p.key: p.url_path for p in REGISTRY}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(
    timeout_s: float = 60.0, env: dict[str, str] | None = None, port: int | None = None, args: tuple[str, ...] = ()
) -> Iterator[str]:
    """The app served by `streamlit run` on 127.0.0.1 (with extra environment variables, e.g. the database, and
    extra options, e.g. `--secrets.files`); yields its base URL, stops it after."""
    port = port or free_port()
    env = os.environ | {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"} | (env or {})
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",  # the tree under test is fixed: no "source changed" banner, no polling
            "none",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the app did not start in time")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def require_chromium(module_level: bool = True) -> None:
    """Skip where Chromium is absent, except in CI, where a browser test may never skip."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise RuntimeError("CI must have /usr/bin/chromium: browser tests may not skip there")
    import pytest

    pytest.skip("no Chromium at /usr/bin/chromium", allow_module_level=module_level)
