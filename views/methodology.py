"""Methodology: every definition and formula, every source with its licence, and the caveats."""

from pathlib import Path

import streamlit as st

from analysis.outputs.formatting import format_gbp
from analysis.spending.baselines import CUMULATIVE_SINCE, HEADLINE_SAVINGS_GBP
from analysis.spending.extract import authority_counts
from analysis.spending.reconcile import disagreements_for_display, summary_for_display
from analysis.spending.returns import reads_summary
from analysis.vocabulary import CLASS_LABELS, MEASURES
from ui.controls import publish, sidebar_options
from ui.data import bundled_dataset
from ui.register_log import register_section
from ui.uploads import data_banner

options = sidebar_options("methodology")
publish(options)
dataset = bundled_dataset()

st.title("Methodology")
data_banner()  # a link's published dataset or version stays in force: say so here too
st.markdown(f"""
### The measures
- **Annual equivalent** of a reported figure, by its basis:
  - *annual*: as reported.
  - *cumulative*: total ÷ the years of the period its source states ("in ten years", "2007-2017", "since
    2010"); else ÷ years running = year reported − start year (at least 1). Marked **derived**; the note says
    which. With neither it cannot be annualised and is not counted.
  - *projected cumulative*: total ÷ the years of the period it states ("over ten years", "by 2019/20");
    if none is stated, ÷ years running. Marked **derived** and **projected**.
  - *one-off*: not an annual saving; shown, never added to annual totals.
  - *projected* (annual or cumulative): a target, not an achievement. Excluded unless you tick
    "Include projected savings", and always marked.
- **Counted once.** A "second figure" row (the register marks them) is shown but never added to its scheme's
  primary figure. Rows with the same partners, figure, basis and year are the same report made by each partner:
  counted once.
- **Scheme share** = annual equivalent ÷ the partners' combined spending (the chosen measure, outturn) in the
  spending year nearest the year reported in which every partner has a figure. The page shows which year.
- **Apportionment** of a scheme's saving among its partners: by budget weight (each partner's spending ÷ the
  partners' total; default), an equal split, or explicit shares where a sheet gives them. If a partner has no
  budget figure, the split falls back to equal and says so. The parts always add up to the whole.
- **Council share** = the sum of its apportioned annual savings ÷ its own spending in the year you choose.
- **National share** = counted annual savings (each scheme once) ÷ the national denominator.
- **Against the baseline**: the LGA's {format_gbp(HEADLINE_SAVINGS_GBP)} ÷ revenue expenditure 2016-17 (budget)
  = 0.53% "as quoted". A council's share ÷ 0.53% reads "N times the headline".
- **The headline read properly**: the LGA total is cumulative since {CUMULATIVE_SINCE} (LGA, May 2015), so the
  Overview also shows it spread over the years it took, the growth of the LGA's total between announcements,
  and the LGA's only annual figure (nearly £200m in 2018/19).
- **Direction** of a collaboration: *vertical* when a shire district works with an upper or single-tier council,
  *horizontal* when partners are of the same tier (INLOGOV for the District Councils' Network, 2015).
  **Form** (company, shared workforce, joint management team, joint contract, shared service, partnership,
  board) is derived from the scheme's own wording and marked as derived.

### Checking a claim
- **Shares of every measure**: the annual equivalent over the partners' total service expenditure, net current
  expenditure, revenue expenditure, net revenue expenditure and council tax requirement (outturn), in the year
  nearest the claim in which every partner has a figure. Each partner's part is split by revenue expenditure.
- **Claimed to defensible**, one step at a time: counted once (when every partner reports the same figure);
  a cumulative total spread over the years running; one-off savings and projected-only figures taken off;
  implementation costs and external funding spread over the years running. The defensible figure never exceeds
  the claim. **Payback** = costs ÷ annual saving; **net** = annual saving × years running − costs. Costs,
  funding or years a claim does not state are shown as *not stated*, never as zero, and payback and net say why
  they cannot be computed.
- **Red flags**, each with its question: probably cumulative though called annual (over
  5% of the partners' revenue expenditure, or more than their spending on the service it comes from); projected
  only; reported more than 3 years from the spending year used; no source; the scheme has ended; the same saving
  claimed by each partner; gross or net unknown; disagreeing figures for the same scheme in the register.
  **Rating**: red with any serious flag (the first four of those that apply: probably cumulative, projected only,
  claimed by each partner, no source), amber with minor flags only, green with none.
- **Scenarios**: a share × the total budget of every council of a class, and that as a share of all
  authorities' spending. The tri-borough's public claims are recomputed from the outturn.
- **Real terms**: GDP deflators, HM Treasury (March 2020) to 2018-19 and the OBR's November 2025 growth rates
  chained on after (2025-26 onward are forecasts); shown with the base year.

### The map
- Boundaries are ONS's for the year shown (areas carry the years they started and ended); years before 2014 use
  the 2014 boundaries, the earliest in the file. Councils are joined to areas by ONS code, including former
  codes (East Hertfordshire, Stevenage, Gateshead, Northumberland changed codes in 2013-14).
- Colours come in six bins of equal numbers of councils (Viridis, colour-blind safe); grey means no figure.
- Spending per resident uses ONS mid-2014 population up to 2017-18 and the 2020 figures after.
- The map is drawn from the boundary polygons themselves: no map service is contacted.

### Spending data
- Values are published in **£ thousand** and shown in pounds, **nominal** (not adjusted for inflation).
- The per-authority sheet of each workbook is chosen by its content (the sheet whose spending totals hold data),
  columns are found by their headers, and only rows with an E-code are kept, down to the ENGLAND row: totals,
  class subtotals and footnotes are left out, and the GLA is counted once in 2023-24.
- Suppression markers (`…`, `[x]`, `-`, blanks) are **missing**, never zero. An authority with no figures at all
  is listed as a missing return.
- Classes: {"; ".join(f"**{k}** {v}" for k, v in CLASS_LABELS.items())}. `LB` (2023-24) is read as `L`.
- Measures read: {", ".join(v[0] for v in MEASURES.values())}.
- **Budget or outturn** is always stated: the RA 2016-17 *budget* is the "£94bn"; the RS 2016-17 *outturn* for the
  same year is £93.4bn.
""")
st.subheader("What was read from each workbook")
st.dataframe(reads_summary(dataset.reads), hide_index=True, width="stretch")
if dataset.extract is not None and dataset.reconciliation is not None:
    st.subheader("2018-19 to 2022-23: the multi-year data set, reconciled with the workbooks")
    counts = authority_counts(dataset.extract.table)
    st.markdown(
        "No RS workbook is bundled for 2018-19 to 2022-23. Those years come from a third party's extract of the "
        "department's revenue outturn multi-year data set (total service expenditure and 13 service lines; **no "
        "revenue expenditure, net current or net revenue expenditure**: where a page's measure is missing for a "
        "year it says so and shows total service expenditure). Its England total and class or group subtotals "
        f"({len(dataset.extract.aggregates)} rows) are never counted as authorities. Authorities per year: "
        + "; ".join(f"{y} {n}" for y, n in counts.items())
        + ". Where it overlaps the official workbooks (2017-18, 2023-24) it is compared authority by authority, "
        "matched through the council directory; **the workbook always wins**."
    )
    st.dataframe(summary_for_display(dataset.reconciliation), hide_index=True, width="stretch")
    st.caption("Total service expenditure: every authority that does not agree to the £1,000, with both figures.")
    st.dataframe(disagreements_for_display(dataset.reconciliation), hide_index=True, width="stretch")
register_section()
st.subheader("Caveats")
st.markdown("""
- The bundled scheme register is a curated sample of public claims with their sources, not a census. Many
  schemes publish no figure at all; they are kept, because they measure evidence coverage.
- Councils' figures are their own claims, rarely audited; gross or net of costs is usually not stated.
- 2018-19 to 2022-23 have total service expenditure and service lines only (the multi-year data set): with
  revenue expenditure or another total as the measure, schemes reported then use the nearest year that has it
  (the gap is shown).
- Council names are matched to the register exactly, then normalised, then by acronym, then fuzzily with a score;
  ambiguous names are never matched on a guess.
""")
st.subheader("Sources and licences")
st.markdown((Path(__file__).resolve().parent.parent / "data" / "SOURCES.md").read_text(encoding="utf-8"))
