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
from ui.url_state import choice, keep, prepare, remember, wkey


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
years = sorted(set(dataset.spending.loc[dataset.spending["status"] == "outturn", "year"]))
options = sidebar_options(
    "map",
    {
        "mapyear": ("map_year", choice(years)),
        "level": ("map_level", choice(list(LEVELS))),
        "colour": ("map_colour", choice(list(COLOURS))),
    },
)
prepare({"map_year": "2016-17" if "2016-17" in years else years[-1], "map_level": "districts", "map_colour": "share"})

st.title("Map of England")
data_banner()
c1, c2, c3 = st.columns([2, 1, 1])
year = c1.select_slider(
    "Year (outturn; boundaries of that year)", years, key=wkey("map_year"), on_change=keep("map_year")
)
level = c2.radio(
    "Councils",
    list(LEVELS),
    key=wkey("map_level"),
    on_change=keep("map_level"),
    format_func={"districts": "Districts and unitaries", "counties": "Counties and unitaries"}.get,
)
colour = c3.radio(
    "Colour by", list(COLOURS), format_func=COLOURS.get, key=wkey("map_colour"), on_change=keep("map_colour")
)
for name, value in (("map_year", year), ("map_level", level), ("map_colour", colour)):
    remember(name, value)

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
    st.session_state.pop(wkey("council").replace(".map.", ".councils."), None)
    st.switch_page("views/councils.py", query_params={"council": code})
