"""A real OpenID Connect provider for browser tests (oidc-provider-mock, a Flask app) served in a thread on
127.0.0.1, and a secrets file pointing the app's `st.login` at it, with a cookie secret made for the test."""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import oidc_provider_mock
from werkzeug.serving import make_server


@contextlib.contextmanager
def oidc_provider(verified: tuple[str, ...] = ()) -> Iterator[str]:
    """The provider's base URL. Any email typed as the subject on its sign-in page is signed in; the
    `verified` ones with `email_verified: true`, as a provider that checked the address says."""
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on the loopback address only
    users = [oidc_provider_mock.User(sub=e, claims={"email": e, "email_verified": True}) for e in verified]
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def write_secrets(folder: Path, app_port: int, provider: str, editors: list[str]) -> Path:
    """A secrets.toml for one test run: a fresh cookie secret and client secret, never a real one."""
    path = folder / "secrets.toml"
    quoted = ", ".join(f'"{e}"' for e in editors)
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "ssd-browser-test"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "\n[editors]\n"
        f"emails = [{quoted}]\n",
        encoding="utf-8",
    )
    return path
