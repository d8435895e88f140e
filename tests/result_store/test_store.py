"""The ResultStore contract, on the in-memory twin, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from conformance.domain.results import Verdict
from conformance.domain.results_codec import run_to_dict
from conformance.result_store import (
    WAIVER_FIELDS,
    DeclarationRecord,
    ResultStore,
    SqlResultStore,
    Waiver,
    make_engine,
    waiver_from_dict,
    waiver_to_dict,
)
from tests.result_store.factories import case, run


def test_run_round_trips_exactly(store: ResultStore) -> None:
    original = run("r1", (case("C1", Verdict.FAIL, ("RR-01-001",)), case("C2")))
    store.add_run(original)
    assert run_to_dict(store.get_run("r1")) == run_to_dict(original)


def test_unknown_run_is_key_error(store: ResultStore) -> None:
    with pytest.raises(KeyError):
        store.get_run("nope")


def test_duplicate_run_is_rejected(store: ResultStore) -> None:
    store.add_run(run("r1", (case("C1"),)))
    with pytest.raises(ValueError, match="already stored"):
        store.add_run(run("r1", (case("C1"),)))


def test_list_runs_filters_and_orders_oldest_first(store: ResultStore) -> None:
    store.add_run(run("late", (case("C1"),), minutes=10))
    store.add_run(run("early", (case("C1", Verdict.FAIL),), minutes=1))
    store.add_run(run("other", (case("C1"),), business="seal-registration", spec_version="2.1"))
    store.add_run(run("decl", (case("C1"),), kind="declaration", minutes=5))
    rows = store.list_runs(business="resident-registry", kind="data")
    assert [r.run_id for r in rows] == ["early", "late"]
    assert rows[0].verdict is Verdict.FAIL
    assert rows[0].started_at.tzinfo is not None
    assert [r.run_id for r in store.list_runs(product="Acme住民記録", product_version="1.0")] == [
        "other",
        "early",
        "decl",
        "late",
    ]
    assert store.list_runs(product="nobody") == []


def test_waivers_round_trip_and_filter(store: ResultStore) -> None:
    waiver = Waiver(
        waiver_id="W-2",
        product="Acme住民記録",
        business="resident-registry",
        spec_version="4.0",
        case_id="C1",
        justification="外字の対応は次版で",
        approver="標準化PMO",
        expires=date(2025, 9, 30),
        granted=date(2025, 4, 1),
    )
    store.add_waiver(waiver)
    store.add_waiver(Waiver(**{**_fields(waiver), "waiver_id": "W-1", "business": "seal-registration"}))
    assert [w.waiver_id for w in store.waivers()] == ["W-1", "W-2"]
    assert store.waivers(business="resident-registry") == [waiver]
    with pytest.raises(ValueError, match="already stored"):
        store.add_waiver(waiver)


def test_declarations_round_trip(store: ResultStore) -> None:
    record = DeclarationRecord(
        declaration_id="D1",
        business="resident-registry",
        spec_version="4.0",
        product="Acme住民記録",
        product_version="1.0",
        submitted_at=datetime(2025, 4, 2, tzinfo=UTC),
        document={"answers": [{"id": "RR-01-001", "answer": "実装"}]},
    )
    store.add_declaration(record)
    assert store.declarations(product="Acme住民記録") == [record]
    assert store.declarations(business="seal-registration") == []


def test_sql_store_uses_its_own_version_table(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'shared.db'}")
    store = SqlResultStore(engine)
    store.upgrade()
    store.upgrade()  # idempotent
    tables = set(inspect(engine).get_table_names())
    assert {"results_alembic_version", "results_runs", "results_waivers", "results_declarations"} <= tables
    assert "alembic_version" not in tables


def test_one_waiver_mapping_for_records_documents_and_columns(tmp_path: Path) -> None:
    waiver = Waiver("W-3", "Acme住民記録", "resident-registry", "4.0", "C1", "j", "a", date(2025, 9, 30),
                    date(2025, 4, 1), "1.0")
    engine = make_engine(f"sqlite:///{tmp_path / 'columns.db'}")
    SqlResultStore(engine).upgrade()
    columns = {column["name"] for column in inspect(engine).get_columns("results_waivers")}
    assert set(WAIVER_FIELDS) == set(waiver.__slots__) == columns
    document = waiver_to_dict(waiver)
    assert list(document) == list(WAIVER_FIELDS)
    assert document["granted"] == "2025-04-01" and document["expires"] == "2025-09-30"
    assert waiver_from_dict(document) == waiver
    assert waiver_from_dict({**document, "product_version": ""}).product_version is None


def _fields(waiver: Waiver) -> dict[str, object]:
    return {name: getattr(waiver, name) for name in waiver.__slots__}
