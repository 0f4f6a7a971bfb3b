"""Reading a file by hand when detection fails or is wrong: choose the sheet, the header row (with a
preview of the first rows as read) and the column holding each field, then read with that mapping."""

from __future__ import annotations

import dataclasses
import json

import streamlit as st

from analysis.errors import InputProblem
from analysis.readers.workbook import Sheet
from analysis.uploads.fields import FIELDS_BY_KIND, IGNORE
from analysis.uploads.pipeline import UploadResult
from analysis.uploads.table_finder import column_letter, location_at, preview_rows
from ui import state
from ui.problems import show_problem
from ui.text import md_escape
from ui.upload_views import reapply_saved_mapping
from ui.uploads import FileSettings, put_settings, sheets_or_problem

PREVIEW_ROWS = 15
KIND_LABELS = {"schemes": "A scheme register", "spending": "A spending table"}


def read_by_hand(fid: str, name: str, data: bytes, settings: FileSettings, result: UploadResult | None) -> None:
    """The controls for a hand-made read, under a heading that says what they are for."""
    sheets = sheets_or_problem(data, name)
    if not isinstance(sheets, list):
        return  # the file itself cannot be opened: its problem is already shown, and no mapping can help
    visible = [s for s in sheets if not s.hidden]
    with st.expander("Choose the header row and the columns yourself", expanded=result is None):
        st.markdown(
            "If the table was not found, or was read wrongly, say where its header row is and which column "
            "holds each field. The file is then read with your choice, and every row is reported as before."
        )
        c1, c2, c3 = st.columns(3)
        names = [s.name for s in visible]
        current = settings.sheet if settings.sheet in names else (result.sheet if result else names[0])
        sheet_name = c1.selectbox("Sheet", names, index=names.index(current), key=state.key(f"upload.hand.sheet.{fid}"))
        sheet = next(s for s in visible if s.name == sheet_name)
        start = settings.header_row or (result.location.header_rows[-1] + 1 if result and result.location else 1)
        header_row = c2.number_input(
            "Header row (as numbered in the preview)",
            min_value=1,
            max_value=max(len(sheet.rows), 1),
            value=min(start, max(len(sheet.rows), 1)),
            step=1,
            key=state.key(f"upload.hand.row.{fid}.{sheet_name}"),
        )
        kinds = list(KIND_LABELS)
        kind_now = settings.kind or (result.kind if result else "schemes")
        kind = c3.radio(
            "The table holds",
            kinds,
            index=kinds.index(kind_now),
            format_func=KIND_LABELS.get,
            key=state.key(f"upload.hand.kind.{fid}"),
            horizontal=True,
        )
        st.caption(f"The first {PREVIEW_ROWS} rows of sheet '{md_escape(sheet_name)}' as read (shown as plain text).")
        st.dataframe(preview_rows(sheet, PREVIEW_ROWS), hide_index=True, width="stretch")
        _column_choices(fid, sheet, int(header_row), kind, settings)


def _column_choices(fid: str, sheet: Sheet, header_row: int, kind: str, settings: FileSettings) -> None:
    location = location_at(sheet, header_row, kind)
    suggested = dict(zip(location.mapping["field"], location.mapping["column"]))
    if settings.header_row == header_row and settings.mapping_json and settings.sheet == sheet.name:
        saved = json.loads(settings.mapping_json)
        suggested = {r["field"]: r["column"] for r in saved if r["field"] != IGNORE}
    columns = [None, *range(len(location.headers))]
    labels = {j: f"{column_letter(j)}: {location.headers[j][:40]}" for j in range(len(location.headers))}
    st.markdown(f"**Which column holds each field** (headers read from row {header_row})")
    chosen: dict[str, int] = {}
    grid = st.columns(3)
    for i, field in enumerate(FIELDS_BY_KIND[kind]):
        j = grid[i % 3].selectbox(
            field.label,
            columns,
            index=columns.index(suggested.get(field.key)) if suggested.get(field.key) in columns else 0,
            format_func=lambda j: "(not in this file)" if j is None else labels[j],
            key=state.key(f"upload.hand.field.{fid}.{sheet.name}.{header_row}.{kind}.{field.key}"),
        )
        if j is not None:
            chosen[field.key] = int(j)
    taken = list(chosen.values())
    if len(taken) != len(set(taken)):
        show_problem(_duplicate_problem(chosen, labels, kind))
        return
    rows = [
        {"column": j, "header": h, "field": next((f for f, c in chosen.items() if c == j), IGNORE), "confidence": 1.0}
        for j, h in enumerate(location.headers)
    ]
    c1, c2 = st.columns(2)
    if c1.button(
        "Read the file with this header row and these columns", type="primary", key=state.key(f"upload.hand.read.{fid}")
    ):
        put_settings(
            fid,
            dataclasses.replace(
                settings, kind=kind, sheet=sheet.name, header_row=header_row, mapping_json=json.dumps(rows)
            ),
        )
        st.rerun()
    reapply_saved_mapping(
        c2,
        fid,
        dataclasses.replace(settings, sheet=sheet.name, header_row=settings.header_row or header_row),
        lambda row: list(location_at(sheet, row or header_row, kind).headers),
        key_suffix="hand",
    )


def _duplicate_problem(chosen: dict[str, int], labels: dict[int, str], kind: str) -> InputProblem:
    names = {f.key: f.label for f in FIELDS_BY_KIND[kind]}
    seen: dict[int, str] = {}
    for field, j in chosen.items():
        if j in seen:
            return InputProblem(
                f"Column {labels[j]} is chosen for two fields ({names[seen[j]]} and {names[field]}): choose one."
            )
        seen[j] = field
    return InputProblem("A column is chosen for two fields: choose one.")
