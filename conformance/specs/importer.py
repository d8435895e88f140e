"""Import official-style workbooks into the spec format.

Reads a 基本データリスト-style workbook (data items, and code tables from a sheet such as
コード一覧) and a 機能・帳票要件-style workbook (requirements), takes the version from the
【第X.Y版】 file-name convention, and writes a spec folder. English names, API fields and
verification methods are carried over by ID from a base version when one is given; whatever cannot
be derived is listed as a warning, never invented. The caller checks the result before keeping it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.domain.businesses import BUSINESSES, Business
from conformance.domain.spec import Category, Requirement, SpecBundle
from conformance.specs.workbook import Table, WorkbookError, find_table, normalise, open_workbook

VERSION_IN_NAME = re.compile(r"【第([0-9]+\.[0-9]+)版】")
DATE_IN_NAME = re.compile(r"_(20[0-9]{2})([01][0-9])([0-3][0-9])(?:[^0-9]|$)")
NUMBER_IN_NAME = re.compile(r"^([0-9]{3})_")

DATA_COLUMNS: dict[str, list[str]] = {
    "group": [
        "データグループ名",
        "データグループ",
        "データグループ名称",
        "エンティティ名",
        "エンティティ",
        "テーブル名",
    ],
    "group_id": ["データグループID", "エンティティID"],
    "item_id": ["データ項目ID", "項目ID"],
    "name_ja": ["データ項目名称", "データ項目名", "項目名称", "項目名"],
    "name_en": ["英字名称", "英語名称", "項目英名", "英名"],
    "description": ["説明", "定義", "説明定義", "備考"],
    "type": ["データ型", "型", "属性"],
    "length": ["桁数", "最大桁数", "長さ", "文字数"],
    "mandatory": ["必須", "必須区分", "必須任意"],
    "primary_key": ["主キー", "キー主", "PK"],
    "foreign_key": ["外部キー", "キー外部", "参照先", "FK"],
    "code_table": ["コード表", "コード表ID", "コード一覧", "コード"],
    "char_class": ["文字種", "文字種別"],
}
DATA_REQUIRED = ["group", "item_id", "name_ja", "type", "mandatory"]

CODE_COLUMNS: dict[str, list[str]] = {
    "table_id": ["コード表ID", "コードID"],
    "table_name": ["コード表名称", "コード表名"],
    "code": ["コード値", "コード"],
    "label": ["コード名称", "名称", "内容"],
}
CODE_REQUIRED = ["table_id", "code", "label"]

REQ_COLUMNS: dict[str, list[str]] = {
    "id": ["機能ID", "要件ID", "ID"],
    "chapter1": ["大項目", "大分類", "章"],
    "chapter2": ["中項目", "中分類", "節"],
    "chapter3": ["小項目", "小分類"],
    "title": ["機能名称", "機能名", "要件名"],
    "text": ["機能要件", "要件", "要件本文", "機能の内容", "内容", "説明"],
    "category": ["実装区分", "区分", "実装要否"],
    "note": ["備考"],
}
REQ_REQUIRED = ["id", "title", "text", "category"]

TYPES = {
    "文字列": "string",
    "文字": "string",
    "半角文字列": "string",
    "全角文字列": "string",
    "数値": "integer",
    "整数": "integer",
    "数字": "integer",
    "小数": "decimal",
    "金額": "integer",
    "日付": "date",
    "年月日": "date",
    "日時": "datetime",
    "日付時刻": "datetime",
    "年月日時分秒": "datetime",
    "フラグ": "flag",
    "真偽": "flag",
}
CHAR_CLASSES = {
    "行政事務標準文字": "gyosei-standard",
    "全角カタカナ": "fullwidth-katakana",
    "半角英数字": "halfwidth-alnum",
    "数字": "digits",
    "半角数字": "digits",
}
YES = {"○", "◯", "〇", "●", "必須", "1", "Y", "YES", "TRUE", "◎"}
NOT_TESTED = "取込時点では自動試験との対応付けがない(基本となる版がないため)"


class ImportContentError(WorkbookError):
    """The workbook content is unusable; the message names file, sheet, row and column."""


@dataclass(slots=True)
class ImportResult:
    """The documents to write and the warnings about what could not be derived."""

    business: Business
    version_id: str
    published: str | None
    documents: dict[str, dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


def version_from_name(path: Path) -> str | None:
    """``001_住民基本台帳_基本データリスト【第2.1版】_20230929.xlsx`` -> ``2.1``."""
    match = VERSION_IN_NAME.search(path.name)
    return match.group(1) if match else None


def date_from_name(path: Path) -> str | None:
    """The YYYYMMDD date of the file-name convention, as YYYY-MM-DD."""
    match = DATE_IN_NAME.search(path.stem)
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None


def business_from_name(path: Path) -> Business | None:
    """The business named by the 3-digit prefix or the Japanese name in a file name."""
    match = NUMBER_IN_NAME.match(path.name)
    if match:
        number = int(match.group(1))
        for business in BUSINESSES:
            if business.number == number:
                return business
    for business in sorted(BUSINESSES, key=lambda b: -len(b.name_ja)):
        if business.name_ja in path.name or business.label_ja in path.name:
            return business
    return None


def import_workbooks(
    data_list: Path,
    requirements: Path,
    business: Business | None,
    base: SpecBundle | None,
    common_items: Mapping[str, Mapping[str, Any]],
) -> ImportResult:
    """Read both workbooks into spec documents (requirements.yaml, data.yaml, code-tables.yaml, spec.yaml)."""
    version = _agreed_version(data_list, requirements)
    chosen = _agreed_business(data_list, requirements, business)
    warnings: list[str] = []
    data_book = open_workbook(data_list)
    data_table = find_table(data_book, data_list.name, DATA_COLUMNS, DATA_REQUIRED)
    groups = _groups(data_table, chosen, base, warnings)
    for group in groups:  # shared items keep their shared API field names
        for item in group["items"]:
            if item["id"] in common_items:
                item["field"] = common_items[item["id"]]["field"]
    code_tables = _code_tables(data_book, data_list.name)
    req_table = find_table(open_workbook(requirements), requirements.name, REQ_COLUMNS, REQ_REQUIRED)
    reqs = _requirements(req_table, base, warnings)
    published = date_from_name(data_list) or date_from_name(requirements)
    spec = _spec_document(chosen, version, published=published, base=base, groups=groups, warnings=warnings)
    _refer_to_common(groups, common_items)
    documents: dict[str, dict[str, Any]] = {
        "requirements.yaml": {"requirements": reqs},
        "data.yaml": {"data_groups": groups},
        "spec.yaml": spec,
    }
    if code_tables:
        documents["code-tables.yaml"] = {"code_tables": code_tables}
    return ImportResult(chosen, version, published, documents, warnings)


def _agreed_version(*paths: Path) -> str:
    versions = {path.name: version_from_name(path) for path in paths}
    found = {v for v in versions.values() if v}
    if not found:
        raise ImportContentError(
            "no version in the file names: expected the 【第X.Y版】 convention, e.g. "
            "001_住民基本台帳_基本データリスト【第2.1版】_20230929.xlsx"
        )
    if len(found) > 1:
        detail = ", ".join(f"{name}: {v}" for name, v in versions.items())
        raise ImportContentError(f"the workbooks name different versions ({detail})")
    return found.pop()


def _agreed_business(data_list: Path, requirements: Path, business: Business | None) -> Business:
    named = {b.slug for b in (business_from_name(data_list), business_from_name(requirements)) if b}
    if business is not None:
        if named and named != {business.slug}:
            raise ImportContentError(f"--business {business.slug} but the file names say {', '.join(sorted(named))}")
        return business
    if len(named) != 1:
        raise ImportContentError("cannot tell the business from the file names; pass --business SLUG")
    slug = named.pop()
    return next(b for b in BUSINESSES if b.slug == slug)


def _groups(table: Table, business: Business, base: SpecBundle | None, warnings: list[str]) -> list[dict[str, Any]]:
    base_items = {item.id: item for group in (base.data_groups if base else ()) for item in group.items}
    base_groups = {group.name_ja: group for group in (base.data_groups if base else ())}
    groups: dict[str, dict[str, Any]] = {}
    fields_used: dict[str, set[str]] = {}
    for number, row in table.rows:
        name = table.get(row, "group")
        item_id = table.get(row, "item_id")
        if not name or not item_id:
            raise ImportContentError(
                f"{table.where(number)}: データグループ and データ項目ID are required on every item row"
            )
        group = groups.get(name)
        if group is None:
            group = _new_group(table, row, name, business, base_groups=base_groups, position=len(groups) + 1)
            groups[name] = group
            fields_used[name] = set()
        item = _item(table, number, row, base_items, warnings)
        if item["field"] in fields_used[name]:
            item["field"] = f"{item['field']}_{len(fields_used[name])}"
        fields_used[name].add(item["field"])
        group["items"].append(item)
        if table.get(row, "primary_key").upper() in YES or normalise(table.get(row, "primary_key")) in YES:
            group["primary_key"].append(item_id)
    for group in groups.values():
        if not group["primary_key"]:
            raise ImportContentError(
                f"{table.file} [{table.sheet}]: data group '{group['name_ja']}' has no 主キー item"
            )
    return list(groups.values())


def _new_group(
    table: Table, row: tuple[Any, ...], name: str, business: Business, *, base_groups: dict[str, Any], position: int
) -> dict[str, Any]:
    prefix = "".join(part[0] for part in business.slug.split("-")).upper()
    base_group = base_groups.get(name)
    group_id = table.get(row, "group_id") or (base_group.id if base_group else f"{prefix}-G{position:02d}")
    return {
        "id": group_id,
        "name_ja": name,
        "name_en": base_group.name_en if base_group else name,
        "file": base_group.file if base_group else f"group_{position:02d}",
        "primary_key": [],
        "items": [],
    }


def _item(
    table: Table, number: int, row: tuple[Any, ...], base_items: dict[str, Any], warnings: list[str]
) -> dict[str, Any]:
    item_id = table.get(row, "item_id")
    item_type = _item_type(table, number, row)
    base_item = base_items.get(item_id)
    name_en = table.get(row, "name_en") or (base_item.name_en if base_item else "")
    if not name_en:
        warnings.append(f"{table.where(number)}: item {item_id} has no English name; using the Japanese name")
        name_en = table.get(row, "name_ja")
    item: dict[str, Any] = {
        "id": item_id,
        "name_ja": table.get(row, "name_ja"),
        "name_en": name_en,
        "field": base_item.field if base_item else _field_name(item_id),
        "type": item_type,
        "mandatory": normalise(table.get(row, "mandatory")).upper() in YES,
    }
    item.update(_length(table, number, row, item_type))
    code_table = table.get(row, "code_table")
    if code_table:
        item["code_table"] = code_table
    char_class = CHAR_CLASSES.get(normalise(table.get(row, "char_class")))
    if char_class:
        item["char_class"] = char_class
    item.update(_carried_over(base_item))
    description = table.get(row, "description")
    if description:
        item["description"] = description
    return item


def _item_type(table: Table, number: int, row: tuple[Any, ...]) -> str:
    item_type = TYPES.get(normalise(table.get(row, "type")))
    if item_type is None:
        raise ImportContentError(
            f"{table.where(number, 'データ型')}: unknown data type '{table.get(row, 'type')}' "
            f"(known: {', '.join(TYPES)})"
        )
    return item_type


def _length(table: Table, number: int, row: tuple[Any, ...], item_type: str) -> dict[str, int]:
    """`length` (and a decimal's `scale`) from 桁数 such as ``12`` or ``10.2``; nothing for other types."""
    if item_type not in ("string", "integer", "decimal"):
        return {}
    match = re.fullmatch(r"([0-9]+)(?:[.,]([0-9]+))?", normalise(table.get(row, "length")))
    if not match:
        raise ImportContentError(f"{table.where(number, '桁数')}: length '{table.get(row, 'length')}' is not a number")
    if item_type == "decimal":
        return {"length": int(match.group(1)), "scale": int(match.group(2) or 0)}
    return {"length": int(match.group(1))}


def _carried_over(base_item: Any) -> dict[str, Any]:
    """What the workbook does not carry but the base version's item does: pattern, check digit, personal data."""
    carried: dict[str, Any] = {}
    for attribute in ("pattern", "check_digit", "personal_data"):
        value = getattr(base_item, attribute, None) if base_item else None
        if value:
            carried[attribute] = value.value if hasattr(value, "value") else value
    return carried


def _refer_to_common(groups: list[dict[str, Any]], common_items: Mapping[str, Mapping[str, Any]]) -> None:
    """Items that are shared items (specs/common/data-items.yaml) become `{ref: ID}` entries."""
    for group in groups:
        for position, item in enumerate(group["items"]):
            shared = common_items.get(item["id"])
            if shared is None:
                continue
            entry: dict[str, Any] = {"ref": item["id"]}
            if item["mandatory"] != shared["mandatory"]:
                entry["mandatory"] = item["mandatory"]
            group["items"][position] = entry


def _field_name(item_id: str) -> str:
    return "f_" + re.sub(r"[^a-z0-9]+", "_", item_id.lower()).strip("_")


def _code_tables(workbook: Any, file: str) -> list[dict[str, Any]]:
    try:
        table = find_table(workbook, file, CODE_COLUMNS, CODE_REQUIRED)
    except WorkbookError:
        return []  # a data list without a code sheet: the items then refer to shared tables
    tables: dict[str, dict[str, Any]] = {}
    for number, row in table.rows:
        table_id = table.get(row, "table_id")
        code = table.get(row, "code")
        if not table_id or not code:
            raise ImportContentError(f"{table.where(number)}: コード表ID and コード are required on every code row")
        entry = tables.setdefault(
            table_id,
            {"id": table_id, "name_ja": table.get(row, "table_name") or table_id, "name_en": table_id, "codes": []},
        )
        entry["codes"].append({"code": code, "label_ja": table.get(row, "label")})
    return list(tables.values())


def _requirements(table: Table, base: SpecBundle | None, warnings: list[str]) -> list[dict[str, Any]]:
    base_reqs = {r.id: r for r in (base.requirements if base else ())}
    requirements = []
    for number, row in table.rows:
        rid = table.get(row, "id")
        if not rid:
            continue  # section heading rows carry no ID
        try:
            category = Category.from_label(table.get(row, "category"))
        except ValueError as exc:
            raise ImportContentError(f"{table.where(number, '実装区分')}: {exc}") from exc
        chapter = [table.get(row, c) for c in ("chapter1", "chapter2", "chapter3") if table.get(row, c)]
        base_req = base_reqs.get(rid)
        if base_req is None:
            warnings.append(f"{table.where(number)}: requirement {rid} is new; verified by declaration until mapped")
        entry: dict[str, Any] = {
            "id": rid,
            "chapter": chapter or (list(base_req.chapter) if base_req else ["(章なし)"]),
            "title": table.get(row, "title"),
            "text": table.get(row, "text"),
            "category": category.value,
            "verification": _verification(base_req),
        }
        if table.get(row, "note"):
            entry["note"] = table.get(row, "note")
        requirements.append(entry)
    if not requirements:
        raise ImportContentError(f"{table.file} [{table.sheet}]: no requirement rows under the header")
    return requirements


def _verification(base_req: Requirement | None) -> dict[str, Any]:
    """The base version's verification of a requirement; declaration (with the base's reason) otherwise."""
    if base_req is not None and base_req.verification.checks:
        return {"method": "automated", "checks": list(base_req.verification.checks)}
    reason = base_req.verification.reason if base_req and base_req.verification.reason else NOT_TESTED
    return {"method": "declaration", "reason": reason}


def _spec_document(
    business: Business,
    version: str,
    *,
    published: str | None,
    base: SpecBundle | None,
    groups: list[dict[str, Any]],
    warnings: list[str],
) -> dict[str, Any]:
    major = version.split(".", maxsplit=1)[0]
    if base is not None:
        linkage = _linkage_from_base(base, groups)
    else:
        linkage = _first_linkage(business, groups)
        warnings.append("no base version: API operations derived from the first data group; review spec.yaml")
    if published is None:
        warnings.append("no YYYYMMDD date in the file names; published set to base version's date or 1970-01-01")
        published = base.meta.published.isoformat() if base else "1970-01-01"
    return {
        "slug": business.slug,
        "name_ja": business.name_ja,
        "label_ja": business.label_ja,
        "name_en": business.name_en,
        "ministry": {"ja": business.ministry_ja, "en": business.ministry_en},
        "document": linkage["document"],
        "version": f"第{version}版",
        "published": published,
        "fidelity": "transcribed",
        "id_patterns": linkage["id_patterns"],
        "linkage": {
            "file": {},
            "api": {"base_path": f"/{business.slug}/v{major}", "operations": linkage["operations"]},
        },
        "non_functional": linkage["non_functional"],
    }


def _linkage_from_base(base: SpecBundle, groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Document names, ID patterns, API operations (of groups still present) and non-functional parameters
    carried over from the base version."""
    group_ids = {g["id"] for g in groups}
    return {
        "document": {"ja": base.meta.document_ja, "en": base.meta.document_en},
        "id_patterns": {"requirement": base.meta.requirement_id_pattern, "data_item": base.meta.item_id_pattern},
        "operations": [
            {
                "operation_id": op.operation_id,
                "kind": op.kind.value,
                "group": op.group,
                "path": op.path,
                "summary_ja": op.summary_ja,
            }
            for op in base.api.operations
            if op.group in group_ids
        ],
        "non_functional": [
            {
                "id": p.id,
                "name_ja": p.name_ja,
                "name_en": p.name_en,
                "value": p.value,
                "unit": p.unit,
                "status": "confirmed" if p.confirmed else "assumed",
                "mandatory": p.mandatory,
                "applies_to": list(p.applies_to),
            }
            for p in base.non_functional
        ],
    }


def _first_linkage(business: Business, groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Without a base version: generic document names and ID patterns, the first group's three operations,
    no non-functional parameters."""
    return {
        "document": {
            "ja": f"{business.label_ja}システム標準仕様書",
            "en": f"{business.name_en} standard specification",
        },
        "id_patterns": {"requirement": ".+", "data_item": ".+"},
        "operations": _default_operations(groups[0]),
        "non_functional": [],
    }


def _default_operations(group: dict[str, Any]) -> list[dict[str, Any]]:
    key = group["items"][[i["id"] for i in group["items"]].index(group["primary_key"][0])]["field"]
    return [
        {
            "operation_id": "getRecord",
            "kind": "lookup",
            "group": group["id"],
            "path": f"/{group['file']}/{{{key}}}",
            "summary_ja": f"{group['name_ja']}の照会",
        },
        {
            "operation_id": "searchRecords",
            "kind": "search",
            "group": group["id"],
            "path": f"/{group['file']}",
            "summary_ja": f"{group['name_ja']}の一覧取得",
        },
        {
            "operation_id": "listChanges",
            "kind": "changes",
            "group": group["id"],
            "path": f"/{group['file']}/changes",
            "summary_ja": f"{group['name_ja']}の変更取得",
        },
    ]
