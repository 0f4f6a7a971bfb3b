"""The store's problems, in the one family of user-facing errors (rendered like any InputProblem)."""

from __future__ import annotations

from analysis.errors import InputProblem


class StoreProblem(InputProblem):
    """Something about publishing or opening a dataset, explained in plain English."""


class StoreUnavailable(StoreProblem):
    """The database cannot be reached, created or written."""


class LimitReached(StoreProblem):
    """A limit on rows, bytes, publishes per hour or the store's size."""


class WrongManageKey(StoreProblem):
    """The manage key does not belong to this dataset (or the dataset is gone)."""
