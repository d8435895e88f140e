"""Body classes, used as the tracker's "population band".

The bundled municipality list carries no population, so the tracker does not invent one: the band
is the *kind* of body, derived from the 地方公共団体コード and the name's suffix. It tracks size
closely (designated cities > cities > towns > villages) and needs no extra data.
"""

from __future__ import annotations

from enum import StrEnum

from conformance.domain.bodies import BodyKind, PublicBody


class BodyClass(StrEnum):
    """The band of a body, from largest to smallest."""

    PREFECTURE = "prefecture"
    DESIGNATED_CITY = "designated_city"
    SPECIAL_WARD = "special_ward"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return _LABELS_JA[self]


_LABELS_JA: dict[BodyClass, str] = {
    BodyClass.PREFECTURE: "都道府県",
    BodyClass.DESIGNATED_CITY: "政令指定都市",
    BodyClass.SPECIAL_WARD: "特別区",
    BodyClass.CITY: "市",
    BodyClass.TOWN: "町",
    BodyClass.VILLAGE: "村",
}


def classify(body: PublicBody) -> BodyClass:
    """The band of a body: from its kind, its code (100-199 block) and its name's suffix."""
    if body.kind is BodyKind.PREFECTURE:
        return BodyClass.PREFECTURE
    if body.is_designated_city:
        return BodyClass.DESIGNATED_CITY
    if body.prefecture_code == "13" and body.lg_code[2] == "1":
        return BodyClass.SPECIAL_WARD
    if body.name.endswith("村"):
        return BodyClass.VILLAGE
    if body.name.endswith("町"):
        return BodyClass.TOWN
    return BodyClass.CITY
