"""Upload: finance officers' own spreadsheets, read with a report of every row."""

import streamlit as st

from analysis.errors import InputProblem
from analysis.outputs.export import to_csv_bytes
from analysis.uploads.pipeline import combined_report
from analysis.uploads.template import template_workbook
from ui import state
from ui.controls import publish, sidebar_options
from ui.data import bundled_dataset
from ui.manual_table import read_by_hand
from ui.problems import show_problem
from ui.publishing import publish_section
from ui.text import md_escape
from ui.upload_views import file_controls, mapping_editor, name_fixes, report_and_preview, summary
from ui.uploads import clear_uploads, data_banner, keep_new_uploads, read_or_problem, settings_for, stored_files

options = sidebar_options("upload")
publish(options)
register = bundled_dataset().register
council_labels = dict(
    zip(register["council_id"], register["name"] + " (" + register["class"] + ", " + register["council_id"] + ")")
)

st.title("Upload your spreadsheets")
data_banner()
st.markdown(
    "Scheme registers and spending tables as you have them: **.xlsx, .xls, .ods or .csv** (UTF-8, UTF-16 or "
    "Windows Excel CSV; commas, semicolons or tabs), several at once. Title rows, two-row headers, `£000` units, "
    "money written as `£40m` or `£750k`, totals rows, footnotes and council names spelt your way are handled; "
    "every row is reported as used, used with a warning, rejected or skipped. If a table is not found or is read "
    "wrongly, choose its header row and columns yourself."
)
st.download_button(
    "Download the template workbook",
    template_workbook(),
    file_name="shared-savings-template.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
st.file_uploader(
    "Your files",
    type=["xlsx", "xlsm", "xls", "ods", "csv"],
    accept_multiple_files=True,
    key=state.key(f"upload.files.{state.get('upload.generation', 0)}"),
    on_change=keep_new_uploads,
)

results = []
for fid, (name, data) in stored_files().items():
    settings = settings_for(fid)
    with st.container(border=True):
        head, remove = st.columns([5, 1])
        head.subheader(md_escape(name))
        if remove.button("Remove", key=state.key(f"upload.remove.{fid}")):
            clear_uploads(only=fid)
            st.rerun()
        with st.spinner(f"Reading {name}…"):
            result = read_or_problem(data, name, settings)
        if isinstance(result, InputProblem):
            show_problem(result)
            file_controls(fid, None, settings)
            read_by_hand(fid, name, data, settings, None)
            continue
        results.append(result)
        file_controls(fid, result, settings)
        summary(result)
        with st.expander("Columns: how each was read (change any of them)", expanded=False):
            mapping_editor(fid, result, settings)
        read_by_hand(fid, name, data, settings, result)
        name_fixes(fid, result, settings, council_labels)
        report_and_preview(fid, result)
state.put("upload.results", results)

st.subheader("Use your data")
if not results:
    st.caption("Nothing read yet: every page shows the bundled data.")
else:
    c1, c2, c3 = st.columns(3)
    state.put("upload.use", c1.toggle("Use my data on every page", value=state.get("upload.use", True)))
    modes = ["add", "replace"]
    state.put(
        "upload.mode",
        c2.radio(
            "Your schemes are",
            modes,
            index=modes.index(state.get("upload.mode", "add")),
            format_func={
                "add": "Added to the bundled register",
                "replace": "Replacing the bundled register",
            }.__getitem__,
        ),
    )
    c3.download_button(
        "Download all reports (CSV)",
        to_csv_bytes(combined_report(results)),
        file_name="upload-report.csv",
        mime="text/csv",
    )
    st.caption(
        "Uploaded spending replaces the bundled figure for the same council, year, measure and budget or "
        "outturn. Your data stays in this browser session only."
    )
    if st.button("Clear my data", type="secondary"):
        clear_uploads()
        st.rerun()

publish_section()
