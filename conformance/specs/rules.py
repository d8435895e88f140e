"""Consistency rules a schema cannot express: unique IDs, resolvable references, agreeing keys."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from conformance.domain.businesses import SLUGS, closest
from conformance.specs.loader import Common, RawSpec, normalise_version, resolve_items
from conformance.specs.problems import SpecProblem

REQUIRED_OPERATION_KINDS = ("lookup", "search", "changes")


def reference_problems(raw: RawSpec, common: Common) -> list[SpecProblem]:
    """Every consistency problem of a schema-valid spec."""
    return [
        *_identity(raw),
        *_requirements(raw),
        *_code_tables(raw, common),
        *_groups(raw, common),
        *_cross_field(raw, common),
        *_api(raw),
        *_non_functional(raw),
    ]


def _identity(raw: RawSpec) -> Iterator[SpecProblem]:
    doc, source = raw.doc, raw.source
    if doc["slug"] not in SLUGS:
        guess = closest(doc["slug"], SLUGS)
        yield raw.problem(
            ("slug",),
            f"'{doc['slug']}' is not one of the 20 business slugs",
            f"did you mean '{guess}'?" if guess else None,
        )
    if doc["slug"] != source.slug:
        yield raw.problem(("slug",), f"slug '{doc['slug']}' does not match its folder '{source.slug}'")
    if normalise_version(doc["version"]) != source.version_id:
        yield raw.problem(("version",), f"version {doc['version']} does not match its folder '{source.version_id}'")


def _requirements(raw: RawSpec) -> Iterator[SpecProblem]:
    pattern = _compile(raw.doc["id_patterns"]["requirement"])
    seen: dict[str, int] = {}
    for position, requirement in enumerate(raw.doc["requirements"]):
        key = ("requirements", position, "id")
        rid = requirement["id"]
        if rid in seen:
            yield raw.problem(key, f"duplicate requirement id '{rid}'", f"first used at requirements[{seen[rid]}]")
        else:
            seen[rid] = position
        if pattern is not None and not pattern.fullmatch(rid):
            yield raw.problem(key, f"requirement id '{rid}' does not match id_patterns.requirement {pattern.pattern}")


def _code_tables(raw: RawSpec, common: Common) -> Iterator[SpecProblem]:
    seen: set[str] = set()
    for position, table in enumerate(raw.doc.get("code_tables", [])):
        key = ("code_tables", position, "id")
        if table["id"] in seen:
            yield raw.problem(key, f"duplicate code table id '{table['id']}'")
        if table["id"] in common.code_tables:
            yield raw.problem(key, f"code table '{table['id']}' shadows the common table of the same id")
        seen.add(table["id"])
        codes = [c["code"] for c in table["codes"]]
        for duplicate in sorted({c for c in codes if codes.count(c) > 1}):
            yield raw.problem(("code_tables", position, "codes"), f"duplicate code '{duplicate}' in '{table['id']}'")


def _known_tables(raw: RawSpec, common: Common) -> list[str]:
    return [*common.code_tables, *(t["id"] for t in raw.doc.get("code_tables", []))]


def _groups(raw: RawSpec, common: Common) -> Iterator[SpecProblem]:
    groups = raw.doc["data_groups"]
    group_ids = [g["id"] for g in groups]
    item_pattern = _compile(raw.doc["id_patterns"]["data_item"])
    tables = _known_tables(raw, common)
    seen_groups: set[str] = set()
    seen_files: set[str] = set()
    for g_pos, group in enumerate(groups):
        base = ("data_groups", g_pos)
        if group["id"] in seen_groups:
            yield raw.problem((*base, "id"), f"duplicate data group id '{group['id']}'")
        if group["file"] in seen_files:
            yield raw.problem((*base, "file"), f"duplicate file name '{group['file']}'")
        seen_groups.add(group["id"])
        seen_files.add(group["file"])
        yield from _group_items(raw, common, base=base, group=group, item_pattern=item_pattern, tables=tables)
        item_ids = [i["id"] for i in resolve_items(group["items"], common)]
        for k_pos, item_id in enumerate(group["primary_key"]):
            if item_id not in item_ids:
                yield raw.problem(
                    (*base, "primary_key", k_pos),
                    f"primary key item '{item_id}' is not in the group",
                    _did_you_mean(item_id, item_ids),
                )
        yield from _foreign_keys(raw, common, base=base, group=group, item_ids=item_ids, group_ids=group_ids)


def _group_items(
    raw: RawSpec,
    common: Common,
    *,
    base: tuple[Any, ...],
    group: dict[str, Any],
    item_pattern: re.Pattern[str] | None,
    tables: list[str],
) -> Iterator[SpecProblem]:
    seen: dict[str, set[str]] = {"id": set(), "name_ja": set(), "field": set()}
    for i_pos, entry in enumerate(group["items"]):
        key = (*base, "items", i_pos)
        if "ref" in entry:
            if entry["ref"] not in common.items:
                yield raw.problem(
                    (*key, "ref"),
                    f"unknown common item '{entry['ref']}'",
                    _did_you_mean(entry["ref"], list(common.items)),
                )
                continue
            item = {**common.items[entry["ref"]], **entry}
        else:
            item = entry
            if item_pattern is not None and not item_pattern.fullmatch(item["id"]):
                yield raw.problem(
                    (*key, "id"), f"item id '{item['id']}' does not match id_patterns.data_item {item_pattern.pattern}"
                )
        for attribute, values in seen.items():
            if item[attribute] in values:
                yield raw.problem(
                    (*key, attribute), f"duplicate {attribute} '{item[attribute]}' in group '{group['id']}'"
                )
            values.add(item[attribute])
        if "code_table" in item and item["code_table"] not in tables:
            yield raw.problem(
                (*key, "code_table"),
                f"unknown code table '{item['code_table']}'",
                _did_you_mean(item["code_table"], tables),
            )
        if "pattern" in item:
            if _compile(item["pattern"]) is None:
                yield raw.problem((*key, "pattern"), f"pattern '{item['pattern']}' is not a valid regular expression")
            elif "\\d" in item["pattern"]:
                yield raw.problem(
                    (*key, "pattern"), "pattern uses \\d, which also matches full-width digits", "write [0-9]"
                )


def _foreign_keys(
    raw: RawSpec,
    common: Common,
    *,
    base: tuple[Any, ...],
    group: dict[str, Any],
    item_ids: list[str],
    group_ids: list[str],
) -> Iterator[SpecProblem]:
    for f_pos, fk in enumerate(group.get("foreign_keys", [])):
        key = (*base, "foreign_keys", f_pos)
        for item_id in fk["items"]:
            if item_id not in item_ids:
                yield raw.problem(
                    (*key, "items"),
                    f"foreign key item '{item_id}' is not in the group",
                    _did_you_mean(item_id, item_ids),
                )
        target = next((g for g in raw.doc["data_groups"] if g["id"] == fk["group"]), None)
        if target is None:
            yield raw.problem(
                (*key, "group"),
                f"foreign key refers to unknown group '{fk['group']}'",
                _did_you_mean(fk["group"], group_ids),
            )
            continue
        if list(fk["ref_items"]) != list(target["primary_key"]):
            yield raw.problem(
                (*key, "ref_items"),
                f"ref_items {fk['ref_items']} are not the primary key {target['primary_key']} of '{fk['group']}'",
            )
        if len(fk["items"]) != len(fk["ref_items"]):
            yield raw.problem((*key, "items"), "items and ref_items differ in length")


def _cross_field(raw: RawSpec, common: Common) -> Iterator[SpecProblem]:
    groups = {g["id"]: resolve_items(g["items"], common) for g in raw.doc["data_groups"]}
    requirement_ids = [r["id"] for r in raw.doc["requirements"]]
    seen: set[str] = set()
    for position, rule in enumerate(raw.doc.get("cross_field_rules", [])):
        key = ("cross_field_rules", position)
        if rule["id"] in seen:
            yield raw.problem((*key, "id"), f"duplicate cross-field rule id '{rule['id']}'")
        seen.add(rule["id"])
        items = groups.get(rule["group"])
        if items is None:
            yield raw.problem(
                (*key, "group"), f"unknown group '{rule['group']}'", _did_you_mean(rule["group"], list(groups))
            )
            continue
        by_id = {i["id"]: i for i in items}
        for attribute in ("item", "other"):
            if rule[attribute] not in by_id:
                yield raw.problem(
                    (*key, attribute),
                    f"item '{rule[attribute]}' is not in group '{rule['group']}'",
                    _did_you_mean(rule[attribute], list(by_id)),
                )
        if rule["item"] in by_id and rule["other"] in by_id:
            yield from _cross_field_types(raw, key, rule, by_id, common)
        for r_pos, rid in enumerate(rule.get("requirements", [])):
            if rid not in requirement_ids:
                yield raw.problem(
                    (*key, "requirements", r_pos), f"unknown requirement '{rid}'", _did_you_mean(rid, requirement_ids)
                )


def _cross_field_types(
    raw: RawSpec, key: tuple[Any, ...], rule: dict[str, Any], by_id: dict[str, Any], common: Common
) -> Iterator[SpecProblem]:
    item, other = by_id[rule["item"]], by_id[rule["other"]]
    if rule["kind"] == "not_before" and not (
        item["type"] in ("date", "datetime") and other["type"] in ("date", "datetime")
    ):
        yield raw.problem((*key, "kind"), "not_before needs two date items")
    if rule["kind"] in ("required_when", "empty_when") and "code_table" in other:
        tables = {
            **{t: [c.code for c in common.code_tables[t].codes] for t in common.code_tables},
            **{t["id"]: [c["code"] for c in t["codes"]] for t in raw.doc.get("code_tables", [])},
        }
        valid = tables.get(other["code_table"], [])
        for v_pos, value in enumerate(rule.get("values", [])):
            if value not in valid:
                yield raw.problem((*key, "values", v_pos), f"'{value}' is not a code of {other['code_table']}")


def _api(raw: RawSpec) -> Iterator[SpecProblem]:
    api = raw.doc["linkage"]["api"]
    group_ids = [g["id"] for g in raw.doc["data_groups"]]
    seen_ids: set[str] = set()
    seen_routes: set[str] = set()
    for position, op in enumerate(api["operations"]):
        key = ("linkage", "api", "operations", position)
        if op["operation_id"] in seen_ids:
            yield raw.problem((*key, "operation_id"), f"duplicate operation_id '{op['operation_id']}'")
        if op["path"] in seen_routes:
            yield raw.problem((*key, "path"), f"duplicate path '{op['path']}'")
        seen_ids.add(op["operation_id"])
        seen_routes.add(op["path"])
        if op["group"] not in group_ids:
            yield raw.problem((*key, "group"), f"unknown group '{op['group']}'", _did_you_mean(op["group"], group_ids))
            continue
        group = next(g for g in raw.doc["data_groups"] if g["id"] == op["group"])
        if op["kind"] == "lookup":
            if len(group["primary_key"]) != 1:
                yield raw.problem((*key, "group"), "a lookup needs a group with a single-item primary key")
            elif not re.search(r"\{[a-z][a-z0-9_]*\}$", op["path"]):
                yield raw.problem(
                    (*key, "path"), "a lookup path ends with the key parameter, e.g. /residents/{atena_number}"
                )
    kinds = {op["kind"] for op in api["operations"]}
    for kind in REQUIRED_OPERATION_KINDS:
        if kind not in kinds:
            yield raw.problem(
                ("linkage", "api", "operations"),
                f"no '{kind}' operation; every business needs lookup, search and changes",
            )


def _non_functional(raw: RawSpec) -> Iterator[SpecProblem]:
    targets = [op["operation_id"] for op in raw.doc["linkage"]["api"]["operations"]] + list(REQUIRED_OPERATION_KINDS)
    seen: set[str] = set()
    for position, parameter in enumerate(raw.doc["non_functional"]):
        key = ("non_functional", position)
        if parameter["id"] in seen:
            yield raw.problem((*key, "id"), f"duplicate parameter id '{parameter['id']}'")
        seen.add(parameter["id"])
        for t_pos, target in enumerate(parameter.get("applies_to", [])):
            if target not in targets:
                yield raw.problem(
                    (*key, "applies_to", t_pos),
                    f"'{target}' is neither an operation_id nor an operation kind",
                    _did_you_mean(target, targets),
                )


def _compile(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _did_you_mean(word: str, candidates: list[str]) -> str | None:
    guess = closest(word, candidates)
    return f"did you mean '{guess}'?" if guess else None
