"""The store interface every consumer depends on (the SQL store and the in-memory twin implement it)."""

from __future__ import annotations

from typing import Protocol

from conformance.domain.results import RunResult
from conformance.result_store.records import DeclarationRecord, StoredRun, Waiver


class ResultStore(Protocol):
    """Keeps RunResults, waivers and declarations; never interprets them."""

    def add_run(self, run: RunResult) -> None:
        """Store a run; storing the same run_id twice raises ValueError."""
        ...

    def get_run(self, run_id: str) -> RunResult:
        """The run with this ID; KeyError if absent."""
        ...

    def list_runs(
        self,
        *,
        business: str | None = None,
        spec_version: str | None = None,
        product: str | None = None,
        product_version: str | None = None,
        kind: str | None = None,
    ) -> list[StoredRun]:
        """Summaries of the matching runs, oldest first."""
        ...

    def add_waiver(self, waiver: Waiver) -> None:
        """Store a waiver; the same waiver_id twice raises ValueError."""
        ...

    def waivers(self, *, product: str | None = None, business: str | None = None) -> list[Waiver]:
        """Waivers, optionally of one product and/or business, ordered by ID."""
        ...

    def add_declaration(self, record: DeclarationRecord) -> None:
        """Store a declaration; the same declaration_id twice raises ValueError."""
        ...

    def declarations(
        self, *, product: str | None = None, business: str | None = None
    ) -> list[DeclarationRecord]:
        """Declarations, optionally filtered, oldest first."""
        ...
