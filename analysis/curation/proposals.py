"""Proposals to the register, checked the way an uploaded register is: the form's row is written as a
one-row sheet and read by the upload pipeline (analysis/uploads/), so a proposal gets the same validation
and the same row report as a row of an uploaded file. On top of that, a proposal needs its source: a link
and the quoted sentence that gives the figure, and the figure's basis. Pure functions."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

import pandas as pd

from analysis.arithmetic.assessment import Options, assess
from analysis.curation.versions import REGISTER_COLUMNS, clean_row, schemes_at
from analysis.dataset import Dataset
from analysis.errors import InputProblem
from analysis.uploads.pipeline import UploadResult, read_uploaded_file
from analysis.uploads.report import REPORT_COLUMNS
from analysis.vocabulary import BASES

Kind = Literal["new", "correction"]
CELL_MAX, QUOTE_MAX, EMAIL_MAX = 1000, 1500, 254
# Register column -> the upload field that reads it (source_quote and listed_in are checked here instead).
UPLOAD_FIELD = {
    "scheme_name": "scheme_name",
    "partner_councils": "partners",
    "service_area": "service_area",
    "savings_gbp": "savings_gbp",
    "savings_basis": "basis",
    "savings_period": "period",
    "year_reported": "year_reported",
    "start_year": "start_year",
    "status": "status",
    "source_url": "source_url",
    "notes": "notes",
    "external_funding_gbp": "external_funding_gbp",
}
BASIS_WORDS = {
    "annual": "annual (a saving every year)",
    "cumulative": "cumulative (a total to date)",
    "one-off": "one-off",
    "projected-annual": "projected, annual (a target)",
    "projected-cumulative": "projected, cumulative (a target)",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ProposalCheck:
    """A proposed row as the register would hold it, its row report, and what stops it (if anything)."""

    row: dict[str, str]  # the register's columns, as written
    report: pd.DataFrame  # REPORT_COLUMNS, as for an upload
    problems: tuple[str, ...] = field(default_factory=tuple)  # each one refuses the proposal

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def warnings(self) -> list[str]:
        return [r for o, r in zip(self.report["outcome"], self.report["reason"]) if o == "used with warning"]


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _number(value: Any) -> str:
    """A money figure as the seed file writes it: whole pounds without separators, or blank."""
    if value is None or pd.isna(value):
        return ""
    return f"{float(value):.0f}" if float(value) == round(float(value)) else f"{float(value):.2f}"


def row_from_record(record: Mapping[str, Any], quote: str = "", listed_in: str = "") -> dict[str, str]:
    """A scheme record read by the upload pipeline, written back as a register row (money in pounds,
    basis and years as read)."""
    year = lambda v: "" if v is None or pd.isna(v) else str(int(v))  # noqa: E731
    return clean_row(
        {
            "scheme_name": _text(record.get("scheme_name")),
            "partner_councils": "; ".join(record.get("partners") or ()),
            "service_area": _text(record.get("service_area")),
            "savings_gbp": _number(record.get("savings_gbp")),
            "savings_basis": _text(record.get("basis")),
            "savings_period": _text(record.get("period")),
            "year_reported": year(record.get("year_reported")),
            "start_year": year(record.get("start_year")),
            "status": _text(record.get("status")),
            "source_url": _text(record.get("source_url")),
            "source_quote": quote,
            "notes": _text(record.get("notes")),
            "external_funding_gbp": _number(record.get("external_funding_gbp")),
            "listed_in": listed_in,
        }
    )


def source_problems(row: Mapping[str, str]) -> list[str]:
    """What a proposal's source and basis lack."""
    problems = []
    url = row.get("source_url", "").strip()
    parts = urlsplit(url) if url else None
    if not url:
        problems.append("Give the source: a link to the page or document that states the figure.")
    elif parts is None or parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        problems.append("The source must be a web link starting with http:// or https://.")
    if not row.get("source_quote", "").strip():
        problems.append("Quote the sentence of the source that gives the figure, as written there.")
    if row.get("savings_gbp", "").strip() and row.get("savings_basis", "") not in BASES:
        problems.append("Say whether the figure is annual, cumulative, one-off or projected.")
    if len(row.get("source_quote", "")) > QUOTE_MAX:
        problems.append(f"The quote can be at most {QUOTE_MAX} characters.")
    long = [c for c in REGISTER_COLUMNS if c != "source_quote" and len(row.get(c, "")) > CELL_MAX]
    if long:
        problems.append(f"These fields are longer than {CELL_MAX} characters: {', '.join(long)}.")
    return problems


def email_problem(email: str) -> str | None:
    email = email.strip()
    if email and (len(email) > EMAIL_MAX or not _EMAIL.match(email)):
        return "That contact email does not look like an address (it is optional: leave it blank)."
    return None


def _one_row_sheet(row: Mapping[str, str]) -> tuple[bytes, pd.DataFrame]:
    """The form's row as a CSV with a header row, and the mapping of its columns to upload fields."""
    columns = list(UPLOAD_FIELD)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerow([row.get(c, "") for c in columns])
    mapping = pd.DataFrame(
        [{"column": j, "header": c, "field": UPLOAD_FIELD[c], "confidence": 1.0} for j, c in enumerate(columns)]
    )
    return buffer.getvalue().encode("utf-8"), mapping


def check_form(fields: Mapping[str, str], dataset: Dataset, label: str = "proposal form") -> ProposalCheck:
    """A proposal typed into the form, read as an uploaded register row is, then its source checked."""
    typed = clean_row(fields)
    data, mapping = _one_row_sheet(typed)
    try:
        result = read_uploaded_file(data, f"{label}.csv", dataset, kind="schemes", mapping=mapping)
    except InputProblem as problem:
        return ProposalCheck(typed, pd.DataFrame(columns=REPORT_COLUMNS), (problem.message,))
    report = result.report.assign(file=label)
    if result.schemes.empty:
        reasons = [r for r in report["reason"] if r] or ["the row was not read as a scheme"]
        return ProposalCheck(typed, report, tuple(f"Not accepted: {r}." for r in reasons))
    record = result.schemes.iloc[0].to_dict()
    checked = _finish(row_from_record(record, typed["source_quote"], typed["listed_in"]), report)
    unread = [c for c in ("savings_gbp", "year_reported", "start_year") if typed[c] and not checked.row[c]]
    if unread:  # a figure the proposer typed and the reader could not read is refused, not left blank
        reasons = [r for c, r in zip(report["column"], report["reason"]) if c in unread]
        return ProposalCheck(checked.row, report, (*(f"Not accepted: {r}." for r in reasons), *checked.problems))
    return checked


def check_upload_row(result: UploadResult, source_row: int, url: str, quote: str) -> ProposalCheck:
    """One row of a read upload as a proposal, with the source given for it (the row's own link if blank)."""
    schemes = result.schemes
    match = schemes[schemes["source_row"] == source_row] if len(schemes) else schemes
    report = result.report[result.report["row"] == source_row].reset_index(drop=True)
    if match.empty:
        reasons = [r for r in report["reason"] if r] or ["the row was not read as a scheme"]
        return ProposalCheck({}, report, tuple(f"Row {source_row} is not accepted: {r}." for r in reasons))
    row = row_from_record(match.iloc[0].to_dict(), quote)
    if url.strip():
        row["source_url"] = url.strip()
    return _finish(row, report)


def _finish(row: dict[str, str], report: pd.DataFrame) -> ProposalCheck:
    problems = source_problems(row)
    if not row["scheme_name"] or row["scheme_name"].startswith("(unnamed scheme"):
        problems.insert(0, "Give the scheme's name.")
    if not str(row.get("partner_councils") or "").strip():
        problems.insert(0, "Name the partner councils: a scheme's saving is checked against their spending.")
    return ProposalCheck(row, report, tuple(problems))


def changed_columns(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """The register columns a correction changes."""
    return [c for c in REGISTER_COLUMNS if _text(before.get(c)) != _text(after.get(c))]


def proposal_figures(row: Mapping[str, str], dataset: Dataset, options: Options, scheme_id: str = "proposal") -> dict:
    """The proposal's scheme as the pages would compute it: matched partners, annual equivalent, the spending
    year used, share of the partners' budget, and whether (and why not) it counts in totals."""
    raw = pd.DataFrame([{**clean_row(row), "scheme_id": scheme_id, "source_row": pd.NA}])
    schemes = schemes_at(raw, dataset.index)
    out = assess(dataset, options, schemes=schemes).schemes.iloc[0]
    return {
        "partner_ids": tuple(out["partner_ids"]),
        "partner_names": tuple(out["partner_names"]),
        "unmatched": tuple(out["unmatched_partners"]),
        "annual_gbp": float(out["annual_gbp"]),
        "annual_note": str(out["annual_note"]),
        "spending_year": out["spending_year"],
        "share": float(out["share"]),
        "counts": bool(out["counts_in_totals"]),
        "why_not_counted": str(out["why_not_counted"]),
    }
