"""Who may review proposals: editors named by email address or by domain, from the `[editors]` section of
`.streamlit/secrets.toml` or the `SSD_EDITORS` environment variable, and how long a sign-in lasts.

    [editors]
    emails = ["ana@council.gov.uk"]      # exact addresses
    domains = ["shared-services.org.uk"]  # anyone whose verified address is at this domain
    session_hours = 8                     # a sign-in older than this signs the editor out

`SSD_EDITORS="ana@council.gov.uk,@shared-services.org.uk"` does the same (an entry starting with @ is a
domain) and adds to the secrets' list; `SSD_EDITOR_SESSION_HOURS` sets the hours. Pure functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_SESSION_HOURS = 8.0
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class EditorRule:
    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    session_hours: float = DEFAULT_SESSION_HOURS

    @property
    def anyone(self) -> bool:
        """Whether any identity can be an editor (no list: nobody is)."""
        return bool(self.emails or self.domains)


def _entries(value: Any) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(i).strip().lower() for i in items if str(i).strip()]


def editor_rule(section: Mapping[str, Any] | None, env: Mapping[str, str]) -> EditorRule:
    """The rule from the secrets' [editors] section and the environment."""
    section = section or {}
    emails = set(_entries(section.get("emails")))
    domains = {d.lstrip("@") for d in _entries(section.get("domains"))}
    for entry in _entries(env.get("SSD_EDITORS")):
        (domains.add(entry[1:]) if entry.startswith("@") else emails.add(entry))
    hours = env.get("SSD_EDITOR_SESSION_HOURS") or section.get("session_hours") or DEFAULT_SESSION_HOURS
    try:
        session_hours = float(hours)
    except (TypeError, ValueError):
        session_hours = DEFAULT_SESSION_HOURS
    return EditorRule(frozenset(emails), frozenset(d for d in domains if d), max(session_hours, 0.0))


def auth_configured(auth: Mapping[str, Any] | None) -> bool:
    """Whether the [auth] section names everything st.login needs for its default provider."""
    return auth is not None and all(str(auth.get(k) or "").strip() for k in AUTH_KEYS)


def is_editor(claims: Mapping[str, Any], rule: EditorRule) -> bool:
    """A signed-in identity whose email the provider says it verified, and that the rule names. A provider
    that does not say (some let users set their own email claim) makes no editors."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email or claims.get("email_verified") is not True:
        return False
    return email in rule.emails or email.rsplit("@", 1)[1] in rule.domains


def session_expired(claims: Mapping[str, Any], rule: EditorRule, now_s: float) -> bool:
    """Whether a sign-in is too old: issued more than `session_hours` ago. Without an issue time (`iat`), its
    token's expiry (`exp`) decides; with neither, it counts as expired."""
    iat, exp = claims.get("iat"), claims.get("exp")
    try:
        if iat is not None:
            return now_s > float(iat) + rule.session_hours * 3600
        if exp is not None:
            return now_s > float(exp)
    except (TypeError, ValueError):
        return True
    return True
