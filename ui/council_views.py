"""The Councils page's headline figures: a council with no counted scheme says so (never £0), and it is
described by its distance from its class median in MADs, never by rank or percentile."""

from __future__ import annotations

import streamlit as st

from analysis.arithmetic.assessment import CouncilProfile
from analysis.outputs.formatting import format_gbp, format_share, format_times
from analysis.vocabulary import measure_label


def council_metrics(profile: CouncilProfile, class_label: str, measure: str, method: str) -> None:
    share, counts, distance = profile.share, profile.peer_counts, profile.peer_distance
    counted = share["n_schemes"] > 0
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        "Apportioned annual savings",
        format_gbp(share["annual_savings_gbp"]) if counted else "no counted scheme",
        help=f"Its part of {share['n_schemes']} counted scheme(s), split {method}-weighted."
        if counted
        else "No scheme in the register in use gives it a counted annual saving: none recorded, not a saving of £0.",
    )
    m2.metric(
        f"Share of its {measure_label(measure).lower()}",
        format_share(share["share"]) if counted else "no counted scheme",
        help=f"{profile.year} outturn: {format_gbp(share['budget_gbp'])}",
    )
    m3.metric(
        "Against the LGA's 0.53% as quoted",
        format_times(share["times_baseline"]) if counted else "no counted scheme",
        help="Its share divided by £0.5bn / £94.1bn (the headline as quoted).",
    )
    m4.metric(
        f"From the median of {class_label.lower()}s with savings",
        distance.signed if counted else "no counted scheme",
        help=f"Distance from the median share of the {counts['with_savings']} of {counts['class_size']} councils "
        f"of its class with counted savings ({format_share(distance.median)}), in median absolute deviations "
        f"(one MAD is {format_share(distance.mad)}): {distance.short}, {distance.words}. Never a rank.",
    )
