"""Municipality reference data shipped with the package: the official list of local public bodies and the
map shapes (CC BY 4.0), read-only.

Sits between the services and the pure domain: services may read it; it reads only the domain. Other
packages use the names below, never the modules behind them.
"""

from conformance.municipalities.listing import (
    ATTRIBUTION_EN,
    ATTRIBUTION_JA,
    MUNICIPALITY_SHAPES,
    PREFECTURE_SHAPES,
    bodies,
    body_index,
    municipalities,
    prefectures,
)

__all__ = [
    "ATTRIBUTION_EN",
    "ATTRIBUTION_JA",
    "MUNICIPALITY_SHAPES",
    "PREFECTURE_SHAPES",
    "bodies",
    "body_index",
    "municipalities",
    "prefectures",
]
