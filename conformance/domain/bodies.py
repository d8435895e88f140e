"""Local public bodies (地方公共団体): the 1,741 municipalities and the 47 prefectures."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from conformance.domain.identifiers import lg_check_digit

DESIGNATED_CITY_SUFFIXES = ("100", "130", "140", "150")


class BodyKind(StrEnum):
    """Whether a body is a prefecture or a municipality (incl. the 23 special wards)."""

    PREFECTURE = "prefecture"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True, slots=True)
class PublicBody:
    """One local public body.

    Attributes:
        lg_code: 6-digit 全国地方公共団体コード with check digit.
        name: e.g. 札幌市, 千代田区, 東京都.
        prefecture_code: 2 digits (JIS X 0401).
        prefecture_name: e.g. 北海道.
        county_name: 郡 name for towns and villages, else empty.
        kind: prefecture or municipality.
        is_hoppo: one of the 6 Northern-Territories villages (listed, not operating, excluded from counts).
    """

    lg_code: str
    name: str
    prefecture_code: str
    prefecture_name: str
    county_name: str
    kind: BodyKind
    is_hoppo: bool = False

    @property
    def lg_code_5(self) -> str:
        """The 5-digit form without check digit."""
        return self.lg_code[:5]

    @property
    def is_designated_city(self) -> bool:
        """True for the 20 designated cities (政令指定都市): municipal part 100/130/140/150, not Tokyo."""
        return (
            self.kind is BodyKind.MUNICIPALITY
            and self.prefecture_code != "13"
            and self.lg_code[2:5] in DESIGNATED_CITY_SUFFIXES
        )

    @property
    def counted(self) -> bool:
        """Whether the body counts in national figures (the Northern-Territories villages do not)."""
        return not self.is_hoppo


def prefecture_lg_code(prefecture_code: str) -> str:
    """The 6-digit code of a prefecture as a body (e.g. 13 -> 130001)."""
    base = f"{int(prefecture_code):02d}000"
    return f"{base}{lg_check_digit(base)}"
