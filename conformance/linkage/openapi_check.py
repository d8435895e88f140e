"""Validate vendor responses against the spec's OpenAPI document with openapi-core.

`ResponseValidator` is built once per business (openapi-core compiles the document) and turns
every disagreement — undocumented status, wrong content type, a body that breaks the schema —
into short messages with a JSON pointer where openapi-core gives one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from conformance.linkage.transport import Exchange

HOST = "http://vendor.invalid"


@dataclass(slots=True)
class _Request:
    path: str
    method: str
    parameters: RequestParameters
    host_url: str = HOST
    body: bytes | None = None
    content_type: str = "application/json"


@dataclass(slots=True)
class _Response:
    status_code: int
    content_type: str
    data: bytes | None
    headers: Headers = field(default_factory=Headers)


class ResponseValidator:
    """Checks exchanges against one OpenAPI document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
        self._openapi = OpenAPI.from_dict(dict(document), config=config)

    def problems(self, exchange: Exchange) -> list[str]:
        """Every way the exchange's response disagrees with the document (empty when it conforms)."""
        split = urlsplit(exchange.path)
        query = ImmutableMultiDict(parse_qsl(split.query, keep_blank_values=True))
        request = _Request(split.path, exchange.method.lower(), RequestParameters(query=query))
        response = _Response(exchange.status, exchange.headers.get("content-type", "").lower(), exchange.body,
                             Headers(list(exchange.headers.items())))
        return list(_messages(self._openapi.iter_response_errors(request, response)))


def _messages(errors: Iterator[Exception]) -> Iterator[str]:
    for error in errors:
        cause = error.__cause__
        nested = getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None)
        if nested:
            for schema_error in list(nested)[:5]:
                pointer = "/" + "/".join(str(p) for p in getattr(schema_error, "absolute_path", ()))
                yield f"{pointer}: {_short(getattr(schema_error, 'message', str(schema_error)))}"
        else:
            yield _short(f"{type(error).__name__}: {error}" + (f" ({cause})" if cause else ""))


def _short(text: str) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= 200 else line[:197] + "..."
