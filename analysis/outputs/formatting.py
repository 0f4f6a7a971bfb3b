"""Plain-English number formats: '£94.1bn', '£2.3m', '£450k', '0.53%'."""

from __future__ import annotations

import html
import math


def format_gbp(value: float | None) -> str:
    """Pounds with a unit suited to the size; '—' for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e9:
        return f"{sign}£{v / 1e9:.1f}bn" if v >= 1e10 else f"{sign}£{v / 1e9:.2f}bn"
    if v >= 1e6:
        return f"{sign}£{v / 1e6:.1f}m"
    if v >= 1e3:
        return f"{sign}£{v / 1e3:.0f}k"
    return f"{sign}£{v:.0f}"


def format_share(share: float | None, digits: int = 2) -> str:
    """A fraction as a percentage: 0.0053 -> '0.53%'; '—' for missing."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "—"
    return f"{share * 100:.{digits}f}%"


def format_times(ratio: float | None) -> str:
    """'2.4×' for a ratio; '—' for missing."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return "—"
    return f"{ratio:.1f}×"


def plotly_text(value: object) -> str:
    """Text from data (a scheme's name, a claim's label) made safe for a chart: Plotly draws titles, tick
    labels and hover text as a small HTML (links, bold, line breaks), and uploaded or published text must
    stay text."""
    return html.escape(str(value), quote=False)
