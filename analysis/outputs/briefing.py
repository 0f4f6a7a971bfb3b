"""A councillor's briefing for one checked claim: tables for an XLSX and a printable HTML page.

Every piece of text is escaped in the HTML: names and labels may come from uploaded files.
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.arithmetic.claims import RATING_RULE, ClaimCheck, defensible_in_words
from analysis.outputs.formatting import format_gbp, format_share, format_times
from analysis.vocabulary import measure_label

SOURCES = [
    (
        "Council spending",
        "DCLG/MHCLG Revenue Outturn Summary (RS) and Revenue Account budget (RA), by authority",
        "Open Government Licence v3",
    ),
    ("National headline", "LGA shared-service announcements (cumulative totals), June 2016 and others", "LGA"),
    ("Real terms", "HM Treasury GDP deflators (March 2020) to 2018-19; OBR EFO November 2025 after", "OGL v3"),
]


def briefing_tables(check: ClaimCheck, names: dict[str, str], real_terms: str | None = None) -> dict[str, pd.DataFrame]:
    """Sheets of the briefing workbook: Figures, Steps, Shares, Flags and questions, Sources, Assumptions."""
    c, say = check.claim, check.describe
    years = f"{c.years_running}" + (f" ({c.years_note})" if c.years_note else "")
    defensible = (defensible_in_words(check.claim) or f"{check.defensible_gbp:,.0f}") + (
        f" ({check.caveats['defensible']})" if "defensible" in check.caveats else ""
    )
    figures = pd.DataFrame(
        [
            ("Claim", c.label),
            ("Councils", "; ".join(names.get(i, i) for i in c.council_ids)),
            ("Figure as stated (£)", f"{c.amount_gbp:,.0f}"),
            ("Basis as stated", c.basis),
            ("Achieved or projected", "projected" if c.projected else "achieved"),
            ("Years running", say("years_running", years)),
            ("Year reported", str(c.year_reported)),
            ("Annual equivalent (£ a year, nominal)", say("annual", f"{check.annual_gbp:,.0f}")),
            (
                "One-off amount (£, not annual)",
                f"{check.one_off_gbp:,.0f}" if c.basis == "one-off" else f"none: the figure is {c.basis}, not one-off",
            ),
            ("Spending year used (outturn)", say("spending_year", str(check.spending_year))),
            ("Share of partners' revenue expenditure", say("share", format_share(check.combined_share))),
            ("Times the LGA headline as quoted (0.53%)", say("times_baseline", format_times(check.times_baseline))),
            ("Implementation costs (£)", say("implementation_cost", f"{c.implementation_cost_gbp or 0:,.0f}")),
            ("External funding (£)", say("external_funding", f"{c.external_funding_gbp or 0:,.0f}")),
            ("Costs in total (£)", say("costs", f"{check.costs_gbp or 0:,.0f}")),
            ("Payback (years)", say("payback", f"{check.payback_years or 0:.1f}")),
            ("Net saving over the years running (£, nominal)", say("net", f"{check.net_gbp or 0:,.0f}")),
            ("Defensible annual saving (£, nominal)", say("defensible", defensible)),
            ("Evidence rating", check.rating),
            ("Rating rule", RATING_RULE),
            *([("Real terms", real_terms)] if real_terms else []),
        ],
        columns=["item", "value"],
    )
    steps = check.steps[["step", "change_gbp", "running_gbp", "explanation"]]
    shares = check.shares.assign(measure=check.shares["measure"].map(measure_label))
    flags = pd.DataFrame(
        [(f.name, "serious" if f.serious else "minor", f.reason, f.question) for f in check.flags],
        columns=["flag", "severity", "reason", "question to ask"],
    )
    assumptions = pd.DataFrame(
        [
            (
                "Cumulative figures",
                "divided by the years of the period the source states; else by the years from start to report "
                "(at least 1); not annualised when neither is stated",
            ),
            ("Unknowns", "what the claim does not state is shown as not stated, never as zero"),
            ("Apportionment among partners", "by each partner's revenue expenditure in the spending year used"),
            ("Spending year", "the outturn year nearest the report in which every partner has a figure"),
            ("Costs", "implementation costs and external funding spread over the years running"),
            ("Money", "nominal pounds unless a real-terms line says otherwise"),
        ],
        columns=["assumption", "how"],
    )
    return {
        "Figures": figures,
        "Steps": steps,
        "Shares": shares,
        "Flags and questions": flags,
        "Sources": pd.DataFrame(SOURCES, columns=["what", "source", "licence"]),
        "Assumptions": assumptions,
    }


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _defensible(check: ClaimCheck) -> str:
    if "defensible" in check.missing:
        return check.describe("defensible", "")
    return defensible_in_words(check.claim) or f"{format_gbp(check.defensible_gbp)} a year"


def briefing_html(check: ClaimCheck, names: dict[str, str], real_terms: str | None = None) -> str:
    """A self-contained printable page (no scripts, no external resources)."""
    tables = briefing_tables(check, names, real_terms)
    colour = {"red": "#D55E00", "amber": "#E69F00", "green": "#009E73"}[check.rating]
    sections = "".join(f"<h2>{html.escape(name)}</h2>{_table(frame)}" for name, frame in tables.items())
    title = html.escape(f"Briefing: {check.claim.label}")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:Arial,sans-serif;max-width:900px;margin:2em auto;color:#222}}
table{{border-collapse:collapse;width:100%;margin-bottom:1em}}td,th{{border:1px solid #ccc;padding:4px 6px;
text-align:left;vertical-align:top;font-size:13px}}.rating{{display:inline-block;padding:4px 10px;color:#fff;
background:{colour};font-weight:bold}}@media print{{h2{{page-break-after:avoid}}}}</style></head><body>
<h1>{title}</h1><p class="rating">Evidence rating: {html.escape(check.rating)}</p>
<p>Defensible annual saving: <b>{html.escape(_defensible(check))}</b> (nominal), from a claim of
{html.escape(format_gbp(check.claim.amount_gbp))} ({html.escape(check.claim.basis)}).</p>{sections}</body></html>"""
