"""Council boundaries for a given year from ONS's TopoJSON (quantised, delta-encoded arcs),
decoded to GeoJSON that Plotly can draw. Areas carry 'start'/'end' calendar years of validity."""

from __future__ import annotations

import json
from pathlib import Path

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
