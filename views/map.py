"""Map: England by council, coloured by savings share, evidence coverage or spending per resident."""

import streamlit as st

from analysis.arithmetic.assessment import Options
from analysis.councils.population import read_mid_2014
from analysis.outputs.charts import map_chart
from analysis.outputs.map import COLOURS, LEVELS, MapView, map_view
from ui.chart_block import chart
from ui.controls import publish, sidebar_options
from ui.data import bundled_boundaries, data_dir
from ui.uploads import active_data_key, current_assessment, current_dataset, data_banner
from ui.url_state import choice, forget_widget, remember, synced


@st.cache_resource(max_entries=2, show_spinner=False)
def _population(folder: str) -> object:
    from pathlib import Path

    return read_mid_2014(Path(folder) / "population")


@st.cache_data(max_entries=16, show_spinner=False)
def _view(
    key: str, measure: str, projected: bool, method: str, year: str, level: str, colour: str
) -> tuple[MapView, object]:
    """One map and its figure, cached on the data in use (key) and every choice that changes them."""
    options = Options(measure, projected, method)
    boundaries, mid_2014 = bundled_boundaries(), _population(str(data_dir()))
    view = map_view(current_dataset(), current_assessment(options), boundaries, mid_2014, year, level, colour)
    return view, map_chart(view)


dataset = current_dataset()
years = sorted(set(dataset.spending.loc[dataset.spending["stage"] == "outturn", "year"]))
options = sidebar_options(
    "map",
    {
        "mapyear": ("map_year", choice(years)),
        "level": ("map_level", choice(list(LEVELS))),
        "colour": ("map_colour", choice(list(COLOURS))),
    },
)

st.title("Map of England")
data_banner()
c1, c2, c3 = st.columns([2, 1, 1])
default_year = "2016-17" if "2016-17" in years else years[-1]
year = synced(c1.select_slider, "map_year", "Year (outturn; boundaries of that year)", years, default=default_year)
level = synced(
    c2.radio,
    "map_level",
    "Councils",
    list(LEVELS),
    default="districts",
    format_func={"districts": "Districts and unitaries", "counties": "Counties and unitaries"}.get,
)
colour = synced(c3.radio, "map_colour", "Colour by", list(COLOURS), default="share", format_func=COLOURS.get)

view, figure = _view(active_data_key(), options.measure, options.include_projected, options.method, year, level, colour)
if view.measure_note:
    st.info(view.measure_note)
if view.unjoined:
    st.warning("Councils with spending this year but no boundary on the map: " + "; ".join(view.unjoined))
st.caption("Click a council to open its page. Hover for the figures.")
event = chart(figure, view.table.drop(columns=["value"]), f"{view.title} {year}", "map", selectable=True)
publish(
    options,
    {
        "mapyear": year,
        "level": None if level == "districts" else level,
        "colour": None if colour == "share" else colour,
    },
)
points = getattr(getattr(event, "selection", None), "points", None) or []
code = next((p["customdata"][0] for p in points if p.get("customdata")), None)
if code:
    remember("council", dataset.index.codes.get(code))
    forget_widget("council", "councils")
    st.switch_page("views/councils.py", query_params={"council": code})
