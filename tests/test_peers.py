"""A council against its class: distance from the class median in MADs, never a rank."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from analysis.arithmetic.peers import distance_from_median

PEERS = pd.Series([0.03, 0.04, 0.05, 0.06, 0.07])  # median 0.05, MAD 0.01


@pytest.mark.parametrize(
    ("share", "mads", "short", "words"),
    [
        (0.05, 0.0, "at the median", "close to the typical figure"),
        (0.063, 1.3, "1.3 MADs above the median", "above the typical figure"),
        (0.08, 3.0, "3.0 MADs above the median", "well above the typical figure"),
        (0.035, -1.5, "1.5 MADs below the median", "below the typical figure"),
        (0.001, -4.9, "4.9 MADs below the median", "well below the typical figure"),
    ],
)
def test_distance_in_mads(share, mads, short, words):
    d = distance_from_median(share, PEERS)
    assert (d.median, d.mad, d.peers) == (pytest.approx(0.05), pytest.approx(0.01), 5)
    assert d.mads == pytest.approx(mads) and d.short == short and d.words == words
    assert d.signed == ("at the median" if mads == 0 else f"{'+' if mads > 0 else '−'}{abs(mads):.1f} MADs")


@pytest.mark.parametrize(
    ("share", "peers", "short"),
    [
        (0.05, pd.Series([0.01, 0.02]), "not compared"),  # too few councils with a figure
        (float("nan"), PEERS, "not compared"),  # no counted saving of its own
        (0.05, pd.Series([0.05, 0.05, 0.05]), "at the median"),  # MAD of 0
        (0.06, pd.Series([0.05, 0.05, 0.05]), "above median"),
    ],
)
def test_not_comparable_or_no_spread(share, peers, short):
    assert distance_from_median(share, peers).short == short


shares = st.floats(min_value=1e-6, max_value=0.5, allow_nan=False)


@given(share=shares, peers=st.lists(shares, min_size=3, max_size=60), scale=st.floats(0.01, 100))
def test_distance_is_scale_free_and_signed(share, peers, scale):
    """Scaling every share alike leaves the distance unchanged; its sign says above or below the median."""
    d = distance_from_median(share, pd.Series(peers))
    assume(d.mad > 1e-9)
    scaled = distance_from_median(share * scale, pd.Series(peers) * scale)
    assert scaled.mads == pytest.approx(d.mads, rel=1e-6, abs=1e-6)
    assert (d.mads > 0) == (share > d.median)
    assert "rank" not in d.short and "percentile" not in d.short
