"""The official list of local public bodies, read from the bundled CSV (CC BY 4.0)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from conformance.domain.bodies import BodyKind, PublicBody, prefecture_lg_code

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_CSV = DATA_DIR / "municipalities.csv"
MUNICIPALITY_SHAPES = DATA_DIR / "ja_municipality_area.topo.json"
PREFECTURE_SHAPES = DATA_DIR / "ja_prefecture_area.topo.json"

ATTRIBUTION_JA = (
    "出典：国土交通省「国土数値情報（行政区域データ）」を加工して作成（デジタル庁 policy-dashboard-assets）, CC BY 4.0"
)
ATTRIBUTION_EN = (
    "Source: MLIT National Land Numerical Information (administrative areas), processed by the "
    "Digital Agency (policy-dashboard-assets), CC BY 4.0"
)


@cache
def municipalities() -> tuple[PublicBody, ...]:
    """All 1,747 listed municipalities (1,741 operating + 6 Northern-Territories villages), in code order."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        PublicBody(
            lg_code=row["lg_code"],
            name=row["city_name"],
            prefecture_code=row["prefecture_code"],
            prefecture_name=row["prefecture_name"],
            county_name=row["county_name"],
            kind=BodyKind.MUNICIPALITY,
            is_hoppo=row["is_hoppo_city"].strip().lower() == "true",
        )
        for row in rows
    )


@cache
def prefectures() -> tuple[PublicBody, ...]:
    """The 47 prefectures as bodies (code = prefecture code + 000 + check digit)."""
    names: dict[str, str] = {}
    for body in municipalities():
        names.setdefault(body.prefecture_code, body.prefecture_name)
    return tuple(
        PublicBody(prefecture_lg_code(code), name, code, name, "", BodyKind.PREFECTURE)
        for code, name in sorted(names.items())
    )


@cache
def bodies() -> tuple[PublicBody, ...]:
    """Every body: prefectures first, then municipalities."""
    return prefectures() + municipalities()


def body_index() -> dict[str, PublicBody]:
    """Bodies by 6-digit code."""
    return {body.lg_code: body for body in bodies()}
