"""The one vocabulary: its declared words and the tables built from them agree."""

from __future__ import annotations

import pytest

from analysis.vocabulary import BASES, MEASURES, SERVICE_MEASURES, TOTAL_MEASURES, year_label, year_start


def test_measures_are_the_declared_service_lines_then_totals() -> None:
    assert list(MEASURES) == [*SERVICE_MEASURES, *TOTAL_MEASURES]


def test_every_basis_has_a_template_choice() -> None:
    from analysis.uploads.template import BASIS_CHOICES

    assert tuple(BASIS_CHOICES) == BASES


@pytest.mark.parametrize(
    ("start", "label"), [(2010, "2010-11"), (2016, "2016-17"), (2099, "2099-00"), (1999, "1999-00")]
)
def test_year_label_and_start_round_trip(start: int, label: str) -> None:
    assert year_label(start) == label
    assert year_start(label) == start
