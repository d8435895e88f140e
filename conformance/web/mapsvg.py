"""The choropleth map of Japan as server-rendered SVG, from the bundled TopoJSON (CC BY 4.0).

The TopoJSON arcs are decoded here (quantized, delta-encoded; a negative index ``~i`` is arc ``i``
reversed), projected once with a plain equirectangular projection scaled by cos(36°), and kept as
SVG path strings per municipality. `MapShapes` is built once per process (the app holds it); a
render only joins the cached paths with the fill colour of each body.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

Point = tuple[float, float]

WIDTH = 1000.0
LON_MIN, LON_MAX = 122.9, 146.2
LAT_MIN, LAT_MAX = 24.0, 45.6
_KX = math.cos(math.radians(36.0))


@dataclass(frozen=True, slots=True)
class MapShapes:
    """Projected SVG paths per body code (6-digit), the view box size, and which prefecture each is in."""

    paths: Mapping[str, str]
    prefecture_of: Mapping[str, str]
    bounds: Mapping[str, tuple[float, float, float, float]]
    width: float
    height: float

    def view_box(self, codes: Sequence[str] | None) -> str:
        """The SVG view box around `codes` (the whole country when None), with a small margin."""
        if codes is None:
            return f"0 0 {self.width:.0f} {self.height:.0f}"
        boxes = _main_cluster([self.bounds[c] for c in codes if c in self.bounds])
        if not boxes:
            return f"0 0 {self.width:.0f} {self.height:.0f}"
        x0 = max(0.0, min(b[0] for b in boxes))
        y0 = max(0.0, min(b[1] for b in boxes))
        x1 = min(self.width, max(b[2] for b in boxes))
        y1 = min(self.height, max(b[3] for b in boxes))
        pad = max(x1 - x0, y1 - y0) * 0.03
        return f"{x0 - pad:.1f} {y0 - pad:.1f} {x1 - x0 + 2 * pad:.1f} {y1 - y0 + 2 * pad:.1f}"

    def render(self, fills: Mapping[str, str], titles: Mapping[str, str], *, label: str,
               codes: Sequence[str] | None = None) -> str:
        """An SVG document: every shape (or only `codes`) filled by `fills` (grey when missing)."""
        chosen = codes if codes is not None else sorted(self.paths)
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{self.view_box(codes)}" '
            f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
            '<style>path{vector-effect:non-scaling-stroke}</style>'
            '<g stroke="#767676" stroke-width="0.5" stroke-linejoin="round">'
        ]
        for code in chosen:
            path = self.paths.get(code)
            if path is None:
                continue
            fill = fills.get(code, "#d8d8db")
            title = titles.get(code)
            tip = f"<title>{escape(title)}</title>" if title else ""
            parts.append(f'<path d="{path}" fill="{fill}">{tip}</path>')
        parts.append("</g></svg>")
        return "".join(parts)


def _main_cluster(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """The boxes near the group's median centre: far islands (e.g. 小笠原村 for 東京都) do not shrink the view.

    Islands outside the frame are clipped; the prefecture table beside the map keeps every number.
    """
    if len(boxes) < 5:  # too few bodies to call any of them an outlier
        return boxes
    centres = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in boxes]
    mx = sorted(c[0] for c in centres)[len(centres) // 2]
    my = sorted(c[1] for c in centres)[len(centres) // 2]
    distances = [math.hypot(x - mx, y - my) for x, y in centres]
    limit = sorted(distances)[int(len(distances) * 0.8)] * 1.5 + 1.0
    return [b for b, d in zip(boxes, distances, strict=True) if d <= limit]


def load_shapes(path: Path) -> MapShapes:
    """Decode and project every geometry of a municipality TopoJSON file (slow: call once per process)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(data["arcs"], data.get("transform"))
    height = (LAT_MAX - LAT_MIN) / ((LON_MAX - LON_MIN) * _KX) * WIDTH
    projected = [[_project(lon, lat, height) for lon, lat in arc] for arc in arcs]
    paths: dict[str, str] = {}
    prefecture_of: dict[str, str] = {}
    bounds: dict[str, tuple[float, float, float, float]] = {}
    for obj in data["objects"].values():
        for geometry in obj["geometries"]:
            props = geometry.get("properties") or {}
            code = str(props.get("lg_code", ""))
            if not code:
                continue
            d = _geometry_path(geometry, projected)
            box = _geometry_bounds(geometry, projected)
            if box is not None:
                old = bounds.get(code, box)
                bounds[code] = (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))
            if d:
                paths[code] = paths.get(code, "") + d
                prefecture_of[code] = str(props.get("prefecture_code", code[:2]))
    return MapShapes(paths, prefecture_of, bounds, WIDTH, round(height, 1))


def _decode_arcs(raw: Sequence[Sequence[Sequence[float]]], transform: Mapping[str, Any] | None) -> list[list[Point]]:
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in raw]
    sx, sy = transform["scale"]
    tx, ty = transform["translate"]
    decoded: list[list[Point]] = []
    for arc in raw:
        x = y = 0.0
        points: list[Point] = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _project(lon: float, lat: float, height: float) -> Point:
    x = (lon - LON_MIN) / (LON_MAX - LON_MIN) * WIDTH
    y = (LAT_MAX - lat) / (LAT_MAX - LAT_MIN) * height
    return (round(x * 2) / 2, round(y * 2) / 2)


def _ring(indexes: Sequence[int], arcs: Sequence[Sequence[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in indexes:
        arc = list(arcs[~index])[::-1] if index < 0 else arcs[index]
        points.extend(arc[1:] if points else arc)
    return points


def _ring_path(points: Sequence[Point]) -> str:
    kept: list[Point] = []
    for point in points:
        if not kept or point != kept[-1]:
            kept.append(point)
    if len(kept) < 3:
        return ""
    (x0, y0), out = kept[0], [f"M{kept[0][0]:g} {kept[0][1]:g}l"]
    for x, y in kept[1:]:
        out.append(f"{x - x0:g} {y - y0:g} ")
        x0, y0 = x, y
    return "".join(out).rstrip() + "z"


def _polygons(geometry: Mapping[str, Any]) -> list[list[list[int]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["arcs"]]
    if kind == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def _geometry_bounds(geometry: Mapping[str, Any],
                     arcs: Sequence[Sequence[Point]]) -> tuple[float, float, float, float] | None:
    """The bounding box of the outer rings (inside the map frame only)."""
    points = [p for polygon in _polygons(geometry) for p in _ring(polygon[0], arcs) if polygon]
    points = [p for p in points if 0 <= p[0] <= WIDTH and p[1] >= 0]
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _geometry_path(geometry: Mapping[str, Any], arcs: Sequence[Sequence[Point]]) -> str:
    return "".join(_ring_path(_ring(ring, arcs)) for polygon in _polygons(geometry) for ring in polygon)
