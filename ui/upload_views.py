"""Rendering one upload's result: summary, mapping editor, name fixes, report and preview."""

from __future__ import annotations

import dataclasses
import json

import streamlit as st

from analysis.errors import InputProblem
from analysis.outputs.export import to_csv_bytes
from analysis.uploads.fields import FIELDS_BY_KIND, IGNORE, mapping_from_json, mapping_to_json, saved_header_row
from analysis.uploads.pipeline import UploadResult
from ui import state
from ui.problems import show_problem
from ui.text import md_escape
from ui.uploads import FileSettings, put_settings, settings_for

BASIS_DEFAULTS = {
    None: "Not stated: show but do not count",
    "annual": "Annual (per year)",
    "cumulative": "Cumulative (total to date)",
}


def _on_change(fid: str, field: str, widget: str, starts_over: bool) -> None:
    """Widget callback: store the new choice; a new kind or sheet drops the hand-made header row and mapping."""
    changes = {field: st.session_state[state.key(widget)]}
    if starts_over:
        changes |= {"mapping_json": None, "header_row": None}
    put_settings(fid, dataclasses.replace(settings_for(fid), **changes))


def _bound(fid: str, field: str, widget: str, value: object, starts_over: bool = False) -> dict:
    """Widget arguments that show the stored setting (also when another control changed it) and store changes."""
    if state.get(widget, value) != value:
        state.put(widget, value)  # before the widget is drawn: the setting, not the widget, is the truth
    return {"key": state.key(widget), "on_change": _on_change, "args": (fid, field, widget, starts_over)}


def file_controls(fid: str, result: UploadResult | None, settings: FileSettings) -> None:
    """Kind, sheet and default basis: changing one rereads the file."""
    c1, c2, c3 = st.columns(3)
    kinds = [None, "schemes", "spending"]
    detected = f"Detected: {result.kind}" if result else "Detect from content"
    c1.selectbox(
        "This file holds",
        kinds,
        format_func=lambda k: (
            detected if k is None else {"schemes": "A scheme register", "spending": "A spending table"}[k]
        ),
        **_bound(fid, "kind", f"upload.kind.{fid}", settings.kind, starts_over=True),
    )
    sheets = list(dict.fromkeys([None, *(result.sheets if result else ()), settings.sheet]))
    c2.selectbox(
        "Sheet",
        sheets,
        format_func=lambda s: f"Largest table ({result.sheet})" if s is None and result else (s or "Largest table"),
        **_bound(fid, "sheet", f"upload.sheet.{fid}", settings.sheet, starts_over=True),
    )
    c3.selectbox(
        "Figures that do not say their basis are",
        list(BASIS_DEFAULTS),
        format_func=BASIS_DEFAULTS.__getitem__,
        disabled=bool(result and result.kind == "spending"),
        **_bound(fid, "default_basis", f"upload.basis.{fid}", settings.default_basis),
    )


def summary(result: UploadResult) -> None:
    counts = result.counts
    cols = st.columns(5)
    cols[0].metric("Rows in the sheet", result.rows_in_sheet, help=f"Sheet '{md_escape(result.sheet)}'")
    cols[1].metric("Used", counts["used"])
    cols[2].metric("Used with warnings", counts["used with warning"])
    cols[3].metric("Rejected", counts["rejected"])
    cols[4].metric("Skipped (titles, headers, totals, notes)", counts["skipped"])
    if sum(counts.values()) != result.rows_in_sheet:  # a bug, never the user's fault: say so loudly
        st.error("Some rows are not accounted for in the report. Please report this file.")


def mapping_editor(fid: str, result: UploadResult, settings: FileSettings) -> None:
    if result.location is None:
        st.caption("This is the department's own return layout: columns are read by their published headers.")
        return
    fields = FIELDS_BY_KIND[result.kind]
    labels = {IGNORE: IGNORE} | {f.key: f.label for f in fields}
    shown = result.location.mapping.assign(field=result.location.mapping["field"].map(labels))
    edited = st.data_editor(
        shown,
        hide_index=True,
        key=state.key(f"upload.mapping.{fid}.{settings.kind}.{settings.sheet}.{settings.header_row}"),
        disabled=["column", "header", "confidence"],
        column_config={
            "field": st.column_config.SelectboxColumn("Read as", options=list(labels.values()), required=True),
            "confidence": st.column_config.ProgressColumn("Confidence", min_value=0, max_value=1),
        },
    )
    back = {v: k for k, v in labels.items()}
    fields_now = [back[v] for v in edited["field"]]
    if fields_now != list(result.location.mapping["field"]):
        rows = result.location.mapping.assign(field=fields_now, confidence=1.0).to_dict("records")
        kind = settings.kind or result.kind
        put_settings(fid, dataclasses.replace(settings, kind=kind, mapping_json=json.dumps(rows)))
        st.rerun()
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download this mapping",
        mapping_to_json(result.location.mapping, result.kind, settings.header_row),
        file_name=f"{result.file}.mapping.json",
        mime="application/json",
        key=state.key(f"upload.mapdl.{fid}"),
    )
    reapply_saved_mapping(c2, fid, settings, lambda _row: list(result.location.headers))


def reapply_saved_mapping(where, fid: str, settings: FileSettings, headers_at, key_suffix: str = "") -> None:
    """An uploader for a mapping saved from this page; `headers_at(header_row)` gives the table's headers."""
    saved = where.file_uploader(
        "Reapply a saved mapping", type=["json"], key=state.key(f"upload.mapul.{fid}{key_suffix}")
    )
    if saved is None:
        return
    try:
        header_row = saved_header_row(saved.getvalue()) or settings.header_row
        kind, mapping = mapping_from_json(saved.getvalue(), headers_at(header_row))
    except InputProblem as problem:
        show_problem(problem)
        return
    rows = json.dumps(mapping.to_dict("records"))
    if (rows, header_row) != (settings.mapping_json, settings.header_row):
        put_settings(fid, dataclasses.replace(settings, kind=kind, mapping_json=rows, header_row=header_row))
        st.rerun()


def name_fixes(fid: str, result: UploadResult, settings: FileSettings, council_labels: dict[str, str]) -> None:
    if result.unmatched.empty:
        st.caption("Every council name was matched.")
        return
    st.warning(
        f"{result.unmatched['name'].nunique()} council name(s) could not be matched. Choose the council "
        "each one means (or leave it blank to keep it unmatched)."
    )
    overrides = json.loads(settings.overrides_json)
    table = result.unmatched.drop_duplicates("name")[["name", "result", "suggestions"]].assign(
        council=lambda t: t["name"].map(lambda n: council_labels.get(overrides.get(n)))
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        disabled=["name", "result", "suggestions"],
        key=state.key(f"upload.names.{fid}"),
        column_config={
            "council": st.column_config.SelectboxColumn("Use council", options=sorted(council_labels.values()))
        },
    )
    back = {v: k for k, v in council_labels.items()}
    chosen = {n: back[c] for n, c in zip(edited["name"], edited["council"]) if isinstance(c, str) and c in back}
    if chosen and chosen != {k: v for k, v in overrides.items() if k in chosen}:
        put_settings(
            fid,
            dataclasses.replace(settings, overrides_json=json.dumps(overrides | chosen)),
        )
        st.rerun()


def report_and_preview(fid: str, result: UploadResult) -> None:
    st.markdown("**Validation report** (one line per row and problem; row numbers are the spreadsheet's own)")
    st.dataframe(result.report, hide_index=True, width="stretch", height=260)
    st.download_button(
        "Download the validation report (CSV)",
        to_csv_bytes(result.report),
        file_name=f"{result.file}.report.csv",
        mime="text/csv",
        key=state.key(f"upload.repdl.{fid}"),
    )
    st.markdown("**What was read**")
    if result.kind == "schemes" and len(result.schemes):
        st.dataframe(
            result.schemes[
                [
                    "source_row",
                    "scheme_name",
                    "partners",
                    "savings_gbp",
                    "basis",
                    "year_reported",
                    "start_year",
                    "status",
                ]
            ].assign(partners=lambda t: t["partners"].map("; ".join)),
            hide_index=True,
            width="stretch",
            height=260,
        )
    elif len(result.spending):
        st.dataframe(
            result.spending.pivot_table(
                index=["name", "year", "stage"], columns="measure", values="value_gbp", aggfunc="first"
            ).reset_index(),
            hide_index=True,
            width="stretch",
            height=260,
        )
    else:
        st.caption("No data rows were read from this sheet.")
