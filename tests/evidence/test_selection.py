"""Which runs a certification rests on: run files named for the product, the store's runs, the subjects."""

from __future__ import annotations

import pytest

from conformance.domain.results import Verdict
from conformance.evidence import ProductMismatchError, attach_product, product_runs, subjects
from conformance.result_store import InMemoryResultStore
from tests.result_store.factories import case, run

PRODUCT, VERSION = "Acme住民記録", "1.0"


def test_a_run_naming_no_product_is_named_for_it_and_another_is_refused() -> None:
    delivery = run("d1", (case("C1"),), product=None, product_version=None)
    attached = attach_product(delivery, PRODUCT, VERSION)
    assert (attached.subject.product, attached.subject.product_version) == (PRODUCT, VERSION)
    assert attach_product(delivery, None, None) is delivery
    mine = run("m1", (case("C1"),))
    assert attach_product(mine, PRODUCT, VERSION) is mine
    with pytest.raises(ProductMismatchError, match=r"run m1 is about Acme住民記録 1\.0, not Other 2"):
        attach_product(mine, "Other", "2")


def test_product_runs_take_the_given_runs_first_and_the_stored_ones_once() -> None:
    store = InMemoryResultStore()
    for stored in (run("s1", (case("C1"),)), run("given", (case("C1", Verdict.FAIL),)),
                   run("other", (case("C1"),), product="Other")):
        store.add_run(stored)
    given = run("given", (case("C1"),), minutes=5)
    runs = product_runs(store, PRODUCT, VERSION, [given])
    assert [r.run_id for r in runs] == ["given", "s1"]
    assert runs[0] is given
    assert [r.run_id for r in product_runs(None, PRODUCT, VERSION, [given])] == ["given"]


def test_subjects_are_the_businesses_asked_for_or_those_of_the_runs() -> None:
    runs = [run("a", (case("C1"),), spec_version="4.0", minutes=1),
            run("b", (case("C1"),), spec_version="5.0", minutes=2),
            run("c", (case("C1"),), business="fixed-asset-tax", spec_version="2.0")]
    assert subjects(runs) == [("fixed-asset-tax", "2.0"), ("resident-registry", "4.0"), ("resident-registry", "5.0")]
    assert subjects(runs, ["resident-registry", "seal-registration"]) == [
        ("resident-registry", "5.0"), ("seal-registration", None)]
    assert subjects(runs, ["resident-registry"], "4.0") == [("resident-registry", "4.0")]
