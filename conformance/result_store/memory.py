"""The in-memory twin of the SQL store, for tests and one-shot CLI use."""

from __future__ import annotations

from conformance.domain.results import RunResult
from conformance.result_store.ordering import run_sort_key
from conformance.result_store.records import DeclarationRecord, StoredRun, Waiver


class InMemoryResultStore:
    """A ResultStore that keeps everything in dictionaries."""

    def __init__(self) -> None:
        self._runs: dict[str, RunResult] = {}
        self._waivers: dict[str, Waiver] = {}
        self._declarations: dict[str, DeclarationRecord] = {}

    def add_run(self, run: RunResult) -> None:
        """Store a run; the same run_id twice raises ValueError."""
        if run.run_id in self._runs:
            raise ValueError(f"run {run.run_id} is already stored")
        self._runs[run.run_id] = run

    def get_run(self, run_id: str) -> RunResult:
        """The run with this ID; KeyError if absent."""
        return self._runs[run_id]

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
        wanted = {
            "business": business,
            "spec_version": spec_version,
            "product": product,
            "product_version": product_version,
            "kind": kind,
        }
        rows = [StoredRun.of(run) for run in self._runs.values()]
        rows = [row for row in rows if all(v is None or getattr(row, k) == v for k, v in wanted.items())]
        return sorted(rows, key=run_sort_key)

    def add_waiver(self, waiver: Waiver) -> None:
        """Store a waiver; the same waiver_id twice raises ValueError."""
        if waiver.waiver_id in self._waivers:
            raise ValueError(f"waiver {waiver.waiver_id} is already stored")
        self._waivers[waiver.waiver_id] = waiver

    def waivers(self, *, product: str | None = None, business: str | None = None) -> list[Waiver]:
        """Waivers, optionally of one product and/or business, ordered by ID."""
        return [
            w
            for _, w in sorted(self._waivers.items())
            if (product is None or w.product == product) and (business is None or w.business == business)
        ]

    def add_declaration(self, record: DeclarationRecord) -> None:
        """Store a declaration; the same declaration_id twice raises ValueError."""
        if record.declaration_id in self._declarations:
            raise ValueError(f"declaration {record.declaration_id} is already stored")
        self._declarations[record.declaration_id] = record

    def declarations(
        self, *, product: str | None = None, business: str | None = None
    ) -> list[DeclarationRecord]:
        """Declarations, optionally filtered, oldest first."""
        found = [
            d
            for d in self._declarations.values()
            if (product is None or d.product == product) and (business is None or d.business == business)
        ]
        return sorted(found, key=lambda d: (d.submitted_at.timestamp(), d.declaration_id))
