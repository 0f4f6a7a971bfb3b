"""Key facts in words, ready to paste into a story, each with its source.

A council is described by how far its share is from the median of its class, in median absolute
deviations (MAD), never by its rank: there is no league table of 'worst councils'.
"""

from __future__ import annotations

import pandas as pd

from analysis.arithmetic.assessment import Assessment, CouncilProfile
from analysis.arithmetic.peers import distance_from_median
from analysis.outputs.formatting import format_gbp, format_share
from analysis.spending.extract import spending_source
from analysis.vocabulary import measure_label

REGISTER_SOURCE = "scheme register (each figure's source is listed on the Schemes page)"
LGA_SOURCE = "LGA announcements, May 2015 and June 2016"


def band(share: float, peers: pd.Series) -> str:
    """'close to', 'above', 'well above' (or below) the typical share of its class, by MADs from the median."""
    return distance_from_median(share, peers).words


def council_facts(profile: CouncilProfile, assessment: Assessment) -> list[tuple[str, str]]:
    """(sentence, source) pairs about one council."""
    r, s, year = profile.record, profile.share, profile.year
    measure = measure_label(profile.measure).lower()  # the chosen measure, or TSE where the year lacks it
    facts = [
        (
            f"{r['name']} ({r['class_label'].lower()}, {r['region'] or 'region not recorded'}) had "
            f"{measure} of {format_gbp(s['budget_gbp'])} in {year} (outturn)."
            + (f" {profile.measure_note}" if profile.measure_note else ""),
            spending_source(profile.spending.loc[profile.spending["year"] == year, "source_file"]),
        )
    ]
    listed = len(profile.schemes)
    if s["n_schemes"]:
        peers = profile.peers[profile.peers["annual_savings_gbp"] > 0]["share"]
        facts.append(
            (
                f"It is a partner in {listed} scheme(s) in the register; {s['n_schemes']} with a counted annual "
                f"saving give it {format_gbp(s['annual_savings_gbp'])} a year (its apportioned part, annual "
                f"equivalents), {format_share(s['share'])} of its {measure}.",
                REGISTER_SOURCE,
            )
        )
        facts.append(
            (
                f"That is {band(s['share'], peers)} for a {r['class_label'].lower()}"
                + (
                    f" ({profile.peer_distance.short}, in median absolute deviations)"
                    if profile.peer_distance.comparable
                    else ""
                )
                + f": the median among the {peers.notna().sum()} councils of its class with counted savings is "
                f"{format_share(peers.median())}.",
                REGISTER_SOURCE,
            )
        )
        facts.append(
            (
                f"Its share is {s['times_baseline']:.1f} times the {format_share(assessment.baseline_share)} "
                "of the LGA's £0.5bn read as one year's saving out of £94bn.",
                LGA_SOURCE,
            )
        )
    else:
        facts.append(
            (
                f"The register lists {listed} scheme(s) for it, none with a counted annual saving under the "
                "current assumptions.",
                REGISTER_SOURCE,
            )
        )
    return facts


def england_facts(assessment: Assessment) -> list[tuple[str, str]]:
    """(sentence, source) pairs about England."""
    d, quoted, spread = assessment.denominator, assessment.readings.iloc[0], assessment.readings.iloc[1]
    counted = int(assessment.schemes["counts_in_totals"].sum())
    return [
        (
            f"English local authorities' {d.label} was {format_gbp(d.value_gbp)} across {d.authorities} authorities.",
            "DCLG Revenue Account budget 2016-17 / Revenue Outturn, OGL v3",
        ),
        (
            f"The LGA's 'more than half a billion' of shared-service savings (June 2016) is a cumulative total since "
            f"2012. Read as one year's saving it is {format_share(quoted.share)} of that spending; spread over the "
            f"years it took it is about {format_gbp(spread.annual_gbp)} a year, {format_share(spread.share)}.",
            LGA_SOURCE,
        ),
        (
            f"The {counted} schemes in this register with a counted annual saving add up to "
            f"{format_gbp(assessment.national['annual_savings_gbp'])} a year, "
            f"{format_share(assessment.national['share'], 3)} of that spending; the register is a sample of public "
            "claims, not a census.",
            REGISTER_SOURCE,
        ),
    ]
