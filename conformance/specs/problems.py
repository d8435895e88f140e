"""Problems found while reading or checking a spec: each names the file and the place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """`unusable` stops loading (exit 2); `finding` is a defect in a readable spec (exit 1)."""

    UNUSABLE = "unusable"
    FINDING = "finding"


@dataclass(frozen=True, slots=True)
class SpecProblem:
    """One problem in a spec file.

    Attributes:
        file: path of the file, relative to the specs directory where possible.
        where: a readable position inside the file, e.g. ``requirements[3].id``.
        message: what is wrong.
        line: 1-based line number when known.
        hint: a did-you-mean or a fix, when one helps.
        severity: whether the spec could be read at all.
    """

    file: str
    where: str
    message: str
    line: int | None = None
    hint: str | None = None
    severity: Severity = Severity.FINDING

    def render(self) -> str:
        """``file:line: where: message (hint)``."""
        position = f"{self.file}:{self.line}" if self.line else self.file
        where = f" {self.where}:" if self.where else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{position}:{where} {self.message}{hint}"


class SpecLoadError(Exception):
    """Raised when a spec cannot be turned into a SpecBundle; carries every problem found."""

    def __init__(self, problems: list[SpecProblem]) -> None:
        self.problems = problems
        first = problems[0].render() if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")

    @property
    def unusable(self) -> bool:
        """True when at least one problem made the spec unreadable."""
        return any(p.severity is Severity.UNUSABLE for p in self.problems)
