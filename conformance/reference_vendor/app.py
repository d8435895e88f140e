"""The reference vendor as a FastAPI application: every business's pull API and file drop.

`create_app` builds the app from already-typed business data (no app, engine or data at import
time). With ``fault=`` it becomes one of the fault-seeded variants of `faults.CATALOGUE`.

Routes per business (base path from the spec, e.g. ``/resident-registry/v5``):
``GET {base}/meta``, one route per spec operation, and the file drop
``GET /files/{slug}/`` (JSON index ``{"files": [...]}``) and ``GET /files/{slug}/{name}``.
"""

from __future__ import annotations

import json
import random
import re
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from conformance.domain.spec import ApiOperation, ApiOperationKind
from conformance.reference_vendor.dataset import BusinessData, GroupData, to_json
from conformance.reference_vendor.faults import Fault, FaultKind, find_fault
from conformance.reference_vendor.linkage_files import render_files
from conformance.reference_vendor.mutations import (
    halfwidth_kana,
    kana_item,
    mandatory_item,
    outside_code_item,
    typed_item,
    wrong_type,
)

PROBLEM_MEDIA_TYPE = "application/problem+json"
MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 100
SLOW_LOOKUP_SECONDS = 1.2
PRODUCT = "conformance reference vendor"

Endpoint = Callable[[Request], Response]


def problem(status: int, code: str, title: str, detail: str | None = None) -> Response:
    """An RFC 9457 problem response with the spec's stable error code."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "code": code}
    if detail:
        body["detail"] = detail
    return Response(json.dumps(body, ensure_ascii=False), status_code=status, media_type=PROBLEM_MEDIA_TYPE)


class _BadParameterError(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def create_app(
    businesses: Sequence[BusinessData], *, token: str | None = None, fault: str | None = None,
    product_version: str = "1",
) -> FastAPI:
    """The reference vendor app.

    Args:
        businesses: the typed data of every business to serve.
        token: the bearer token the API requires (None: no authentication).
        fault: the name of a seeded fault (see `faults.CATALOGUE`), or None for the conformant vendor.
        product_version: advertised in every ``/meta`` answer.

    Raises:
        UnknownFaultError: `fault` is not in the catalogue.
    """
    seeded = find_fault(fault) if fault else None
    app = FastAPI(title=PRODUCT, docs_url=None, redoc_url=None, openapi_url=None)
    for data in businesses:
        _Routes(data, token, seeded, product_version).mount(app)
    return app


class _Routes:
    """The routes of one business, bound to its data and the (optional) seeded fault."""

    def __init__(self, data: BusinessData, token: str | None, fault: Fault | None, product_version: str) -> None:
        self.data = data
        self.token = token
        self.kind = fault.kind if fault is not None and fault.business == data.slug else None
        self.fault = fault
        self.product_version = product_version
        self.files: dict[str, bytes] | None = None
        self.rng = random.Random(0)

    def mount(self, app: FastAPI) -> None:
        base = self.data.bundle.api.base_path
        app.add_api_route(f"{base}/meta", self._guard(self._meta), methods=["GET"])
        for operation in sorted(self.data.bundle.api.operations, key=lambda o: o.kind is ApiOperationKind.LOOKUP):
            app.add_api_route(f"{base}{operation.path}", self._guard(self._handler(operation)), methods=["GET"])
        app.add_api_route(f"/files/{self.data.slug}/", self._guard(self._file_index), methods=["GET"])
        app.add_api_route(f"/files/{self.data.slug}/{{name}}", self._guard(self._file), methods=["GET"])

    # -- plumbing -------------------------------------------------------------------------------

    def _guard(self, endpoint: Endpoint) -> Callable[[Request], Response]:
        def guarded(request: Request) -> Response:
            denied = self._authenticate(request)
            if denied is not None:
                return denied
            try:
                return endpoint(request)
            except _BadParameterError as exc:
                if self.kind is FaultKind.ERROR_BODY_NOT_PROBLEM:
                    return JSONResponse({"message": exc.detail}, status_code=400)
                return problem(400, "INVALID_PARAMETER", "不正な要求", exc.detail)

        return guarded

    def _authenticate(self, request: Request) -> Response | None:
        if self.token is None or self.kind is FaultKind.AUTH_NOT_ENFORCED:
            return None
        header = request.headers.get("authorization", "")
        scheme, _, presented = header.partition(" ")
        accepted = self.kind is FaultKind.AUTH_ANY_TOKEN or secrets.compare_digest(
            presented.encode(), self.token.encode())
        if scheme.lower() == "bearer" and presented and accepted:
            return None
        response = problem(401, "UNAUTHORIZED", "認証されていません")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    def _json(self, body: Any, status: int = 200) -> Response:
        media = "text/plain" if self.kind is FaultKind.CONTENT_TYPE_WRONG else "application/json"
        return Response(json.dumps(body, ensure_ascii=False), status_code=status, media_type=media)

    def _record(self, group: GroupData, raw: Any) -> dict[str, Any]:
        record = to_json(group.group, raw)
        return self._mutate(group, record)

    def _mutate(self, group: GroupData, record: dict[str, Any]) -> dict[str, Any]:
        kind, data_group = self.kind, group.group
        if kind is FaultKind.MISSING_MANDATORY and (item := mandatory_item(data_group)) is not None:
            record.pop(item.field, None)
        elif kind is FaultKind.WRONG_TYPE and (item := typed_item(data_group)) is not None:
            if record.get(item.field) is not None:
                record[item.field] = wrong_type(record[item.field])
        elif kind is FaultKind.CODE_OUTSIDE_TABLE and (item := outside_code_item(data_group)) is not None:
            record[item.field] = "ZZ"
        elif kind is FaultKind.HALFWIDTH_KANA and (item := kana_item(data_group)) is not None:
            if isinstance(record.get(item.field), str):
                record[item.field] = halfwidth_kana(record[item.field])
        elif kind is FaultKind.EXTRA_PROPERTY:
            record["vendor_internal_id"] = "X-1"
        return record

    # -- endpoints ------------------------------------------------------------------------------

    def _meta(self, request: Request) -> Response:
        meta = self.data.bundle.meta
        return self._json({"business": meta.slug, "spec_version": meta.version, "product": PRODUCT,
                           "product_version": self.product_version})

    def _handler(self, operation: ApiOperation) -> Endpoint:
        group = self.data.groups[operation.group]
        if operation.kind is ApiOperationKind.LOOKUP:
            return lambda request: self._lookup(request, group)
        if operation.kind is ApiOperationKind.SEARCH:
            return lambda request: self._search(request, group)
        return lambda request: self._changes(request, group)

    def _lookup(self, request: Request, group: GroupData) -> Response:
        if self.kind is FaultKind.SLOW_LOOKUP:
            time.sleep(SLOW_LOOKUP_SECONDS)
        key_item = group.group.item(group.group.primary_key[0])
        key = str(request.path_params.get(key_item.field, ""))
        _check_key(key, key_item.length, key_item.pattern)
        found = group.index().get(key)
        if found is None and self.kind is FaultKind.DELETED_STILL_FOUND:
            found = next((c.raw for c in reversed(group.changes) if c.key == key), None)
        if found is None:
            if self.kind is FaultKind.LOOKUP_WRONG_STATUS:
                return self._json({})
            if self.kind is FaultKind.ERROR_BODY_NOT_PROBLEM:
                return JSONResponse({"message": "not found"}, status_code=404)
            return problem(404, "NOT_FOUND", "該当するデータがありません")
        return self._json(self._record(group, found))

    def _search(self, request: Request, group: GroupData) -> Response:
        page, per_page = self._paging(request)
        records = list(zip(group.keys, group.raw, strict=True))
        if self.kind is FaultKind.PAGING_UNSTABLE:
            self.rng.shuffle(records)
        start = (page - 1) * per_page
        if self.kind is FaultKind.PAGING_REPEATS and page > 1:
            start -= 1
        chosen = records[start : start + per_page]
        total = len(records) + (3 if self.kind is FaultKind.TOTAL_WRONG else 0)
        items = [self._record(group, raw) for _, raw in chosen]
        return self._json({"items": items, "page": page, "per_page": per_page, "total": total})

    def _changes(self, request: Request, group: GroupData) -> Response:
        since = _since(request.query_params.get("since"))
        page, per_page = self._paging(request)
        changes = group.changes
        if self.kind is not FaultKind.CHANGES_SINCE_IGNORED:
            changes = [c for c in changes if c.changed_at >= since]
        if self.kind is FaultKind.CHANGES_MISSING_DELETIONS:
            changes = [c for c in changes if c.operation != "deleted"]
        start = (page - 1) * per_page
        out = [self._change(group, change) for change in changes[start : start + per_page]]
        return self._json({"changes": out, "page": page, "per_page": per_page, "total": len(changes)})

    def _change(self, group: GroupData, change: Any) -> dict[str, Any]:
        stamp = change.changed_at.isoformat(timespec="seconds")
        if self.kind is FaultKind.CHANGES_NO_TIMEZONE:
            stamp = change.changed_at.replace(tzinfo=None).isoformat(timespec="seconds")
        record = None if change.operation == "deleted" else self._record(group, change.raw)
        if record is not None and self.kind is FaultKind.CHANGES_STALE_RECORD:
            record = _stale(group, record)
        return {"operation": change.operation, "changed_at": stamp, "key": change.key, "record": record}

    def _paging(self, request: Request) -> tuple[int, int]:
        page = _int_param(request, "page", 1)
        per_page = _int_param(request, "per_page", DEFAULT_PER_PAGE)
        lenient = self.kind is FaultKind.INVALID_PARAMETER_ACCEPTED
        if page < 1:
            raise _BadParameterError("page must be 1 or more")
        if not 1 <= per_page <= MAX_PER_PAGE:
            if not lenient:
                raise _BadParameterError(f"per_page must be between 1 and {MAX_PER_PAGE}")
            per_page = max(per_page, 1)
        return page, per_page

    def _file_index(self, request: Request) -> Response:
        return JSONResponse({"files": sorted(self._files())})

    def _file(self, request: Request) -> Response:
        name = str(request.path_params["name"])
        body = self._files().get(name)
        if body is None:
            return problem(404, "NOT_FOUND", "該当するファイルがありません")
        return Response(body, media_type="text/csv")

    def _files(self) -> dict[str, bytes]:
        if self.files is None:
            self.files = render_files(self.data, self.fault)
        return self.files


def _int_param(request: Request, name: str, default: int) -> int:
    values = request.query_params.getlist(name)
    if not values:
        return default
    if len(values) > 1:
        raise _BadParameterError(f"{name} given more than once")
    text = values[0]
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 200:
        raise _BadParameterError(f"{name} must be an integer")
    return int(text)


def _since(text: str | None) -> datetime:
    if not text:
        raise _BadParameterError("since is required")
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise _BadParameterError("since must be an ISO 8601 date-time with a timezone") from exc
    if value.tzinfo is None or len(text) < 19 or text[10] not in "Tt":
        raise _BadParameterError("since must be an ISO 8601 date-time with a timezone")
    return value


def _check_key(key: str, length: int | None, pattern: str | None) -> None:
    if not key or (length is not None and len(key) > length):
        raise _BadParameterError("key has the wrong length")
    if pattern is not None and not re.fullmatch(pattern, key):
        raise _BadParameterError("key does not match the pattern")


def _stale(group: GroupData, record: dict[str, Any]) -> dict[str, Any]:
    stale = dict(record)
    for item in group.group.items:
        value = stale.get(item.field)
        if item.id not in group.group.primary_key and isinstance(value, str) and item.code_table is None:
            stale[item.field] = value[:-1] + ("1" if value[-1:] != "1" else "2") if value else value
            break
    return stale
