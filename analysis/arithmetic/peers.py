"""A council against the councils of its class: distance from the class median in median absolute
deviations (MADs), never a rank or a percentile (there is no league table of 'worst councils').

Shares are fractions 0..1.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

MIN_PEERS = 3  # fewer councils with a figure than this: not compared


@dataclass(frozen=True)
class PeerDistance:
    """Where one share sits among its class: median and MAD of the peers' shares, and the distance."""

    share: float
    median: float
    mad: float
    mads: float  # (share - median) / MAD; NaN when not comparable or the MAD is 0
    peers: int  # councils of the class with a figure
    words: str  # 'close to the typical figure', 'well above the typical figure', ...

    @property
    def comparable(self) -> bool:
        return self.peers >= MIN_PEERS and self.share == self.share

    @property
    def signed(self) -> str:
        """'+1.3 MADs', '−0.4 MADs', 'at the median' or 'not compared' (short enough for a metric)."""
        if not self.comparable or self.mads != self.mads or abs(self.mads) < 0.05:
            return self.short
        return f"{'+' if self.mads > 0 else '−'}{abs(self.mads):.1f} MADs"

    @property
    def short(self) -> str:
        """'1.3 MADs above the median', 'at the median', or why it is not compared."""
        if not self.comparable:
            return "not compared"
        if self.mads != self.mads:
            return "at the median" if self.share == self.median else self.words.replace("the typical figure", "median")
        if abs(self.mads) < 0.05:
            return "at the median"
        return f"{abs(self.mads):.1f} MADs {'above' if self.mads > 0 else 'below'} the median"


def distance_from_median(share: float, peer_shares: pd.Series) -> PeerDistance:
    """How far `share` is from the median of `peer_shares`, in MADs, and in words:
    within 1 MAD 'close to', 1 to 2 'above'/'below', 2 or more 'well above'/'well below'."""
    peers = peer_shares.dropna()
    n = len(peers)
    median = float(peers.median()) if n else float("nan")
    mad = float((peers - median).abs().median()) if n else float("nan")
    if n < MIN_PEERS or share != share:
        return PeerDistance(
            share, median, mad, float("nan"), n, "not comparable (too few councils of its class have counted savings)"
        )
    if mad == 0:
        words = (
            "equal to the typical figure"
            if share == median
            else ("above" if share > median else "below") + " the typical figure"
        )
        return PeerDistance(share, median, mad, float("nan"), n, words)
    z = (share - median) / mad
    if abs(z) < 1:
        words = "close to the typical figure"
    else:
        words = f"{'well ' if abs(z) >= 2 else ''}{'above' if z > 0 else 'below'} the typical figure"
    return PeerDistance(share, median, mad, z, n, words)


def with_savings(shares: pd.DataFrame) -> pd.Series:
    """The shares of councils with a counted saving (the peers a council is compared with)."""
    return shares.loc[(shares["annual_savings_gbp"] > 0) & shares["share"].notna(), "share"]
