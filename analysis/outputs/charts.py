"""Plotly figure builders. Each takes tables and returns a go.Figure; nothing is drawn here.

Every chart carries a title, a subtitle saying measure, year and basis, and a source line.
Colours are Okabe-Ito (colour-blind safe).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.outputs.formatting import format_gbp, format_share, plotly_text
from analysis.spending.extract import spending_source
from analysis.vocabulary import MEASURES, SERVICE_MEASURES, measure_label, year_start

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY, YELLOW, BLACK = OKABE_ITO
GREY = "#8C8C8C"


def _finish(fig: go.Figure, title: str, subtitle: str, source: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": f"{title}<br><sup>{subtitle}</sup>", "x": 0, "xanchor": "left"},
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": 80, "b": 90},
        legend={"orientation": "v", "y": 1, "x": 1.02, "yanchor": "top"},
        font={"family": "Arial, sans-serif", "size": 13},
    )
    fig.add_annotation(
        text=f"Source: {source}",
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-75,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font={"size": 10, "color": "#555"},
    )
    return fig


def _baseline(fig: go.Figure, baseline_share: float) -> None:
    """The LGA's £0.5bn of £94bn as quoted, as a dashed vertical line on a % axis."""
    fig.add_vline(
        x=baseline_share * 100,
        line_dash="dash",
        line_color=VERMILION,
        annotation_text=f"LGA as quoted: {format_share(baseline_share)}",
        annotation_position="top",
    )


def lga_timeline_chart(timeline: pd.DataFrame) -> go.Figure:
    """The LGA's announced totals: cumulative (line) and annual (diamonds) kept visibly apart."""
    fig = go.Figure()
    cum = timeline[(timeline["basis"] == "cumulative") & timeline["savings_gbp"].notna()]
    ann = timeline[(timeline["basis"] == "annual") & timeline["savings_gbp"].notna()]
    fig.add_trace(
        go.Scatter(
            x=cum["decimal_year"],
            y=cum["savings_gbp"] / 1e6,
            mode="lines+markers",
            name="Cumulative total to date",
            line={"color": BLUE, "width": 3},
            customdata=cum[["date", "source_quote"]],
            hovertemplate="%{customdata[0]}: £%{y:.0f}m cumulative<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=ann["decimal_year"],
            y=ann["savings_gbp"] / 1e6,
            mode="markers",
            name="Annual figure (per year)",
            marker={"symbol": "diamond", "size": 14, "color": ORANGE},
            customdata=ann[["date", "source_quote"]],
            hovertemplate="%{customdata[0]}: £%{y:.0f}m a year<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.add_annotation(
        x=2016.42,
        y=500,
        text="June 2016: 'more than half a billion'<br>(cumulative, not a year)",
        showarrow=True,
        arrowhead=2,
        ax=-90,
        ay=-50,
    )
    fig.update_yaxes(title="£ million", rangemode="tozero")
    fig.update_xaxes(title="Date announced", dtick=1)
    return _finish(
        fig,
        "The LGA's £0.5bn is a running total, not a yearly saving",
        "LGA national shared-service savings as announced, £m, nominal; 2010 and 2019 annual figures shown as diamonds",
        "LGA announcements as reported (data/schemes/lga_timeline.csv); 2010 figure is projected",
    )


def headline_readings_chart(readings: pd.DataFrame, denominator_label: str) -> go.Figure:
    """Each reading of the £0.5bn as a share of spending, the as-quoted one highlighted."""
    colours = [
        VERMILION if k == "as quoted" else (ORANGE if k == "reported annual" else BLUE) for k in readings["kind"]
    ]
    fig = go.Figure(
        go.Bar(
            x=readings["share"] * 100,
            y=readings["reading"],
            orientation="h",
            marker_color=colours,
            text=[
                f"{format_share(s)} ({format_gbp(a)} a year)" for s, a in zip(readings["share"], readings["annual_gbp"])
            ],
            textposition="auto",
            hovertemplate="%{y}<br>%{x:.2f}% of spending<extra></extra>",
        )
    )
    fig.update_xaxes(title=f"% of {denominator_label}", rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    quoted, spread = readings["share"].iloc[0], readings["share"].iloc[1]
    return _finish(
        fig,
        f"Read as the cumulative total it is, the LGA figure is {format_share(spread)} of spending,"
        f" not {format_share(quoted)}",
        f"Annual shared-service savings as a share of {denominator_label}; derived readings marked in blue",
        "LGA announcements; DCLG Revenue Account budget 2016-17 / Revenue Outturn (OGL v3)",
        height=380,
    )


def national_spending_chart(national: pd.DataFrame, measures: list[str], principal_only: bool) -> go.Figure:
    """National totals by year for the chosen measures. Budget years are open circles; years from
    the multi-year extract are open diamonds in a shaded band; a year without the measure is a gap
    in its line, never a bridge and never another measure."""
    col = "principal_councils_gbp" if principal_only else "all_authorities_gbp"
    source = national["source"] if "source" in national else pd.Series("workbook", index=national.index)
    outturn_years = sorted(national.loc[national["stage"] == "outturn", "year"].unique())
    extract_years = sorted(national.loc[(source == "extract") & (national["stage"] == "outturn"), "year"].unique())
    fig = go.Figure()
    lacking: list[str] = []
    for k, m in enumerate(measures):
        colour = OKABE_ITO[k % len(OKABE_ITO)]
        rows = national[national["measure"] == m].assign(source=source).sort_values("year")
        out = rows[rows["stage"] == "outturn"].set_index("year").reindex(outturn_years)
        bud = rows[rows["stage"] == "budget"]
        if out[col].isna().any():
            lacking.append(f"{measure_label(m).lower()}: none for {_year_span(out.index[out[col].isna()].tolist())}")
        from_extract = out["source"] == "extract"
        fig.add_trace(
            go.Scatter(
                x=out.index,
                y=out[col] / 1e9,
                mode="lines+markers",
                name=f"{measure_label(m)} (outturn)",
                line={"color": colour},
                connectgaps=False,
                marker={
                    "symbol": ["diamond-open" if e else "circle" for e in from_extract],
                    "size": [11 if e else 7 for e in from_extract],
                    "color": colour,
                    "line": {"width": 2, "color": colour},
                },
                customdata=["multi-year data set (extract)" if e else "RS workbook" for e in from_extract],
                hovertemplate="%{x}: £%{y:.1f}bn (%{customdata})<extra></extra>",
            )
        )
        if len(bud):
            fig.add_trace(
                go.Scatter(
                    x=bud["year"],
                    y=bud[col] / 1e9,
                    mode="markers",
                    name=f"{measure_label(m)} (budget)",
                    marker={"symbol": "circle-open", "size": 12, "color": colour, "line": {"width": 2}},
                    hovertemplate="%{x} budget: £%{y:.1f}bn<extra></extra>",
                )
            )
    if extract_years:
        first, last = outturn_years.index(extract_years[0]), outturn_years.index(extract_years[-1])
        fig.add_vrect(x0=first - 0.5, x1=last + 0.5, fillcolor=GREY, opacity=0.12, line_width=0, layer="below")
        fig.add_annotation(
            x=(first + last) / 2,
            y=0.02,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text="◇ multi-year data set<br>(extract); ● workbooks",
            font={"size": 12},
        )
    fig.update_yaxes(title="£ billion, nominal", rangemode="tozero")
    fig.update_xaxes(title="Financial year", type="category", categoryorder="array", categoryarray=outturn_years)
    who = (
        "principal councils (class O bodies excluded)" if principal_only else "all authorities incl. police, fire, GLA"
    )
    gaps = f"<br>A gap where a year lacks the measure ({'; '.join(lacking)})" if lacking else ""
    return _finish(
        fig,
        "English local authority spending by year",
        f"Sum over {who}; £bn, nominal{gaps}",
        "DCLG/MHCLG Revenue Outturn Summary (RS) and Revenue Account budget (RA);<br>2018-19 to 2022-23: "
        "MHCLG revenue outturn multi-year data set, third-party extract. OGL v3",
    )


def _year_span(years: list[str]) -> str:
    """'2018-19 to 2022-23' for consecutive years, else the list."""
    if len(years) > 1 and year_start(years[-1]) - year_start(years[0]) == len(years) - 1:
        return f"{years[0]} to {years[-1]}"
    return ", ".join(years)


MAX_BARS = 60  # beyond this a bar per scheme is unreadable: show the distribution instead


def scheme_shares_chart(schemes: pd.DataFrame, baseline_share: float, measure: str) -> go.Figure:
    """Each scheme's annual equivalent as a share of its partners' combined budget (a bar each),
    or their distribution when there are more than MAX_BARS schemes."""
    rows = schemes.dropna(subset=["share"]).sort_values("share")
    median = rows["share"].median() if len(rows) else float("nan")
    title = f"The median scheme shown saves {format_share(median)} of its partners' budgets"
    source = "Scheme register (sources per scheme); DCLG/MHCLG RS outturn, OGL v3"
    measure_text = measure_label(measure).lower()
    if len(rows) > MAX_BARS:
        fig = go.Figure()
        for name, mask, bar_colour in (
            ("achieved", ~rows["projected"].astype(bool), BLUE),
            ("projected", rows["projected"].astype(bool), GREY),
        ):
            if mask.any():
                fig.add_trace(
                    go.Histogram(
                        x=rows.loc[mask, "share"] * 100,
                        name=name,
                        marker_color=bar_colour,
                        nbinsx=60,
                        hovertemplate="%{x}%: %{y} schemes<extra></extra>",
                    )
                )
        fig.update_layout(barmode="stack")
        _baseline(fig, baseline_share)
        fig.update_xaxes(title=f"% of partners' combined {measure_text}")
        fig.update_yaxes(title="Schemes")
        return _finish(
            fig,
            title,
            f"{len(rows):,} schemes: annual-equivalent saving / partners' {measure_text} "
            "(outturn, year nearest the report)",
            source,
        )
    colour = [GREY if p else (BLUE if not d else SKY) for p, d in zip(rows["projected"], rows["derived"])]
    label = [
        "projected" if p else ("derived from cumulative" if d else "annual, reported")
        for p, d in zip(rows["projected"], rows["derived"])
    ]
    fig = go.Figure(
        go.Bar(
            x=rows["share"] * 100,
            y=rows["scheme_name"].map(plotly_text),
            orientation="h",
            marker_color=colour,
            customdata=list(zip(label, rows["spending_year"], [format_gbp(v) for v in rows["annual_gbp"]])),
            hovertemplate="%{y}<br>%{x:.2f}% of partners' budget<br>%{customdata[2]} a year, %{customdata[0]}"
            "<br>spending year %{customdata[1]}<extra></extra>",
        )
    )
    _baseline(fig, baseline_share)
    fig.update_xaxes(title=f"% of partners' combined {measure_text}")
    return _finish(
        fig,
        title,
        f"Annual-equivalent saving / partners' {measure_text} (outturn, year nearest the "
        "report); dark blue reported annual, light blue derived, grey projected",
        source,
        height=max(420, 22 * len(rows) + 160),
    )


def council_spending_chart(spending: pd.DataFrame, council_name: str) -> go.Figure:
    """One council's net current expenditure by service and year (stacked), outturn only."""
    rows = spending[(spending["measure"].isin(SERVICE_MEASURES)) & (spending["stage"] == "outturn")]
    fig = go.Figure()
    for k, m in enumerate(SERVICE_MEASURES):
        r = rows[rows["measure"] == m].sort_values("year")
        if r["value_gbp"].fillna(0).abs().sum() == 0:
            continue
        fig.add_trace(
            go.Bar(
                x=r["year"],
                y=r["value_gbp"] / 1e6,
                name=MEASURES[m][0],
                marker_color=OKABE_ITO[k % len(OKABE_ITO)] if k < 8 else None,
                hovertemplate=f"{MEASURES[m][0]}<br>%{{x}}: £%{{y:.1f}}m<extra></extra>",
            )
        )
    fig.update_layout(barmode="relative")
    fig.update_yaxes(title="£ million, nominal")
    fig.update_xaxes(title="Financial year", type="category", categoryorder="category ascending")
    return _finish(
        fig,
        f"{council_name}: spending by service",
        "Net current expenditure by service, outturn, £m nominal; 2018-19 to 2022-23 from the multi-year data set; "
        "a missing year has no return",
        spending_source(rows["source_file"]),
        height=460,
    )


def peer_shares_chart(
    peers: pd.DataFrame, council_id: str, baseline_share: float, title: str, subtitle: str
) -> go.Figure:
    """Councils of one class with recorded savings, as a share of budget; one highlighted."""
    rows = peers[peers["annual_savings_gbp"] > 0].dropna(subset=["share"]).sort_values("share")
    colour = [VERMILION if c == council_id else BLUE for c in rows["council_id"]]
    fig = go.Figure(
        go.Bar(
            x=rows["share"] * 100,
            y=rows["name"],
            orientation="h",
            marker_color=colour,
            hovertemplate="%{y}: %{x:.2f}% of budget<extra></extra>",
        )
    )
    _baseline(fig, baseline_share)
    fig.update_xaxes(title="% of own budget")
    return _finish(
        fig, title, subtitle, "Scheme register; DCLG/MHCLG RS outturn, OGL v3", height=max(360, 22 * len(rows) + 160)
    )


def coverage_chart(coverage: pd.DataFrame) -> go.Figure:
    """How many schemes have a usable annual figure, and why the others do not."""
    fig = go.Figure(
        go.Bar(
            x=coverage["schemes"],
            y=coverage["evidence"],
            orientation="h",
            marker_color=BLUE,
            text=coverage["schemes"],
            textposition="auto",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Schemes in the register")
    return _finish(
        fig,
        "Few schemes publish an achieved annual saving",
        "Rows of the scheme register by the kind of savings evidence they carry",
        "Scheme register (data/schemes/schemes.csv)",
        height=340,
    )


def claim_waterfall_chart(steps: pd.DataFrame, label: str) -> go.Figure:
    """From the claim to a defensible annual saving, one bar per step."""
    measures = ["absolute"] + ["relative"] * (len(steps) - 1) + ["total"]
    x = [*steps["step"], "Defensible annual saving"]
    y = [*(steps["change_gbp"] / 1e6), 0]
    fig = go.Figure(
        go.Waterfall(
            x=x,
            y=y,
            measure=measures,
            connector={"line": {"color": GREY}},
            increasing={"marker": {"color": BLUE}},
            decreasing={"marker": {"color": VERMILION}},
            totals={"marker": {"color": BLUE}},
            text=[format_gbp(v * 1e6) for v in y[:-1]] + [format_gbp(float(steps["running_gbp"].iat[-1]))],
            textposition="outside",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(title="£ million a year", rangemode="tozero")
    final = float(steps["running_gbp"].iat[-1])
    return _finish(
        fig,
        f"From the claim to a defensible {format_gbp(final)} a year",
        f"{plotly_text(label)}: each step takes off what is not an achieved, recurring saving counted once; nominal £",
        "the claim as entered; arithmetic in Methodology",
        height=440,
    )


VIRIDIS_BINS = ["#440154", "#414487", "#2A788E", "#22A884", "#7AD151", "#FDE725"]  # colour-blind safe


def _rings(geometry: dict) -> list[list[list[float]]]:
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for poly in polys for ring in poly[:1]]  # outer rings; holes are too small to matter here


def _path(rings: list) -> tuple[np.ndarray, np.ndarray]:
    """x and y of the rings one after another, a gap (NaN, drawn as a break) after each: 32-bit float
    arrays (a metre or so at England's longitudes), which Plotly sends packed, not as a list of numbers."""
    parts = []
    for ring in rings:
        points = np.asarray(ring, dtype=np.float64).reshape(-1, 2)
        parts += [points, _GAP]
    joined = np.concatenate(parts) if parts else np.empty((0, 2))
    return joined[:, 0].astype(np.float32), joined[:, 1].astype(np.float32)


_GAP = np.array([[np.nan, np.nan]])


NEUTRALS = ["#D9D9D9", "#F2F2F2", "#BDBDBD"]  # classes without a value: greys, off the colour scale


def _scale(n: int) -> list[str]:
    """n colours spread along the viridis bins, dark to light."""
    if n <= 1:
        return VIRIDIS_BINS[2:3]
    return [VIRIDIS_BINS[round(i * (len(VIRIDIS_BINS) - 1) / (n - 1))] for i in range(n)]


def map_chart(view, highlight: str | None = None) -> go.Figure:
    """England drawn from the boundary polygons on plain axes (no map service needed), one trace per
    legend class (the view's quantile classes on a colour-blind-safe scale, then neutral greys for
    councils without a value); a point per council carries the hover text and takes clicks."""
    table = view.table.set_index("areacd")
    features = {f["properties"]["areacd"]: f["geometry"] for f in view.geojson["features"]}
    fig = go.Figure()
    valued = [c for c in view.classes if c.has_value]
    colours = dict(zip((c.label for c in valued), _scale(len(valued))))
    neutral = iter(NEUTRALS)
    for cls in view.classes:
        codes = [c for c in cls.areacds if c in features]
        if not codes:
            continue
        xs, ys = _path([r for c in codes for r in _rings(features[c])])
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=colours.get(cls.label) or next(neutral, NEUTRALS[-1]),
                name=cls.label,
                line={"color": "white" if cls.has_value else "#9E9E9E", "width": 0.4},
                hoverinfo="skip",
            )
        )
    centres = view.geojson.get("centres") or {  # prepared boundaries bring them, from the full outlines
        c: (sum(p[0] for p in r) / len(r), sum(p[1] for p in r) / len(r))
        for c, g in features.items()
        for r in [max(_rings(g), key=len)]
    }
    codes = list(centres)
    names, texts, counts = (table[k].to_dict() for k in ("name", "value_text", "n_schemes"))
    fig.add_trace(
        go.Scatter(
            x=[centres[c][0] for c in codes],
            y=[centres[c][1] for c in codes],
            mode="markers",
            name="councils",
            marker={"size": 7, "color": "rgba(0,0,0,0.15)"},
            showlegend=False,
            customdata=[[c, names.get(c, c), texts.get(c, "—"), int(counts.get(c, 0))] for c in codes],
            hovertemplate="%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]} scheme(s) in the register"
            "<extra></extra>",
        )
    )
    if highlight in features:
        xs, ys = _path(_rings(features[highlight]))
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": VERMILION, "width": 2.5},
                name=str(table["name"].get(highlight, highlight)),
                hoverinfo="skip",
            )
        )
    fig.update_xaxes(visible=False, scaleanchor="y", scaleratio=0.62)  # cos(52 degrees): degrees of longitude
    fig.update_yaxes(visible=False)
    fig.update_layout(
        legend={"title": {"text": f"{view.colour_label} (councils)"}, "orientation": "v", "x": 1.0, "y": 1},
        dragmode="pan",
        clickmode="event+select",
    )
    return _finish(
        fig,
        view.title,
        view.subtitle,
        "ONS boundaries (ONSvisual topo.json); DCLG/MHCLG RS outturn; scheme register; ONS population",
        height=760,
    )
