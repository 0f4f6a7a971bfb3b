"""Rendering one upload's result: summary, mapping editor, name fixes, report and preview."""

from __future__ import annotations

import json

import streamlit as st

from analysis.errors import InputProblem
from analysis.outputs.export import to_csv_bytes
from analysis.uploads.fields import FIELDS_BY_KIND, IGNORE, mapping_from_json, mapping_to_json
from analysis.uploads.pipeline import UploadResult
from ui import state
from ui.text import md_escape
from ui.uploads import FileSettings, put_settings

BASIS_DEFAULTS = {
    None: "Not stated: show but do not count",
    "annual": "Annual (per year)",
    "cumulative": "Cumulative (total to date)",
}


def show_problem(filename: str, problem: InputProblem) -> None:
    st.error(md_escape(problem.message), icon=":material/error:")
    if problem.details is not None:
        st.dataframe(problem.details, hide_index=True)


def file_controls(fid: str, result: UploadResult | None, settings: FileSettings) -> None:
    """Kind, sheet and default basis: changing one rereads the file."""
    c1, c2, c3 = st.columns(3)
    kinds = [None, "schemes", "spending"]
    detected = f"Detected: {result.kind}" if result else "Detect from content"
    kind = c1.selectbox(
        "This file holds",
        kinds,
        index=kinds.index(settings.kind),
        format_func=lambda k: (
            detected if k is None else {"schemes": "A scheme register", "spending": "A spending table"}[k]
        ),
        key=state.key(f"upload.kind.{fid}"),
    )
    sheets = [None, *(result.sheets if result else ())]
    sheet = c2.selectbox(
        "Sheet",
        sheets,
        index=sheets.index(settings.sheet) if settings.sheet in sheets else 0,
        format_func=lambda s: f"Largest table ({result.sheet})" if s is None and result else (s or "Largest table"),
        key=state.key(f"upload.sheet.{fid}"),
    )
    basis = c3.selectbox(
        "Figures that do not say their basis are",
        list(BASIS_DEFAULTS),
        index=list(BASIS_DEFAULTS).index(settings.default_basis),
        format_func=BASIS_DEFAULTS.get,
        key=state.key(f"upload.basis.{fid}"),
        disabled=bool(result and result.kind == "spending"),
    )
    new = FileSettings(
        kind,
        sheet,
        None if (kind, sheet) != (settings.kind, settings.sheet) else settings.mapping_json,
        settings.overrides_json,
        basis,
    )
    if new != settings:
        put_settings(fid, new)
        st.rerun()


def summary(result: UploadResult) -> None:
    counts = result.counts
    cols = st.columns(5)
    cols[0].metric("Rows in the sheet", result.rows_in_sheet, help=f"Sheet '{result.sheet}'")
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
        key=state.key(f"upload.mapping.{fid}.{settings.kind}.{settings.sheet}"),
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
        put_settings(
            fid,
            FileSettings(
                settings.kind or result.kind,
                settings.sheet,
                json.dumps(rows),
                settings.overrides_json,
                settings.default_basis,
            ),
        )
        st.rerun()
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download this mapping",
        mapping_to_json(result.location.mapping, result.kind),
        file_name=f"{result.file}.mapping.json",
        mime="application/json",
        key=state.key(f"upload.mapdl.{fid}"),
    )
    saved = c2.file_uploader("Reapply a saved mapping", type=["json"], key=state.key(f"upload.mapul.{fid}"))
    if saved is not None:
        try:
            kind, mapping = mapping_from_json(saved.getvalue(), list(result.location.headers))
        except InputProblem as problem:
            st.error(md_escape(problem.message))
            return
        rows = json.dumps(mapping.to_dict("records"))
        if rows != settings.mapping_json:
            put_settings(fid, FileSettings(kind, settings.sheet, rows, settings.overrides_json, settings.default_basis))
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
    table = result.unmatched.drop_duplicates("name")[["name", "status", "suggestions"]].assign(
        council=lambda t: t["name"].map(lambda n: council_labels.get(overrides.get(n)))
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        disabled=["name", "status", "suggestions"],
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
            FileSettings(
                settings.kind,
                settings.sheet,
                settings.mapping_json,
                json.dumps(overrides | chosen),
                settings.default_basis,
            ),
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
                index=["name", "year", "status"], columns="measure", values="value_gbp", aggfunc="first"
            ).reset_index(),
            hide_index=True,
            width="stretch",
            height=260,
        )
    else:
        st.caption("No data rows were read from this sheet.")
