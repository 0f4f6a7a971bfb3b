"""The row report of an upload: one line per (row, problem), each with its outcome, the column, a reason
code (what happened, for code to test and count) and the reason in words (for people)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import pandas as pd

from analysis.vocabulary import ROW_OUTCOMES, RowOutcome

REPORT_COLUMNS = ["file", "sheet", "row", "outcome", "column", "code", "reason"]


class ReasonCode(StrEnum):
    """Why a report line says what it says. The words of `reason` may change; these do not."""

    USED = "used"  # read with nothing to say
    # rows that are not records
    TITLE_ROW = "title_row"
    HEADER_ROW = "header_row"
    REPEATED_HEADER = "repeated_header"
    BLANK_ROW = "blank_row"
    TOTALS_ROW = "totals_row"
    FOOTNOTE = "footnote"
    NOT_A_COUNCIL_ROW = "not_a_council_row"  # the department's layout: England total, subtotals, notes
    # scheme rows
    NO_IDENTITY = "no_identity"
    NO_NAME = "no_name"
    BAD_MONEY = "bad_money"
    NEGATIVE_SAVING = "negative_saving"
    BASIS_FROM_HEADER = "basis_from_header"
    NO_BASIS = "no_basis"
    BASIS_DEFAULTED = "basis_defaulted"
    BAD_YEAR = "bad_year"
    PARTNER_FUZZY = "partner_fuzzy"
    PARTNER_UNMATCHED = "partner_unmatched"
    PARTNER_AMBIGUOUS = "partner_ambiguous"
    SHARES_IGNORED = "shares_ignored"
    SHARES_SCALED = "shares_scaled"
    # spending rows
    NO_YEAR = "no_year"
    COUNCIL_UNMATCHED = "council_unmatched"
    COUNCIL_AMBIGUOUS = "council_ambiguous"
    UNKNOWN_MEASURE = "unknown_measure"
    NO_MEASURE = "no_measure"
    VALUE_UNREADABLE = "value_unreadable"
    VALUE_CONFLICT = "value_conflict"
    DUPLICATE_ROW = "duplicate_row"
    NO_FIGURES = "no_figures"


# classify_rows' categories of rows that are not data
CATEGORY_CODES: dict[str, ReasonCode] = {
    "title": ReasonCode.TITLE_ROW,
    "header": ReasonCode.HEADER_ROW,
    "repeated header": ReasonCode.REPEATED_HEADER,
    "blank": ReasonCode.BLANK_ROW,
    "totals": ReasonCode.TOTALS_ROW,
    "footnote": ReasonCode.FOOTNOTE,
}


def summarise_report(report: pd.DataFrame) -> pd.DataFrame:
    """One line per spreadsheet row: its overall outcome (a row with any warning is 'used with warning')."""
    order = {outcome: k for k, outcome in enumerate(ROW_OUTCOMES)}  # worst first
    worst = report.assign(o=report["outcome"].map(order)).sort_values("o").drop_duplicates(["file", "sheet", "row"])
    return worst.drop(columns="o").sort_values(["file", "sheet", "row"])


ReportLine = tuple[str, str, int, RowOutcome, str, ReasonCode, str]  # REPORT_COLUMNS, in order


def report_frame(lines: Sequence[ReportLine]) -> pd.DataFrame:
    """The report from lines of (file, sheet, row, outcome, column, code, reason), codes as plain text."""
    return pd.DataFrame([(*line[:5], str(line[5]), line[6]) for line in lines], columns=REPORT_COLUMNS)
