"""Two imports at once never interleave: the second sees the first's result (both backends)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from conformance.storage import make_engine
from conformance.tracker import ImportSummary, InputRejectedError, StepStatus, TrackerStore, import_workbook
from tests.tracker.conftest import steps_row

CHIYODA = "131016"


def test_concurrent_imports_are_serialised(db_url: str, store: TrackerStore,
                                           make_workbook: Callable[..., Path]) -> None:
    rows = [{"lg_code": CHIYODA, "business": b, "as_of": "2025-07-31"} for b in
            ("resident-registry", "koseki-supplement", "seal-registration")]
    small = make_workbook([{**r, "steps": steps_row(10)} for r in rows], name="ten.xlsx")
    large = make_workbook([{**r, "steps": steps_row(12)} for r in rows], name="twelve.xlsx")
    barrier = threading.Barrier(2)
    outcomes: dict[str, ImportSummary | InputRejectedError] = {}

    def run(path: Path) -> None:
        own = TrackerStore(make_engine(db_url))  # a separate engine, as a second process would have
        barrier.wait()
        try:
            outcomes[path.name] = import_workbook(own, path, actor=path.stem)
        except InputRejectedError as error:
            outcomes[path.name] = error
        own.engine.dispose()

    threads = [threading.Thread(target=run, args=(p,)) for p in (small, large)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert isinstance(outcomes["twelve.xlsx"], ImportSummary)
    # Either ten went first (then twelve advanced it) or twelve went first (then ten would go backwards).
    ten = outcomes["ten.xlsx"]
    if isinstance(ten, InputRejectedError):
        assert {p.code for p in ten.problems} == {"step_backwards"}
    states = store.states([CHIYODA])
    assert [states[(CHIYODA, r["business"])].steps.count(StepStatus.DONE) for r in rows] == [12, 12, 12]
    history = store.history(CHIYODA)
    by_import: dict[int, set[str]] = {}
    for entry in history:
        by_import.setdefault(entry.import_id, set()).add(entry.actor)
    assert all(len(actors) == 1 for actors in by_import.values())
    step11 = [h for h in history if h.field == "step:11" and h.business == "resident-registry"]
    assert len(step11) == 1 and step11[0].new_value == "done" and step11[0].actor == "twelve"
