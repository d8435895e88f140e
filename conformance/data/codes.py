"""The closed catalogue of data-validation finding codes, assembled from the check families.

Every code the validator can emit is listed with its level (file, cell or table), the check family it belongs
to (the ``verification.checks`` vocabulary of the spec, e.g. ``data.code``), and a message template. Each family
keeps its codes and messages in its own module, beside its checks: the file-level families with the stage that
finds them (`source.presence`, `read.layout`, `decode.encoding`), the rules of a cell and of a row in `rules/`
(`rules.cell_rules.CELL_FAMILIES`), the keys in `keys.keysets`. `FAMILIES` lists them in catalogue order (the
order of the cases of a RunResult). docs/reference/finding-codes.md documents each code; a test keeps the two in
step. Codes are stable: rename one only with a deprecation note in that document.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from conformance.data.decode import encoding
from conformance.data.keys import keysets
from conformance.data.read import layout
from conformance.data.rules import cross_field, mandatory
from conformance.data.rules.cell_rules import CELL_FAMILIES
from conformance.data.rules.family import Family
from conformance.data.source import presence

FAMILIES: tuple[Family, ...] = (presence, layout, encoding, mandatory, *CELL_FAMILIES, keysets, cross_field)


class Level(StrEnum):
    """Where a finding applies: the whole file, one cell, or a relation between rows or files."""

    FILE = "file"
    CELL = "cell"
    TABLE = "table"


@dataclass(frozen=True, slots=True)
class FindingCode:
    """One finding code.

    Attributes:
        code: the stable identifier, e.g. ``cell.code``.
        level: file, cell or table.
        family: the spec check family whose requirements this code bears on.
        template: the message, formatted with the finding's parameters.
    """

    code: str
    level: Level
    family: str
    template: str


CATALOGUE: tuple[FindingCode, ...] = tuple(
    FindingCode(code, Level(code.split(".", 1)[0]), family.FAMILY, template)
    for family in FAMILIES for code, template in family.MESSAGES.items()
)

BY_CODE: dict[str, FindingCode] = {entry.code: entry for entry in CATALOGUE}


def lookup(code: str) -> FindingCode:
    """The catalogue entry of `code`; KeyError for an unknown code (a tool bug)."""
    return BY_CODE[code]


def render(code: str, params: dict[str, str | int | None]) -> str:
    """The message of a finding: its template filled with `params` (missing ones shown as ?)."""
    template = BY_CODE[code].template
    return template.format_map(_Defaulting(params))


class _Defaulting(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"
