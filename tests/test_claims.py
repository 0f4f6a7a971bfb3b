"""Checking a claim: cases worked through the README's formulas from the bundled workbooks' own rows
(read in tests/source_figures.py, not by the app's readers) and the register's CSV, and properties."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.arithmetic.claims import Claim, annual_equivalent_of, check_claim, defensible_steps, rating, red_flags
from analysis.arithmetic.scenarios import scale_up, tri_borough_claims
from analysis.outputs.briefing import briefing_html, briefing_tables
from analysis.spending.prices import read_deflators, to_real_terms
from tests.source_figures import (
    DATA,
    ECODES,
    authority_rows,
    council_figure,
    national_figure,
    partners_figure,
    scheme_row,
)

# the headline as quoted: £0.5bn over revenue expenditure in the 2016-17 budget (the RA workbook's rows)
BASELINE = 0.5e9 / national_figure("2016-17", "revenue_expenditure", "budget")
# partners' revenue expenditure, outturn, straight from the RS workbooks' rows
CHR_SNO_2016 = partners_figure(("CHR", "SNO"), "2016-17")
ADU_WOT_2017 = partners_figure(("ADU", "WOT"), "2017-18")
TRI_2012 = partners_figure(("HMF", "KEC", "WSM"), "2012-13")


@pytest.mark.parametrize("year", ["2011-12", "2012-13", "2016-17", "2017-18"])
def test_the_source_rows_are_the_councils_meant(dataset, year):
    """The E-codes the tests read are the councils' own rows, and the app read the same figures."""
    register = dataset.register.set_index("council_id")
    sp = dataset.spending
    read = sp[(sp["year"] == year) & (sp["stage"] == "outturn") & (sp["measure"] == "revenue_expenditure")]
    read = read.set_index("council_id")["value_gbp"]
    for council_id, (ecode, name) in ECODES.items():
        (row,) = [r for r in authority_rows(year) if r["ecode"] == ecode]
        assert name in row["name"] and register.at[council_id, "ecode"] == ecode
        assert read[council_id] == pytest.approx(row["revenue_expenditure"])
    assert pytest.approx(0.5 / 94.134, rel=1e-5) == BASELINE  # the README's £94.134bn


def test_tri_borough_projected_claim(dataset):
    claim = Claim(
        ("HMF", "KEC", "WSM"), 40e6, "annual", projected=True, year_reported=2012, years_running=1, ended=True
    )
    check = check_claim(claim, dataset, BASELINE, BASELINE)
    assert check.spending_year == "2012-13"
    assert check.combined_share == pytest.approx(40e6 / TRI_2012)
    assert check.times_baseline == pytest.approx(40e6 / TRI_2012 / BASELINE)
    assert check.defensible_gbp == 0  # a target, not an achievement
    assert check.rating == "red" and "Projected only" in [f.name for f in check.flags]


def test_cumulative_claim(dataset):
    claim = Claim(("ADU", "WOT"), 17e6, "cumulative", years_running=9, year_reported=2017)
    check = check_claim(claim, dataset, BASELINE, BASELINE)
    assert check.annual_gbp == pytest.approx(17e6 / 9)
    assert check.combined_share == pytest.approx(17e6 / 9 / ADU_WOT_2017)
    assert check.defensible_gbp == pytest.approx(17e6 / 9)


def test_claim_called_annual_that_is_probably_cumulative(dataset):
    check = check_claim(Claim(("CHR", "SNO"), 2.3e6, "annual", year_reported=2016), dataset, BASELINE, 0.01)
    assert check.combined_share == pytest.approx(2.3e6 / CHR_SNO_2016)  # 5.4%, over the 5% line
    assert check.flags[0].name == "Probably cumulative, though called annual"
    assert check.gbp_to_target == 0.0  # already above 1%


def test_claim_with_implementation_costs(dataset):
    claim = Claim(
        ("CHR", "SNO"),
        1e6,
        "annual",
        years_running=4,
        year_reported=2016,
        implementation_cost_gbp=1.2e6,
        external_funding_gbp=0.4e6,
        gross_or_net="gross",
    )
    check = check_claim(claim, dataset, BASELINE, BASELINE)
    costs = 1.2e6 + 0.4e6  # implementation costs and external funding
    assert check.costs_gbp == costs
    assert check.payback_years == pytest.approx(costs / 1e6)  # costs ÷ annual saving
    assert check.net_gbp == pytest.approx(4 * 1e6 - costs)  # years running × annual − costs
    assert check.defensible_gbp == pytest.approx(1e6 - costs / 4)
    assert check.gbp_to_target == pytest.approx(BASELINE * CHR_SNO_2016 - 1e6 if BASELINE * CHR_SNO_2016 > 1e6 else 0)


def test_claim_reported_by_every_partner_is_counted_once(dataset):
    claim = Claim(("ADU", "WOT"), 1e6, "annual", year_reported=2017, reported_by_each_partner=True)
    steps = defensible_steps(claim)
    assert steps["running_gbp"].iat[0] == 2e6 and steps["running_gbp"].iat[-1] == 1e6
    check = check_claim(claim, dataset, BASELINE, BASELINE)
    assert "The same saving claimed by each partner" in [f.name for f in check.flags]


def test_one_off_is_never_annual():
    assert annual_equivalent_of(Claim(("ADU",), 5e5, "one-off")) == (0.0, 5e5)
    assert defensible_steps(Claim(("ADU",), 5e5, "one-off"))["running_gbp"].iat[-1] == 0


def test_every_measure_side_by_side(dataset):
    check = check_claim(Claim(("CHR", "SNO"), 1e6, "annual", year_reported=2016), dataset, BASELINE, BASELINE)
    combined = check.shares[check.shares["council_id"] == "all"].set_index("measure")
    assert len(combined) == 5
    assert combined.loc["net_revenue_expenditure", "share"] > combined.loc["revenue_expenditure", "share"]
    parts = check.shares[(check.shares["measure"] == "revenue_expenditure") & (check.shares["council_id"] != "all")]
    assert parts["part_gbp"].sum() == pytest.approx(1e6)


def test_register_scheme_with_disagreeing_figures(dataset):
    from analysis.arithmetic.assessment import Options, assess
    from analysis.arithmetic.claims import claim_from_scheme

    a = assess(dataset, Options())
    source = scheme_row("Adur-Worthing partnership")
    second = scheme_row("Adur-Worthing partnership (2011/12)")  # its second figure, marked "do not sum"
    assert "2007-2017" in source["savings_period"] and "do not sum" in second["notes"]
    row = a.schemes[a.schemes["scheme_name"] == "Adur-Worthing partnership"].iloc[0]
    claim = claim_from_scheme(row, a.schemes)
    # 2007-2017, "£17 million in ten years": the period its source states, not year reported − start year
    assert claim.basis == source["savings_basis"] and claim.amount_gbp == float(source["savings_gbp"])
    assert claim.years_running == 2017 - 2007 != int(source["year_reported"]) - int(source["start_year"])
    assert claim.has_source and bool(source["source_url"])
    assert "the period its source states" in claim.years_note
    assert any(f"{float(second['savings_gbp']):,.0f}" in f for f in claim.other_figures)
    check = check_claim(claim, dataset, BASELINE, BASELINE)
    assert check.annual_gbp == pytest.approx(float(source["savings_gbp"]) / (2017 - 2007))
    steps = check.steps
    assert "period its source states" in steps["explanation"].iat[1]


def test_a_claim_whose_costs_are_unknown_never_shows_zero_costs(dataset):
    from analysis.arithmetic.assessment import Options, assess
    from analysis.arithmetic.claims import claim_from_scheme

    a = assess(dataset, Options())
    row = a.schemes[a.schemes["scheme_name"] == "Adur-Worthing partnership"].iloc[0]
    check = check_claim(claim_from_scheme(row, a.schemes), dataset, BASELINE, BASELINE)
    assert check.claim.implementation_cost_gbp is None and check.costs_gbp is None
    assert check.payback_years is None and check.net_gbp is None
    assert check.short_missing("costs") == "not stated"
    assert check.short_missing("payback") == "not computed"
    assert "implementation costs" in check.missing["payback"] and "not stated" in check.missing["payback"]
    assert "implementation costs" in check.caveats["defensible"]
    figures = briefing_tables(check, {}).get("Figures").set_index("item")["value"]
    for item in (
        "Implementation costs (£)",
        "Costs in total (£)",
        "Payback (years)",
        "Net saving over the years running (£, nominal)",
    ):
        assert figures[item].startswith(("not stated", "cannot be computed")), (item, figures[item])
        assert figures[item] not in ("0", "0.0")
    page = briefing_html(check, {})
    assert "<td>Costs in total (£)</td><td>not stated" in page and "<td>0</td>" not in page


@pytest.mark.parametrize(
    ("cost", "funding", "costs", "payback", "missing"),
    [
        (None, None, None, None, "payback"),
        (1.2e6, None, None, None, "payback"),  # half the costs stated is still not the costs
        (None, 4e5, None, None, "payback"),
        (0.0, 0.0, 0.0, None, "payback"),  # stated as £0: nothing to pay back, said so
        (1.2e6, 4e5, 1.6e6, 1.6, None),
    ],
)
def test_costs_known_and_unknown(dataset, cost, funding, costs, payback, missing):
    claim = Claim(
        ("CHR", "SNO"), 1e6, "annual", years_running=4, implementation_cost_gbp=cost, external_funding_gbp=funding
    )
    check = check_claim(claim, dataset, BASELINE, BASELINE)
    assert check.costs_gbp == costs
    assert check.payback_years == (pytest.approx(payback) if payback else None)
    assert (missing in check.missing) == (missing is not None)
    if cost == 0.0:
        assert check.short_missing("payback") == "no costs"


def test_a_cumulative_claim_without_its_years_is_not_annualised(dataset):
    check = check_claim(Claim(("ADU", "WOT"), 17e6, "cumulative", year_reported=2017), dataset, BASELINE, BASELINE)
    assert check.annual_gbp != check.annual_gbp and check.defensible_gbp != check.defensible_gbp
    assert check.short_missing("annual") == "not computed"
    assert "period nor its start year" in check.missing["annual"]
    assert check.short_missing("years_running") == "not stated"
    assert (
        briefing_tables(check, {})["Figures"]
        .set_index("item")
        .at["Annual equivalent (£ a year, nominal)", "value"]
        .startswith("cannot")
    )


def test_partners_without_spending_say_why_the_share_is_missing(dataset):
    check = check_claim(Claim((), 1e6, "annual"), dataset, BASELINE, BASELINE)
    assert check.short_missing("share") == "not computed"
    assert "No partner council is given" in check.missing["share"]
    assert check.describe("to_target", "x").startswith("cannot be computed: the partners' spending is not stated")


def test_tri_borough_public_claims(dataset):
    """The published claims (the requirement: they are quoted) against 2011-12 net revenue expenditure
    from the RS workbook's rows: H&F alone, the three boroughs, every authority and the London boroughs."""
    rows = authority_rows("2011-12")
    hf = council_figure("2011-12", ECODES["HMF"][0], "net_revenue_expenditure")
    share_three = 40e6 / partners_figure(("HMF", "KEC", "WSM"), "2011-12", "net_revenue_expenditure")
    london = [r["net_revenue_expenditure"] or 0.0 for r in rows if r["class"] == "L"]
    national = national_figure("2011-12", "net_revenue_expenditure")
    t = tri_borough_claims(dataset.spending).set_index("as published")
    assert list(t.index) == ["7.3%", "£2bn", "£400m"]
    assert t.loc["7.3%", "from the data"] == f"{40e6 / hf:.1%}"  # of H&F alone
    assert f"{share_three:.1%}" in t.loc["7.3%", "arithmetic"]  # the three boroughs together
    assert t.loc["£2bn", "from the data"] == f"£{share_three / 2 * national / 1e9:.2f}bn"
    same_share, same_pounds = share_three * sum(london), 40e6 / 3 * len(london)
    assert t.loc["£400m", "from the data"] == f"£{same_share / 1e6:,.0f}m or £{same_pounds / 1e6:,.0f}m"


def test_scale_up(dataset):
    districts = [r["revenue_expenditure"] for r in authority_rows("2016-17") if r["class"] == "SD"]
    districts = [v for v in districts if v is not None]
    s = scale_up(dataset.spending, 0.02, "SD", "revenue_expenditure", "2016-17")
    assert s.councils == len(districts)
    assert s.class_budget_gbp == pytest.approx(sum(districts))
    assert s.savings_gbp == pytest.approx(0.02 * sum(districts))
    assert s.national_share == pytest.approx(0.02 * sum(districts) / national_figure("2016-17"))
    assert "England would save" in s.sentence


def _treasury_index(label: str) -> float:
    """HM Treasury's deflator (2018-19 = 100) for one financial year, from its workbook's own row."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(DATA / "prices" / "GDP_Deflators_Budget_March_2020_update.xlsx"))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    return float(next(r[1] for r in rows if r and str(r[0]).strip() == label))


def _obr_growth(fy_start: int) -> float:
    with (DATA / "prices" / "deflator.csv").open(encoding="utf-8", newline="") as f:
        return float(next(r["gdp_deflator"] for r in csv.DictReader(f) if r["date"] == str(fy_start)))


def test_real_terms():
    deflators = read_deflators(Path(__file__).resolve().parents[1] / "data" / "prices")
    index = dict(zip(deflators["fy_start"], deflators["index"]))
    hmt_2016 = _treasury_index("2016-17")
    assert _treasury_index("2018-19") == 100 and hmt_2016 != 100
    assert index[2018] == 100 and index[2016] == pytest.approx(hmt_2016)
    assert index[2019] == pytest.approx(100 * _obr_growth(2019))  # OBR growth chained on
    assert index[2020] == pytest.approx(100 * _obr_growth(2019) * _obr_growth(2020))
    assert to_real_terms(1e6, 2016, 2018, deflators) == pytest.approx(1e6 * 100 / hmt_2016)
    assert deflators.set_index("fy_start").at[2025, "forecast"]


def test_briefing_escapes_uploaded_text(dataset):
    claim = Claim(("ADU",), 1e6, "annual", year_reported=2017, label="<script>alert(1)</script>")
    check = check_claim(claim, dataset, BASELINE, BASELINE)
    page = briefing_html(check, {"ADU": "Adur"})
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert set(briefing_tables(check, {"ADU": "Adur"})) == {
        "Figures",
        "Steps",
        "Shares",
        "Flags and questions",
        "Sources",
        "Assumptions",
    }


claims = st.builds(
    Claim,
    council_ids=st.just(("ADU", "WOT")),
    amount_gbp=st.floats(min_value=1, max_value=1e9),
    basis=st.sampled_from(["annual", "cumulative", "one-off"]),
    projected=st.booleans(),
    years_running=st.none() | st.integers(1, 30),
    year_reported=st.integers(2008, 2026),
    implementation_cost_gbp=st.none() | st.floats(0, 1e9),
    external_funding_gbp=st.none() | st.floats(0, 1e9),
    reported_by_each_partner=st.booleans(),
    has_source=st.booleans(),
    ended=st.booleans(),
    gross_or_net=st.sampled_from(["gross", "net", "unknown"]),
)


@given(claim=claims)
def test_the_defensible_figure_never_exceeds_the_claim(claim):
    steps = defensible_steps(claim)
    assert 0 <= steps["running_gbp"].iat[-1] <= claim.amount_gbp + 1e-6
    assert (steps["change_gbp"].iloc[1:] <= 0).all()


@given(claim=claims, share=st.floats(0, 0.2), gap=st.none() | st.integers(-10, 10))
def test_better_evidence_never_adds_a_red_flag(claim, share, gap):
    before = {f.name for f in red_flags(claim, share, None, gap)}
    better = replace(
        claim, has_source=True, projected=False, gross_or_net="net", reported_by_each_partner=False, other_figures=()
    )
    after = {f.name for f in red_flags(better, share, None, gap)}
    assert after <= before
    assert rating(red_flags(better, share, None, gap)) != "red" or "Probably cumulative, though called annual" in after


@settings(max_examples=80)  # each example checks the claim against the whole dataset
@given(claim=claims)
def test_unknown_is_never_shown_as_zero(claim):
    """Every unstated input, and every figure that depends on one, says so in the briefing."""
    check = check_claim(claim, _DATASET, BASELINE, BASELINE)
    figures = briefing_tables(check, {})["Figures"].set_index("item")["value"]
    unknown = claim.implementation_cost_gbp is None or claim.external_funding_gbp is None
    assert (check.costs_gbp is None) == unknown
    if unknown:
        for item in ("Costs in total (£)", "Payback (years)", "Net saving over the years running (£, nominal)"):
            assert figures[item].startswith(("not stated", "cannot be computed")), (item, figures[item])
    if claim.implementation_cost_gbp is None:
        assert figures["Implementation costs (£)"].startswith("not stated")
    if claim.years_running is None:
        assert figures["Years running"].startswith("not stated")
    assert all(not str(v).startswith("nan") for v in figures)


from analysis.dataset import DATA_DIR, load_dataset  # noqa: E402  (read once for the property above)

_DATASET = load_dataset(DATA_DIR)


def test_without_a_target_the_gap_to_it_is_not_computed(dataset):
    from analysis.arithmetic.claims import Claim, check_claim

    check = check_claim(Claim(("ADU", "WOT"), 1e6), dataset, 0.0053, float("nan"))
    assert check.gbp_to_target != check.gbp_to_target  # NaN, not £0
    assert "no target share" in check.missing["to_target"]


def test_each_measure_is_taken_in_the_nearest_year_that_has_it(dataset):
    """A claim reported in 2020: total service expenditure is in the data for 2020-21 (the multi-year data set);
    revenue expenditure is not, so it comes from the nearest workbook year, and the table says which year."""
    from analysis.arithmetic.claims import Claim, check_claim

    check = check_claim(Claim(("ADU", "WOT"), 1e6, year_reported=2020), dataset, 0.0053, 0.0053)
    years = check.shares[check.shares["council_id"] == "all"].set_index("measure")["year"]
    assert years["total_service_expenditure"] == "2020-21"
    assert (
        years["revenue_expenditure"] in {"2017-18", "2023-24"} and years["revenue_expenditure"] == check.spending_year
    )
    tse = dataset.spending[
        (dataset.spending["year"] == "2020-21")
        & (dataset.spending["measure"] == "total_service_expenditure")
        & dataset.spending["council_id"].isin(["ADU", "WOT"])
    ]["value_gbp"].sum()
    row = check.shares[(check.shares["council_id"] == "all") & (check.shares["measure"] == "total_service_expenditure")]
    assert float(row["share"].iat[0]) == pytest.approx(1e6 / tse)
