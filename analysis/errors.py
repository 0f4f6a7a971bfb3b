"""The one family of user-facing errors.

Pages catch `InputProblem` (and its subclasses) and show the message; any other
exception is a bug and is allowed to surface in tests.
"""

from __future__ import annotations

import pandas as pd


class InputProblem(Exception):
    """A problem with what the user gave us, explained in plain English.

    `details` is an optional table (for example one row per rejected cell).
    """

    def __init__(self, message: str, details: pd.DataFrame | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


class UnreadableFile(InputProblem):
    """The file cannot be opened as a spreadsheet at all."""


class NoTableFound(InputProblem):
    """The file opens but holds no table we recognise."""
