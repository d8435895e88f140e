"""Schemathesis against the dashboard's own OpenAPI document, in-process over ASGI, as an agency user.

Bounded: a small example budget per operation and no per-example deadline (the first national
build takes seconds, and tens of seconds on a loaded machine, hence the request timeout of 120 s instead of
schemathesis's 10 s). Every check schemathesis runs by default must pass (no server errors,
status codes, content types and response bodies as documented).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from conformance.web import issue_session
from tests.web.conftest import SECRET

EXAMPLES_PER_OPERATION = 25
REQUEST_TIMEOUT = 120  # seconds


def test_api_conforms_to_its_openapi(app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    headers = {"Authorization": f"Bearer {issue_session(SECRET, 'agency', hours=1)}"}
    tested: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, timeout=REQUEST_TIMEOUT)

        check()
        tested.append(operation.label)
    assert len(tested) == 6, tested
