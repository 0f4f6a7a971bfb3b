"""Dataset ids and manage keys: random, unguessable; manage keys kept only as a slow salted hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

ID_BYTES = 18  # 144 random bits, 24 URL-safe characters
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{24}$")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # about 16 MB and tens of milliseconds per check


def new_dataset_id() -> str:
    return secrets.token_urlsafe(ID_BYTES)


def looks_like_id(text: str) -> bool:
    return bool(ID_PATTERN.match(text))


def new_manage_key() -> str:
    return secrets.token_urlsafe(24)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _scrypt(key: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(key.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=64 * 1024 * 1024)


def hash_key(key: str) -> str:
    """'scrypt$n$r$p$salt$hash' with a fresh salt per key."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(key, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_key(key: str, stored: str) -> bool:
    """Constant-time comparison of the key's hash with the stored one."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.urlsafe_b64decode(digest)
        actual = _scrypt(key, base64.urlsafe_b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
