"""Council boundaries for a given year from ONS's TopoJSON (quantised, delta-encoded arcs),
decoded to GeoJSON that Plotly can draw. Areas carry 'start'/'end' calendar years of validity."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

FIRST_BOUNDARY_YEAR, LAST_BOUNDARY_YEAR = 2014, 2025  # what the file covers


def read_topology(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * scale[0] + translate[0], 5), round(y * scale[1] + translate[1], 5)))
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    ring: list[tuple[float, float]] = []
    for i in indices:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    return [list(p) for p in ring]


def boundary_year(fy_start: int) -> int:
    """The boundary year to draw for a financial year (older years use the earliest boundaries)."""
    return min(max(fy_start, FIRST_BOUNDARY_YEAR), LAST_BOUNDARY_YEAR)


def valid_in(properties: dict, year: int) -> bool:
    start, end = properties.get("start"), properties.get("end")
    return (start is None or start <= year) and (end is None or end >= year)


def layer_geojson(topology: dict, layer: str, year: int, prefix: str = "E") -> dict:
    """GeoJSON FeatureCollection of the areas of `layer` valid in `year` whose code starts with `prefix`."""
    arcs = _decode_arcs(topology)
    features = []
    for g in topology["objects"][layer]["geometries"]:
        props = g.get("properties", {})
        if not str(props.get("areacd", "")).startswith(prefix) or not valid_in(props, year):
            continue
        if g["type"] == "Polygon":
            geometry = {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in g["arcs"]]}
        elif g["type"] == "MultiPolygon":
            geometry = {"type": "MultiPolygon", "coordinates": [[_ring(r, arcs) for r in poly] for poly in g["arcs"]]}
        else:
            continue
        features.append({"type": "Feature", "id": props["areacd"], "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


# --- boundaries prepared once for drawing -------------------------------------------------------------------------

SIMPLIFY_DEGREES = 0.002  # about 140 m across, 220 m north-south: a third of a pixel of England 1200 px wide
DRAW_DECIMALS = 4  # about 10 m


def _douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Indices of the points kept; the two ends always are, so arcs shared by neighbours still meet."""
    n = len(points)
    if n <= 2:
        return np.arange(n)
    keep = np.zeros(n, dtype=bool)
    keep[[0, n - 1]] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        seg = points[b] - points[a]
        rel = points[a + 1 : b] - points[a]
        length = float(np.hypot(*seg))
        if length == 0.0:
            dist = np.hypot(rel[:, 0], rel[:, 1])
        else:
            dist = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / length
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            m = a + 1 + k
            keep[m] = True
            stack += [(a, m), (m, b)]
    return np.flatnonzero(keep)


@dataclass
class PreparedBoundaries:
    """The topology's arcs decoded and simplified once (every boundary year shares them), and each
    (layer, year)'s areas drawn from them when first asked for, kept for later views. Arrays and the
    topology's objects only: it pickles small and loads fast (the on-disk cache keeps it)."""

    objects: dict  # the topology's layers: geometries with their arcs and properties
    arcs: list[np.ndarray]  # simplified, rounded (n x 2): what is drawn
    full_arcs: list[np.ndarray]  # as decoded (n x 2): where each area's centre is computed
    _layers: dict = field(default_factory=dict, repr=False)

    def layer(self, layer: str, year: int, prefix: str = "E") -> dict:
        """As `layer_geojson`, with simplified rings (arrays of points, n x 2), and 'centres' (area code ->
        (x, y): the mean of the vertices of its longest ring, as decoded) beside the features."""
        key = (layer, year, prefix)
        if key not in self._layers:
            self._layers[key] = _simplified_layer(self, layer, year, prefix)
        return self._layers[key]

    def __getstate__(self) -> dict:
        return {"objects": self.objects, "arcs": self.arcs, "full_arcs": self.full_arcs}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _layers={})


def prepare_boundaries(topology: dict, tolerance: float = SIMPLIFY_DEGREES) -> PreparedBoundaries:
    """Decode and simplify every arc once (Douglas-Peucker on each shared arc, so neighbours keep a
    common edge)."""
    full, simplified = [], []
    for arc in _decode_arcs(topology):
        points = np.asarray(arc, dtype=np.float64).reshape(-1, 2)
        full.append(points)
        simplified.append(points[_douglas_peucker(points, tolerance)].round(DRAW_DECIMALS))
    return PreparedBoundaries(topology["objects"], simplified, full)


def _ring_array(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """As `_ring`, for arcs held as arrays: the ring's points (n x 2)."""
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
    return np.concatenate([parts[0], *(p[1:] for p in parts[1:])]) if parts else np.empty((0, 2))


def _simplified_layer(prepared: PreparedBoundaries, layer: str, year: int, prefix: str) -> dict:
    features, centres = [], {}
    for g in prepared.objects[layer]["geometries"]:
        props = g.get("properties", {})
        if not str(props.get("areacd", "")).startswith(prefix) or not valid_in(props, year):
            continue
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
            geometry = {"type": "Polygon", "coordinates": [_ring_array(r, prepared.arcs) for r in g["arcs"]]}
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
            geometry = {
                "type": "MultiPolygon",
                "coordinates": [[_ring_array(r, prepared.arcs) for r in p] for p in polys],
            }
        else:
            continue
        outer = max((_ring_array(p[0], prepared.full_arcs).tolist() for p in polys), key=len)
        centres[props["areacd"]] = (sum(p[0] for p in outer) / len(outer), sum(p[1] for p in outer) / len(outer))
        features.append({"type": "Feature", "id": props["areacd"], "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features, "centres": centres}
