"""Chart builders return complete Plotly figures."""

from __future__ import annotations

from analysis.arithmetic.assessment import Options, assess
from analysis.arithmetic.savings import budget_lookup, council_shares
from analysis.outputs.charts import (
    council_spending_chart,
    coverage_chart,
    headline_readings_chart,
    lga_timeline_chart,
    national_spending_chart,
    peer_shares_chart,
    scheme_shares_chart,
)


def _has_source(fig):
    return any(a.text.startswith("Source:") for a in fig.layout.annotations)


def test_every_chart_has_title_subtitle_and_source(dataset):
    a = assess(dataset, Options())
    peers = council_shares(
        a.apportioned, budget_lookup(dataset.spending, "revenue_expenditure"), "2016-17", dataset.register
    )
    figs = [
        lga_timeline_chart(dataset.lga_timeline),
        headline_readings_chart(a.readings, a.denominator.label),
        national_spending_chart(dataset.national, ["revenue_expenditure"], False),
        scheme_shares_chart(a.schemes, a.baseline_share, "revenue_expenditure"),
        council_spending_chart(dataset.spending[dataset.spending["council_id"] == "CHR"], "Cherwell"),
        peer_shares_chart(peers[peers["class"] == "SD"], "CHR", a.baseline_share, "t", "s"),
        coverage_chart(a.coverage),
    ]
    for fig in figs:
        assert "<sup>" in fig.layout.title.text
        assert _has_source(fig)
        assert len(fig.data) >= 1


def test_timeline_keeps_cumulative_and_annual_apart(dataset):
    fig = lga_timeline_chart(dataset.lga_timeline)
    names = [t.name for t in fig.data]
    assert names == ["Cumulative total to date", "Annual figure (per year)"]
    assert fig.data[0].marker.symbol != fig.data[1].marker.symbol


def test_budget_years_are_drawn_apart_from_outturn(dataset):
    fig = national_spending_chart(dataset.national, ["revenue_expenditure"], False)
    budget = next(t for t in fig.data if "budget" in t.name)
    assert list(budget.x) == ["2016-17"]
    assert round(budget.y[0], 3) == 94.134


def test_peer_chart_highlights_the_council(dataset):
    a = assess(dataset, Options())
    peers = council_shares(
        a.apportioned, budget_lookup(dataset.spending, "revenue_expenditure"), "2016-17", dataset.register
    )
    fig = peer_shares_chart(peers[peers["class"] == "SD"], "CHR", a.baseline_share, "t", "s")
    colours = list(fig.data[0].marker.color)
    assert colours.count("#D55E00") == 1


def test_many_schemes_are_shown_as_a_distribution(dataset):
    import pandas as pd

    a = assess(dataset, Options(include_projected=True))
    many = pd.concat([a.schemes] * 3, ignore_index=True)
    fig = scheme_shares_chart(many, a.baseline_share, "revenue_expenditure")
    assert {t.type for t in fig.data} == {"histogram"}
    assert "schemes:" in fig.layout.title.text
    few = scheme_shares_chart(a.schemes.head(10), a.baseline_share, "revenue_expenditure")
    assert {t.type for t in few.data} == {"bar"}


def test_text_from_data_is_never_chart_html(dataset):
    """Plotly draws tick labels and titles as a small HTML: a published scheme's name or a claim's label must
    stay text (no live link, no bold) for everyone who opens the chart."""
    import json

    from analysis.arithmetic.claims import Claim, check_claim
    from analysis.outputs.charts import claim_waterfall_chart

    hostile = '<a href="https://ev.il">Details</a> <b>x</b>'
    a = assess(dataset, Options("revenue_expenditure", False, "budget"))
    schemes = a.schemes.dropna(subset=["share"]).head(3).assign(scheme_name=hostile)
    spec = json.loads(scheme_shares_chart(schemes, a.baseline_share, "revenue_expenditure").to_json())
    labels = [str(y) for trace in spec["data"] for y in trace.get("y", [])]
    assert labels and all("<a" not in y and "&lt;a href" in y for y in labels)
    steps = check_claim(Claim(("ADU", "WOT"), 1e6), dataset, a.baseline_share, a.baseline_share).steps
    title = json.loads(claim_waterfall_chart(steps, hostile).to_json())["layout"]["title"]["text"]
    assert "<a href" not in title and "&lt;a href" in title
