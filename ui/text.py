"""Showing data-derived text safely: Markdown control characters are escaped, never rendered."""

from __future__ import annotations

import re

_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$])")


def md_escape(text: object) -> str:
    """Text for st.markdown that shows exactly as written (no links, HTML or emphasis)."""
    return _MD.sub(r"\\\1", str(text))
