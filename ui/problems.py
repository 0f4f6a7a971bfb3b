"""The one place a user-facing problem is drawn.

Every `InputProblem` (a bad file, a refused proposal, a store that cannot be reached, a limit reached)
reaches the page through `show_problem`: its message escaped (never Markdown or HTML: it may quote an
uploaded file or a database's own words), its table of details if it has one, at one of three levels.
"""

from __future__ import annotations

from typing import Any, Literal

import streamlit as st

from analysis.errors import InputProblem
from ui.text import md_escape

# error: what the user asked for did not happen; unavailable: a service is down and the page goes on
# without it; note: something optional (such as real terms) cannot be shown.
Level = Literal["error", "unavailable", "note"]
_DRAW = {
    "error": ("error", ":material/error:"),
    "unavailable": ("warning", ":material/cloud_off:"),
    "note": ("info", ":material/info:"),
}


def show_problem(
    problem: InputProblem, lead: str = "", level: Level = "error", where: Any = None, then: str = ""
) -> None:
    """Draw `problem` between an optional `lead` and a `then` sentence of our own (not escaped, so keep them
    free of data); `where` is a container or column, the page by default."""
    target = where if where is not None else st
    method, icon = _DRAW[level]
    text = " ".join(part for part in (lead, md_escape(problem.message), then) if part)
    getattr(target, method)(text, icon=icon)
    if problem.details is not None:
        target.dataframe(problem.details, hide_index=True)
