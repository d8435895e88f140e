"""The pull-API document of a spec: generated from the data items, and checked against them.

`generate` builds the OpenAPI 3.1 document from a SpecBundle — the single source of truth is the
basic data list. `openapi_problems` validates the shipped `openapi.yaml` with
openapi-spec-validator and reports every place where it disagrees with the data items, so the two
can never drift apart silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from conformance.domain.spec import ApiOperation, ApiOperationKind, DataGroup, DataItem, ItemType, SpecBundle
from conformance.specs.problems import SpecProblem
from conformance.specs.yamlfile import YamlDocument, render_path

PROBLEM_MEDIA_TYPE = "application/problem+json"
MAX_PER_PAGE = 500
# Keywords of a property schema that must agree with its data item.
COMPARED_KEYWORDS = ("type", "format", "maxLength", "pattern", "enum", "minimum", "maximum", "x-item-id")


def item_schema(item: DataItem, bundle: SpecBundle) -> dict[str, Any]:
    """The JSON Schema of one data item's value in an API response."""
    schema: dict[str, Any]
    if item.type is ItemType.STRING:
        schema = {"type": "string", "maxLength": item.length}
        if item.pattern:
            schema["pattern"] = f"^(?:{item.pattern})$"
        if item.code_table:
            schema["enum"] = [code.code for code in bundle.code_tables[item.code_table].codes]
    elif item.type is ItemType.INTEGER:
        bound = 10 ** (item.length or 18) - 1
        schema = {"type": "integer", "minimum": -bound, "maximum": bound}
    elif item.type is ItemType.DECIMAL:
        schema = {"type": "number"}
    elif item.type is ItemType.DATE:
        schema = {"type": "string", "format": "date"}
    elif item.type is ItemType.DATETIME:
        schema = {"type": "string", "format": "date-time"}
    else:
        schema = {"type": "boolean"}
    if not item.mandatory:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    schema["x-item-id"] = item.id
    schema["description"] = f"{item.name_ja} ({item.name_en})"
    return schema


def group_schema(group: DataGroup, bundle: SpecBundle) -> dict[str, Any]:
    """The JSON Schema of one record of a data group."""
    return {
        "type": "object",
        "title": f"{group.name_ja} ({group.name_en})",
        "x-data-group": group.id,
        "additionalProperties": False,
        "required": [item.field for item in group.items if item.mandatory],
        "properties": {item.field: item_schema(item, bundle) for item in group.items},
    }


def schema_name(group: DataGroup) -> str:
    """Component name of a group's record schema: its id in PascalCase (``RR-PERSON`` -> ``RrPerson``)."""
    return "".join(part.capitalize() for part in group.id.split("-"))


def generate(bundle: SpecBundle) -> dict[str, Any]:
    """The complete OpenAPI 3.1 document for a spec version."""
    meta = bundle.meta
    schemas: dict[str, Any] = {
        "Problem": _problem_schema(),
        "Meta": _meta_schema(),
    }
    for group in bundle.data_groups:
        name = schema_name(group)
        schemas[name] = group_schema(group, bundle)
        schemas[f"{name}Page"] = _page_schema(name)
        schemas[f"{name}Change"] = _change_schema(name)
        schemas[f"{name}ChangeFeed"] = _feed_schema(name)
    paths: dict[str, Any] = {f"{bundle.api.base_path}/meta": {"get": _meta_operation(bundle)}}
    for operation in bundle.api.operations:
        group = bundle.group(operation.group)
        paths[f"{bundle.api.base_path}{operation.path}"] = {"get": _operation(operation, group)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{meta.label_ja}システム 連携API ({meta.name_en} linkage API)",
            "version": meta.version_id,
            "description": (
                f"{meta.document_ja} {meta.version} に基づく照会型(プル型)API。"
                "このファイルは `conformance specs build-openapi` が基本データリストから生成する。"
            ),
            "x-business": meta.slug,
            "x-spec-version": meta.version,
        },
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
            "responses": _common_responses(),
        },
    }


def _operation(operation: ApiOperation, group: DataGroup) -> dict[str, Any]:
    name = schema_name(group)
    responses: dict[str, Any] = {
        "400": {"$ref": "#/components/responses/BadRequest"},
        "401": {"$ref": "#/components/responses/Unauthorized"},
    }
    parameters: list[dict[str, Any]]
    if operation.kind is ApiOperationKind.LOOKUP:
        key = group.item(group.primary_key[0])
        parameters = [
            {
                "name": key.field,
                "in": "path",
                "required": True,
                "description": key.name_ja,
                "schema": _key_parameter_schema(key),
            }
        ]
        body = name
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    elif operation.kind is ApiOperationKind.SEARCH:
        parameters = _paging_parameters()
        body = f"{name}Page"
    else:
        parameters = [
            {
                "name": "since",
                "in": "query",
                "required": True,
                "description": "この日時以降の変更 (ISO 8601, タイムゾーン付き)",
                "schema": {"type": "string", "format": "date-time"},
            },
            *_paging_parameters(),
        ]
        body = f"{name}ChangeFeed"
    responses["200"] = {
        "description": "OK",
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
    }
    return {
        "operationId": operation.operation_id,
        "summary": operation.summary_ja,
        "x-operation-kind": operation.kind.value,
        "x-data-group": group.id,
        "parameters": parameters,
        "responses": dict(sorted(responses.items())),
    }


def _key_parameter_schema(key: DataItem) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": key.length}
    if key.pattern:
        schema["pattern"] = f"^(?:{key.pattern})$"
    return schema


def _paging_parameters() -> list[dict[str, Any]]:
    return [
        {
            "name": "page",
            "in": "query",
            "required": False,
            "description": "ページ番号 (1始まり)",
            "schema": {"type": "integer", "minimum": 1, "default": 1},
        },
        {
            "name": "per_page",
            "in": "query",
            "required": False,
            "description": "1ページの件数",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 100},
        },
    ]


def _meta_operation(bundle: SpecBundle) -> dict[str, Any]:
    return {
        "operationId": "getMeta",
        "summary": "準拠する標準仕様の版を返す",
        "x-operation-kind": "meta",
        "responses": {
            "200": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Meta"}}},
            },
            "401": {"$ref": "#/components/responses/Unauthorized"},
        },
    }


def _page_schema(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0},
        },
    }


def _change_schema(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["operation", "changed_at", "key", "record"],
        "properties": {
            "operation": {"enum": ["added", "updated", "deleted"], "description": "連携区分"},
            "changed_at": {"type": "string", "format": "date-time", "description": "連携日時"},
            "key": {"type": "string", "description": "変更されたレコードの主キー"},
            "record": {
                "oneOf": [{"$ref": f"#/components/schemas/{name}"}, {"type": "null"}],
                "description": "削除のときは null",
            },
        },
    }


def _feed_schema(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["changes", "page", "per_page", "total"],
        "properties": {
            "changes": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}Change"}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0},
        },
    }


def _problem_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "RFC 9457 problem details, with a stable error code",
        "required": ["type", "title", "status", "code"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
            "detail": {"type": "string"},
        },
    }


def _meta_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["business", "spec_version"],
        "properties": {
            "business": {"type": "string"},
            "spec_version": {"type": "string", "description": "e.g. 第4.0版"},
            "product": {"type": "string"},
            "product_version": {"type": "string"},
        },
    }


def _common_responses() -> dict[str, Any]:
    def problem(description: str) -> dict[str, Any]:
        return {
            "description": description,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }

    return {
        "BadRequest": problem("不正な要求 (code: INVALID_PARAMETER)"),
        "Unauthorized": problem("認証されていない (code: UNAUTHORIZED)"),
        "NotFound": problem("該当なし (code: NOT_FOUND)"),
    }


def openapi_problems(bundle: SpecBundle, document: YamlDocument | None, display: str) -> list[SpecProblem]:
    """Validate the shipped openapi.yaml and compare it with what the data items imply."""
    if document is None:
        return [SpecProblem(display, "", "openapi.yaml is missing", hint="run: conformance specs build-openapi")]
    if not isinstance(document.data, dict):
        return [SpecProblem(display, "", "openapi.yaml must be a mapping", line=1)]
    problems = list(_validator_problems(document))
    if problems:
        return problems
    return list(_drift(generate(bundle), document))


def _validator_problems(document: YamlDocument) -> Iterator[SpecProblem]:
    from openapi_spec_validator import OpenAPIV31SpecValidator  # imported on use: it costs ~0.2 s at start-up

    try:
        errors = list(OpenAPIV31SpecValidator(document.data).iter_errors())
    except Exception as exc:  # the validator raises (not yields) on unresolvable $refs
        yield SpecProblem(document.display, "", f"invalid OpenAPI document: {type(exc).__name__}: {_short(exc)}")
        return
    for error in errors:
        key = tuple(getattr(error, "absolute_path", ()) or ())
        yield SpecProblem(document.display, render_path(key), f"invalid OpenAPI: {_short(error)}", document.line(key))


def _drift(expected: Mapping[str, Any], document: YamlDocument) -> Iterator[SpecProblem]:
    actual = document.data
    expected_schemas = expected["components"]["schemas"]
    actual_schemas = actual.get("components", {}).get("schemas", {})
    for name, schema in expected_schemas.items():
        key: tuple[str | int, ...] = ("components", "schemas", name)
        if name not in actual_schemas:
            yield SpecProblem(
                document.display,
                render_path(key),
                f"schema '{name}' is missing",
                document.line(key),
                "run: conformance specs build-openapi",
            )
            continue
        if "x-data-group" in schema:
            yield from _record_drift(schema, actual_schemas[name], key, document)
    for path, item in expected["paths"].items():
        key = ("paths", path)
        actual_item = actual.get("paths", {}).get(path)
        if actual_item is None:
            yield SpecProblem(
                document.display, render_path(key), f"path '{path}' is missing", document.line(("paths",))
            )
            continue
        expected_id = item["get"]["operationId"]
        actual_id = actual_item.get("get", {}).get("operationId")
        if actual_id != expected_id:
            yield SpecProblem(
                document.display,
                render_path((*key, "get", "operationId")),
                f"operationId is '{actual_id}', the spec says '{expected_id}'",
                document.line(key),
            )
    for path in actual.get("paths", {}):
        if path not in expected["paths"]:
            yield SpecProblem(
                document.display,
                render_path(("paths", path)),
                f"path '{path}' is not an operation of the spec",
                document.line(("paths", path)),
            )


def _record_drift(
    expected: Mapping[str, Any], actual: Mapping[str, Any], key: tuple[str | int, ...], document: YamlDocument
) -> Iterator[SpecProblem]:
    expected_props = expected["properties"]
    actual_props = actual.get("properties", {})
    for field, schema in expected_props.items():
        prop_key = (*key, "properties", field)
        item = f"{schema['x-item-id']} {schema['description']}"
        if field not in actual_props:
            yield SpecProblem(
                document.display,
                render_path(prop_key),
                f"property missing for data item {item}",
                document.line((*key, "properties")),
            )
            continue
        for keyword in COMPARED_KEYWORDS:
            if schema.get(keyword) != actual_props[field].get(keyword):
                yield SpecProblem(
                    document.display,
                    render_path((*prop_key, keyword)),
                    f"{keyword} is {actual_props[field].get(keyword)!r} but data item {item} implies "
                    f"{schema.get(keyword)!r}",
                    document.line((*prop_key, keyword)),
                )
    for field in actual_props:
        if field not in expected_props:
            yield SpecProblem(
                document.display,
                render_path((*key, "properties", field)),
                f"property '{field}' has no data item",
                document.line((*key, "properties", field)),
            )
    if sorted(expected["required"]) != sorted(actual.get("required", [])):
        yield SpecProblem(
            document.display,
            render_path((*key, "required")),
            f"required is {actual.get('required')} but the mandatory items are {expected['required']}",
            document.line((*key, "required")),
        )


def _short(value: object) -> str:
    text = str(value).splitlines()[0] if str(value) else repr(value)
    return text if len(text) <= 200 else text[:197] + "..."
