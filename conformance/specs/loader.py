"""Load a spec version folder into a SpecBundle.

A folder `specs/<slug>/<version>/` holds `spec.yaml` (metadata, linkage, non-functional),
`requirements.yaml`, `data.yaml`, optionally `code-tables.yaml`, and `openapi.yaml`. They are
merged into one document, validated against the bundled JSON Schema, their references resolved
against `specs/common/`, and turned into the frozen types of `conformance.domain.spec`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conformance.domain.businesses import BUSINESSES, closest
from conformance.domain.spec import (
    ApiLinkage,
    ApiOperation,
    ApiOperationKind,
    CharClass,
    CheckDigit,
    Code,
    CodeTable,
    CrossFieldKind,
    CrossFieldRule,
    DataGroup,
    DataItem,
    Fidelity,
    FileLinkage,
    ForeignKey,
    ItemType,
    NonFunctionalParameter,
    Requirement,
    SpecBundle,
    SpecMeta,
    Verification,
    VerificationMethod,
)
from conformance.specs import receipts
from conformance.specs.location import schema_path
from conformance.specs.problems import Severity, SpecLoadError, SpecProblem
from conformance.specs.yamlfile import PathKey, YamlDocument, YamlReadError, read_yaml, render_path

if TYPE_CHECKING:
    import jsonschema  # imported where a check runs (see _schema_problems)

# file name -> the top-level keys of the merged document it provides (None: every key)
SECTION_FILES: dict[str, tuple[str, ...] | None] = {
    "spec.yaml": None,
    "requirements.yaml": ("requirements",),
    "data.yaml": ("data_groups", "cross_field_rules"),
    "code-tables.yaml": ("code_tables",),
}
OPTIONAL_FILES = frozenset({"code-tables.yaml"})
OPENAPI_FILE = "openapi.yaml"
VERSION_DIR = re.compile(r"^[0-9]+\.[0-9]+$")
BUSINESS_ORDER = {b.slug: b.number for b in BUSINESSES}


@dataclass(frozen=True, slots=True)
class SpecSource:
    """A spec version folder found on disk."""

    slug: str
    version_id: str
    path: Path

    @property
    def label(self) -> str:
        """``slug@version``."""
        return f"{self.slug}@{self.version_id}"


@dataclass(frozen=True, slots=True)
class Common:
    """The shared part of every spec: code tables, data items, file-linkage defaults."""

    code_tables: dict[str, CodeTable]
    items: dict[str, dict[str, Any]]
    file_linkage: dict[str, Any]
    files: dict[str, Path] = field(default_factory=dict)


@dataclass(slots=True)
class RawSpec:
    """The merged YAML of one spec version and the file each top-level key came from."""

    source: SpecSource
    doc: dict[str, Any]
    origin: dict[str, YamlDocument]
    openapi: YamlDocument | None

    def locate(self, key: PathKey) -> tuple[str, int | None]:
        """The file and line of a path in the merged document."""
        top = str(key[0]) if key else ""
        document = self.origin.get(top) or self.origin["spec.yaml"]
        return document.display, document.line(key)

    def problem(self, key: PathKey, message: str, hint: str | None = None) -> SpecProblem:
        """A finding at `key`."""
        display, line = self.locate(key)
        return SpecProblem(file=display, where=render_path(key), message=message, line=line, hint=hint)


def version_sort_key(version_id: str) -> tuple[int, ...]:
    """Numeric ordering of version ids (``4.0`` < ``4.10`` < ``5.0``)."""
    return tuple(int(part) for part in version_id.split("."))


def discover(specs_dir: Path) -> list[SpecSource]:
    """Every `<slug>/<version>/` folder under `specs_dir`, in official business order."""
    if not specs_dir.is_dir():
        raise SpecLoadError([_unusable(str(specs_dir), "specs directory not found")])
    sources = []
    for business_dir in specs_dir.iterdir():
        if not business_dir.is_dir() or business_dir.name == "common" or business_dir.name.startswith("."):
            continue
        for version_dir in business_dir.iterdir():
            if version_dir.is_dir() and VERSION_DIR.match(version_dir.name):
                sources.append(SpecSource(business_dir.name, version_dir.name, version_dir))
    return sorted(sources, key=lambda s: (BUSINESS_ORDER.get(s.slug, 99), s.slug, version_sort_key(s.version_id)))


def find_source(specs_dir: Path, slug: str, version: str | None = None) -> SpecSource:
    """The folder of `slug` at `version` (``4.0`` or ``第4.0版``), or its latest version."""
    sources = [s for s in discover(specs_dir) if s.slug == slug]
    if not sources:
        known = sorted({s.slug for s in discover(specs_dir)})
        hint = closest(slug, known)
        raise SpecLoadError(
            [_unusable(str(specs_dir), f"no spec for business '{slug}'", f"did you mean '{hint}'?" if hint else None)]
        )
    if version is None:
        return sources[-1]
    wanted = normalise_version(version)
    for source in sources:
        if source.version_id == wanted:
            return source
    available = ", ".join(s.version_id for s in sources)
    raise SpecLoadError([_unusable(str(specs_dir / slug), f"no version '{version}' (available: {available})")])


def normalise_version(version: str) -> str:
    """``第4.0版`` -> ``4.0``; ``4.0`` stays."""
    match = re.fullmatch(r"第?\s*([0-9]+\.[0-9]+)\s*版?", version.strip())
    return match.group(1) if match else version.strip()


@cache
def _schema() -> tuple[dict[str, Any], str]:
    """The bundled JSON Schema and the SHA-256 of its bytes."""
    content = schema_path().read_bytes()
    loaded: dict[str, Any] = json.loads(content)
    return loaded, hashlib.sha256(content).hexdigest()


def load_common(specs_dir: Path) -> Common:
    """Read and validate `specs/common/`; raise SpecLoadError on any problem."""
    common_dir = specs_dir / "common"
    problems: list[SpecProblem] = []
    docs: dict[str, YamlDocument] = {}
    for name, definition in (
        ("code-tables.yaml", "commonCodeTablesFile"),
        ("data-items.yaml", "commonDataItemsFile"),
        ("file-linkage.yaml", "commonFileLinkageFile"),
    ):
        display = f"common/{name}"
        try:
            document = read_yaml(common_dir / name, display)
        except YamlReadError as exc:
            problems.append(exc.problem)
            continue
        problems.extend(_schema_problems(document.data, definition, lambda key, d=document: (d.display, d.line(key)),
                                         [document]))
        docs[name] = document
    if problems:
        raise SpecLoadError(problems)
    tables: dict[str, CodeTable] = {}
    for position, raw in enumerate(docs["code-tables.yaml"].data["code_tables"]):
        if raw["id"] in tables:
            document = docs["code-tables.yaml"]
            problems.append(
                SpecProblem(
                    document.display,
                    f"code_tables[{position}].id",
                    f"duplicate code table id '{raw['id']}'",
                    document.line(("code_tables", position)),
                )
            )
        tables[raw["id"]] = _code_table(raw)
    items: dict[str, dict[str, Any]] = {}
    for position, raw in enumerate(docs["data-items.yaml"].data["items"]):
        if raw["id"] in items:
            document = docs["data-items.yaml"]
            problems.append(
                SpecProblem(
                    document.display,
                    f"items[{position}].id",
                    f"duplicate common item id '{raw['id']}'",
                    document.line(("items", position)),
                )
            )
        items[raw["id"]] = raw
    if problems:
        raise SpecLoadError(problems)
    return Common(
        code_tables=tables,
        items=items,
        file_linkage=docs["file-linkage.yaml"].data["file_linkage"],
        files={name: doc.path for name, doc in docs.items()},
    )


def read_raw(source: SpecSource, specs_dir: Path) -> RawSpec:
    """Read and merge the YAML files of one spec version; raise SpecLoadError if unreadable."""
    problems: list[SpecProblem] = []
    origin: dict[str, YamlDocument] = {}
    merged: dict[str, Any] = {}
    for name, keys in SECTION_FILES.items():
        path = source.path / name
        if name in OPTIONAL_FILES and not path.exists():
            continue
        document = _read_section(path, _display(path, specs_dir, str(path)), problems)
        if document is not None:
            origin[name] = document
            _merge(document, name, keys, merged=merged, origin=origin, problems=problems)
    openapi = _read_openapi(source.path / OPENAPI_FILE, specs_dir, problems)
    if any(p.severity is Severity.UNUSABLE for p in problems) or "spec.yaml" not in origin:
        raise SpecLoadError(problems or [_unusable(str(source.path), "spec.yaml missing")])
    raw = RawSpec(source=source, doc=merged, origin=origin, openapi=openapi)
    if problems:
        raise SpecLoadError(problems)
    return raw


def _display(path: Path, specs_dir: Path, outside: str) -> str:
    """How a file is named in problems: relative to the specs directory, else `outside`."""
    return str(path.relative_to(specs_dir)) if path.is_relative_to(specs_dir) else outside


def _read_section(path: Path, display: str, problems: list[SpecProblem]) -> YamlDocument | None:
    """One section file whose top level is a mapping; None (its problem recorded) otherwise."""
    try:
        document = read_yaml(path, display)
    except YamlReadError as exc:
        problems.append(exc.problem)
        return None
    if not isinstance(document.data, dict):
        problems.append(_unusable(display, "top level must be a mapping"))
        return None
    return document


def _merge(document: YamlDocument, name: str, keys: tuple[str, ...] | None, *, merged: dict[str, Any],
           origin: dict[str, YamlDocument], problems: list[SpecProblem]) -> None:
    """Add a section file's top-level keys to the merged document, each only from the file allowed to hold it."""
    for key, value in document.data.items():
        if keys is not None and key not in keys:
            hint = f"keys allowed in {name}: {', '.join(keys)}"
            problems.append(SpecProblem(document.display, str(key), f"unexpected key '{key}'",
                                        document.line((key,)), hint))
            continue
        if key in merged:
            problems.append(SpecProblem(document.display, str(key), f"'{key}' is already defined in another file",
                                        document.line((key,))))
            continue
        merged[key] = value
        origin[str(key)] = document


def _read_openapi(path: Path, specs_dir: Path, problems: list[SpecProblem]) -> YamlDocument | None:
    if not path.exists():
        return None
    try:
        return read_yaml(path, _display(path, specs_dir, OPENAPI_FILE))
    except YamlReadError as exc:
        problems.append(exc.problem)
        return None


def schema_problems(raw: RawSpec) -> list[SpecProblem]:
    """Problems of the merged document against the bundled JSON Schema."""
    return _schema_problems(raw.doc, None, raw.locate, raw.origin.values())


def _schema_problems(data: Any, definition: str | None, locate: Any,
                     sources: Iterable[YamlDocument]) -> list[SpecProblem]:
    """Problems of `data` (read from the YAML files `sources`) against the schema, or its `definition`.

    A document whose exact bytes passed before is not checked again (see receipts); jsonschema is
    imported only when a check runs."""
    schema, schema_digest = _schema()
    receipt = receipts.receipt_key(schema_digest, definition, {document.digest for document in sources})
    if receipts.has_passed(receipt):
        return []
    import jsonschema

    if definition is not None:
        schema = {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        chosen = jsonschema.exceptions.best_match(error.context) if error.context else error
        key: PathKey = tuple(chosen.absolute_path)
        display, line = locate(key)
        problems.append(SpecProblem(display, render_path(key), _schema_message(chosen), line, _schema_hint(chosen)))
    if not problems:
        receipts.record_pass(receipt)
    return problems


def _schema_message(error: jsonschema.ValidationError) -> str:
    message = str(error.message)
    return message if len(message) <= 200 else message[:197] + "..."


def _schema_hint(error: jsonschema.ValidationError) -> str | None:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        unexpected = [key for key in error.instance if key not in allowed]
        suggestions = [f"'{key}' -> '{closest(key, allowed)}'" for key in unexpected if closest(key, allowed)]
        if suggestions:
            return "did you mean " + ", ".join(suggestions) + "?"
    if error.validator == "enum":
        options = [str(option) for option in error.validator_value]
        guess = closest(str(error.instance), options)
        return f"did you mean '{guess}'?" if guess else f"one of: {', '.join(options)}"
    return None


def resolve_items(raw_items: list[dict[str, Any]], common: Common) -> list[dict[str, Any]]:
    """Replace `{ref: COM-nnnn}` entries by the common item (with `mandatory` overridden)."""
    resolved = []
    for entry in raw_items:
        if "ref" in entry:
            base = common.items.get(entry["ref"])
            if base is None:
                continue
            item = dict(base)
            if "mandatory" in entry:
                item["mandatory"] = entry["mandatory"]
            resolved.append(item)
        else:
            resolved.append(entry)
    return resolved


def build_bundle(raw: RawSpec, common: Common) -> SpecBundle:
    """Turn a schema-valid, reference-checked RawSpec into a SpecBundle."""
    doc = raw.doc
    tables = dict(common.code_tables)
    for table in doc.get("code_tables", []):
        tables[table["id"]] = _code_table(table)
    file_settings = {**common.file_linkage, **doc["linkage"]["file"]}
    meta = SpecMeta(
        slug=doc["slug"],
        name_ja=doc["name_ja"],
        label_ja=doc["label_ja"],
        name_en=doc["name_en"],
        ministry_ja=doc["ministry"]["ja"],
        ministry_en=doc["ministry"]["en"],
        document_ja=doc["document"]["ja"],
        document_en=doc["document"]["en"],
        version=doc["version"],
        version_id=normalise_version(doc["version"]),
        published=date.fromisoformat(doc["published"]),
        fidelity=Fidelity(doc["fidelity"]),
        requirement_id_pattern=doc["id_patterns"]["requirement"],
        item_id_pattern=doc["id_patterns"]["data_item"],
    )
    return SpecBundle(
        meta=meta,
        requirements=tuple(_requirement(r) for r in doc["requirements"]),
        data_groups=tuple(_group(g, common) for g in doc["data_groups"]),
        code_tables=tables,
        cross_field_rules=tuple(_cross_field(r) for r in doc.get("cross_field_rules", [])),
        file_linkage=FileLinkage(
            encoding=file_settings["encoding"],
            delimiter=file_settings["delimiter"],
            line_ending=file_settings["line_ending"],
            header=file_settings["header"],
            variants=tuple(file_settings["variants"]),
            file_name_pattern=file_settings["file_name_pattern"],
            delta_columns=tuple(file_settings["delta_columns"]),
            operation_codes=dict(file_settings["operation_codes"]),
        ),
        api=ApiLinkage(
            base_path=doc["linkage"]["api"]["base_path"],
            operations=tuple(
                ApiOperation(
                    op["operation_id"], ApiOperationKind(op["kind"]), op["group"], op["path"], op["summary_ja"]
                )
                for op in doc["linkage"]["api"]["operations"]
            ),
            openapi=raw.openapi.data if raw.openapi is not None and isinstance(raw.openapi.data, dict) else {},
        ),
        non_functional=tuple(_non_functional(p) for p in doc["non_functional"]),
        source_files=_hashes(raw, common),
    )


def _hashes(raw: RawSpec, common: Common) -> dict[str, str]:
    paths = {doc.display: doc.path for doc in raw.origin.values()}
    if raw.openapi is not None:
        paths[raw.openapi.display] = raw.openapi.path
    for name, path in common.files.items():
        paths[f"common/{name}"] = path
    return {display: hashlib.sha256(path.read_bytes()).hexdigest() for display, path in sorted(paths.items())}


def _code_table(raw: dict[str, Any]) -> CodeTable:
    return CodeTable(
        id=raw["id"],
        name_ja=raw["name_ja"],
        name_en=raw["name_en"],
        codes=tuple(Code(c["code"], c["label_ja"], c.get("label_en")) for c in raw["codes"]),
    )


def _requirement(raw: dict[str, Any]) -> Requirement:
    from conformance.domain.spec import Category

    verification = raw["verification"]
    return Requirement(
        id=raw["id"],
        chapter=tuple(raw["chapter"]),
        title=raw["title"],
        text=raw["text"],
        category=Category(raw["category"]),
        verification=Verification(
            method=VerificationMethod(verification["method"]),
            checks=tuple(verification.get("checks", ())),
            reason=verification.get("reason"),
        ),
        note=raw.get("note"),
    )


def _item(raw: dict[str, Any]) -> DataItem:
    return DataItem(
        id=raw["id"],
        name_ja=raw["name_ja"],
        name_en=raw["name_en"],
        field=raw["field"],
        type=ItemType(raw["type"]),
        mandatory=raw["mandatory"],
        length=raw.get("length"),
        scale=raw.get("scale"),
        code_table=raw.get("code_table"),
        char_class=CharClass(raw["char_class"]) if "char_class" in raw else None,
        pattern=raw.get("pattern"),
        check_digit=CheckDigit(raw["check_digit"]) if "check_digit" in raw else None,
        personal_data=raw.get("personal_data", False),
        description=raw.get("description"),
    )


def _group(raw: dict[str, Any], common: Common) -> DataGroup:
    return DataGroup(
        id=raw["id"],
        name_ja=raw["name_ja"],
        name_en=raw["name_en"],
        file=raw["file"],
        items=tuple(_item(i) for i in resolve_items(raw["items"], common)),
        primary_key=tuple(raw["primary_key"]),
        foreign_keys=tuple(
            ForeignKey(tuple(fk["items"]), fk["group"], tuple(fk["ref_items"])) for fk in raw.get("foreign_keys", [])
        ),
        description=raw.get("description"),
    )


def _cross_field(raw: dict[str, Any]) -> CrossFieldRule:
    return CrossFieldRule(
        id=raw["id"],
        kind=CrossFieldKind(raw["kind"]),
        group=raw["group"],
        item=raw["item"],
        other=raw["other"],
        values=tuple(raw.get("values", ())),
        description=raw["description"],
        requirement_ids=tuple(raw.get("requirements", ())),
    )


def _non_functional(raw: dict[str, Any]) -> NonFunctionalParameter:
    return NonFunctionalParameter(
        id=raw["id"],
        name_ja=raw["name_ja"],
        name_en=raw["name_en"],
        value=float(raw["value"]),
        unit=raw["unit"],
        confirmed=raw["status"] == "confirmed",
        mandatory=raw["mandatory"],
        applies_to=tuple(raw.get("applies_to", ())),
        note=raw.get("note"),
    )


def _unusable(file: str, message: str, hint: str | None = None) -> SpecProblem:
    return SpecProblem(file=file, where="", message=message, hint=hint, severity=Severity.UNUSABLE)
